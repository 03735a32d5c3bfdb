package org.celebadcgan.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.bench.SyncBenchmark;
import org.celebadcgan.runtime.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/** {@code bench-sync}: times the ring all-reduce of a state of S MB among N barrier tasks; JSON summary last. */
@Command(name = "bench-sync", mixinStandardHelpOptions = true,
        description = "Times the ring all-reduce sync among N Spark barrier tasks, compute emulated by sleeping.")
final class BenchSyncCommand implements Runnable {

    @Option(names = "--workers", defaultValue = "4", description = "ranks in the ring (default: ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--state-mb", defaultValue = "52.4",
            description = "float32 state per sync in MB; 52.4 is the seed model's parameters"
                    + " (default: ${DEFAULT-VALUE})")
    double stateMb;
    @Option(names = "--compute-ms", defaultValue = "10",
            description = "emulated ms per step (default: ${DEFAULT-VALUE})")
    int computeMs;
    @Option(names = "--k", defaultValue = "16", description = "steps per sync (default: ${DEFAULT-VALUE})")
    int k;
    @Option(names = "--syncs", defaultValue = "10", description = "timed syncs (default: ${DEFAULT-VALUE})")
    int syncs;
    @Option(names = "--warmup", defaultValue = "2", description = "untimed syncs first (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--master",
            description = "local-cluster (N executor JVMs on this host), local (N task threads) or a Spark master URL"
                    + " (default: spark-submit's master, else local-cluster)")
    String master;
    @Option(names = "--timeout-s", defaultValue = "60",
            description = "a silent peer fails the stage after this many seconds (default: ${DEFAULT-VALUE})")
    int timeoutS;

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        if (workers < 1 || stateMb <= 0 || computeMs < 0 || k < 1 || syncs < 1 || warmup < 0 || timeoutS < 1) {
            throw new IllegalArgumentException("--workers, --k, --syncs, --timeout-s must be at least 1, --state-mb "
                    + "above 0, --compute-ms and --warmup at least 0");
        }
        long stateBytes = Math.round(stateMb * 1e6) / Float.BYTES * Float.BYTES;
        SparkSession spark = SparkSessions.create(withMaster(options.config(), stateBytes), "celeba-dcgan bench-sync");
        try {
            if (master.startsWith("local-cluster")) {
                awaitExecutors(spark);
            }
            SyncBenchmark.run(spark, workers, stateBytes, computeMs, k, syncs, warmup, Duration.ofSeconds(timeoutS),
                    System.out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            spark.stop();
        }
    }

    /** A barrier stage needs all N slots at once, and Spark retries it only every 15 s while executors start. */
    private void awaitExecutors(SparkSession spark) {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        System.out.println("waiting for " + workers + " executor JVMs to register ...");
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < workers + 1) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(workers + " executors did not register within 120 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }

    /** local-cluster starts executor JVMs with this JVM's classpath and --add-opens, sized for the state. */
    private Config withMaster(Config config, long stateBytes) {
        if (master == null) {
            master = System.getProperty("spark.master", "local-cluster");
        }
        switch (master) {
            case "local":
                return config.withValue("spark.master", ConfigValueFactory.fromAnyRef("local[" + workers + "]"));
            case "local-cluster": {
                // direct buffers count against the heap size by default: the state, its heap copy and headroom
                long mb = Math.max(512, 2 * stateBytes / 1_000_000 + 384);
                // Spark's local-cluster workers run executors from spark.test.home (any directory serves)
                System.setProperty("spark.test.home", System.getProperty("spark.test.home",
                        Path.of("").toAbsolutePath().toString()));
                String opens = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect"))
                        .collect(Collectors.joining(" "));
                return config
                        .withValue("spark.master", ConfigValueFactory.fromAnyRef(
                                "local-cluster[" + workers + ",1," + mb + "]"))
                        .withValue("spark.executor.memory", ConfigValueFactory.fromAnyRef(mb + "m"))
                        .withValue("spark.executor.extraClassPath",
                                ConfigValueFactory.fromAnyRef(System.getProperty("java.class.path")))
                        .withValue("spark.executor.extraJavaOptions", ConfigValueFactory.fromAnyRef(opens))
                        .withValue("spark.executorEnv.SPARK_SCALA_VERSION", ConfigValueFactory.fromAnyRef("2.12"))
                        // the executor launcher then takes our classpath instead of a Spark distribution's jars/
                        .withValue("spark.executorEnv.SPARK_SQL_TESTING", ConfigValueFactory.fromAnyRef("1"));
            }
            default:
                return config.withValue("spark.master", ConfigValueFactory.fromAnyRef(master));
        }
    }
}
