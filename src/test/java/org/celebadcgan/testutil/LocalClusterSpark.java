package org.celebadcgan.testutil;

import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A local-cluster session: N executor JVMs started from Maven's test classpath (as MultiJvmTrainingTest does). */
public final class LocalClusterSpark {

    private LocalClusterSpark() {
    }

    /** {@code executors} JVMs of one core and {@code mb} MB each. */
    public static SparkSession get(int executors, int mb) {
        return get(executors, mb, Map.of());
    }

    /** The same, with {@code extra} Spark settings. */
    public static SparkSession get(int executors, int mb, Map<String, String> extra) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String opens;
        try {
            opens = String.join(" ", Files.readAllLines(Path.of("submit/jvm-options")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("spark.test.home", Path.of("").toAbsolutePath().toString());
        Map<String, String> conf = new HashMap<>();
        conf.put("spark.executor.extraClassPath", classpath);
        conf.put("spark.executor.extraJavaOptions", opens);
        conf.put("spark.executorEnv.SPARK_SCALA_VERSION", "2.12");
        conf.put("spark.executorEnv.SPARK_SQL_TESTING", "1");
        conf.put("spark.executor.memory", mb + "m");
        conf.putAll(extra);
        SparkSession spark = LocalSpark.get("local-cluster[" + executors + ",1," + mb + "]", conf);
        awaitExecutors(spark, executors);
        return spark;
    }

    /** Barrier stages need every slot at once: Spark retries them only every 15 s while executors still start. */
    private static void awaitExecutors(SparkSession spark, int executors) {
        long until = System.nanoTime() + 120_000_000_000L;
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(executors + " executors did not register within 120 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
