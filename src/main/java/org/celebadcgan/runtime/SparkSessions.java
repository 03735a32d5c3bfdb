package org.celebadcgan.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Starts (or joins) the Spark session: under spark-submit the master comes from there; run directly, it is an
 * embedded {@code local[*]}. Every {@code spark.*} key of the job's config is passed to Spark.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /** The session for a job configured by {@code config}. */
    public static SparkSession create(Config config, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (config.hasPath("spark")) {
            for (Map.Entry<String, ConfigValue> e : config.getConfig("spark").entrySet()) {
                conf.set("spark." + e.getKey(), String.valueOf(e.getValue().unwrapped()));
            }
        }
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
