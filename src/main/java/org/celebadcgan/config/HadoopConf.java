package org.celebadcgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.apache.hadoop.conf.Configuration;

import java.util.Map;

/**
 * The one place the job's Hadoop settings are built, as Spark builds its own: the cluster's *-site.xml files, then
 * {@code spark.hadoop.*} keys from spark-submit ({@code --conf}, seen as system properties), then those of the job's
 * config. Every command that touches a file system before or without Spark (generate, synth, the lease, checks)
 * uses it, so s3a credentials and endpoints apply everywhere.
 */
public final class HadoopConf {

    private static final String PREFIX = "spark.hadoop.";

    private HadoopConf() {
    }

    /** A fresh Configuration for {@code config}. */
    public static Configuration from(Config config) {
        Configuration hadoop = new Configuration();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                hadoop.set(key.substring(PREFIX.length()), System.getProperty(key));
            }
        }
        if (config.hasPath("spark.hadoop")) {
            for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.hadoop").entrySet()) {
                hadoop.set(e.getKey(), String.valueOf(e.getValue().unwrapped()));
            }
        }
        return hadoop;
    }
}
