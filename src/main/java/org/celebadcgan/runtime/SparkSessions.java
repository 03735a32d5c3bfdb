package org.celebadcgan.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/**
 * Starts (or joins) the Spark session: under spark-submit the master comes from there; run directly, it is an
 * embedded {@code local[*]}. Every {@code spark.*} key of the job's config is passed to Spark.
 */
public final class SparkSessions {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {
    }

    /** The session for a job configured by {@code config}. */
    public static SparkSession create(Config config, String appName) {
        return create(config, appName, Map.of());
    }

    /** As above, with Spark settings this job needs unless the user set them ({@code defaults}). */
    public static SparkSession create(Config config, String appName, Map<String, String> defaults) {
        SparkConf conf = named(new SparkConf(), appName);
        if (config.hasPath("spark")) {
            for (Map.Entry<String, ConfigValue> e : config.getConfig("spark").entrySet()) {
                conf.set("spark." + e.getKey(), String.valueOf(e.getValue().unwrapped()));
            }
        }
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        checkReachable(conf.get("spark.master"));
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        defaults.forEach(conf::setIfMissing);
        if (config.hasPath("train.device") && "cpu".equalsIgnoreCase(config.getString("train.device").trim())) {
            // the cuda build carries both backends and ND4J prefers CUDA where it loads: pin executors to the CPU
            conf.setIfMissing("spark.executorEnv.BACKEND_PRIORITY_CPU", "200");
        }
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        org.apache.spark.SparkContext sc = session.sparkContext();
        if (!sc.isLocal()) {
            // Spark says this only at INFO, which the job's logging keeps quiet: the id is where an operator looks
            LOG.info("Spark application {} ({}) on {}", sc.applicationId(), sc.appName(), sc.master());
        }
        return session;
    }

    /**
     * Names the run {@code appName} unless spark-submit was given a name (--name: the launchers name the run); its
     * default, the main class's name, says nothing and is replaced.
     */
    static SparkConf named(SparkConf conf, String appName) {
        if (!conf.contains("spark.app.name") || conf.get("spark.app.name").equals("org.celebadcgan.cli.Main")) {
            conf.setAppName(appName);
        }
        return conf;
    }

    /**
     * Fails in seconds, naming the URL, when no master of a standalone {@code spark://} URL accepts connections:
     * Spark itself retries for a minute and then reports only "LiveListenerBus is stopped".
     */
    public static void checkReachable(String master) {
        if (master == null || !master.startsWith("spark://")) {
            return;
        }
        String last = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
            int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*$", "")) : 7077;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), (int) Duration.ofSeconds(10).toMillis());
                return;
            } catch (IOException e) {
                last = host + ":" + port + ": " + e.getMessage();
            }
        }
        throw new IllegalArgumentException("spark.master " + master + " is unreachable (" + last + "); is the master "
                + "running, and is the URL right?");
    }
}
