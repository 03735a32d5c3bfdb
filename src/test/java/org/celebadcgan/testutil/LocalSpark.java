package org.celebadcgan.testutil;

import org.apache.spark.sql.SparkSession;

import java.util.Map;

/** Real Spark sessions for tests, without UI: local[2] by default; another master replaces the current session. */
public final class LocalSpark {

    private static SparkSession session;
    private static String current;

    private LocalSpark() {
    }

    public static synchronized SparkSession get() {
        return get("local[2]", Map.of());
    }

    /** A session on {@code master} with {@code conf}; stops the previous one if it was started differently. */
    public static synchronized SparkSession get(String master, Map<String, String> conf) {
        String key = master + conf;
        if (session != null && !session.sparkContext().isStopped() && key.equals(current)) {
            return session;
        }
        if (session != null) {
            session.stop();
        }
        SparkSession.Builder b = SparkSession.builder()
                .master(master)
                .appName("celeba-dcgan-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        conf.forEach(b::config);
        session = b.getOrCreate();
        current = key;
        return session;
    }
}
