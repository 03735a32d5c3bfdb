package org.celebadcgan.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.bench.SwdBenchmark;
import org.celebadcgan.runtime.SparkSessions;
import org.celebadcgan.spark.SwdEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench-swd}: the time SWD takes for N vs N images, per part and per 1,000 images. */
@Command(name = "bench-swd", mixinStandardHelpOptions = true,
        description = "Times SWD of N vs N generated faces (descriptors on the executors, distance on the driver); "
                + "JSON summary last. Give the JVM ~1 GB of heap per 1,000 images (JAVA_OPTS=-Xmx...).")
final class BenchSwdCommand implements Runnable {

    @Option(names = "--images", defaultValue = "10000", description = "images a side (default 10000)")
    int images;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        if (images < 2) {
            throw new IllegalArgumentException("--images must be at least 2, got " + images);
        }
        Config config = options.config();
        SparkSession spark = SparkSessions.create(config, "celeba-dcgan bench-swd",
                SwdEvaluator.SPARK_DEFAULTS);
        try {
            SwdBenchmark.run(spark, images, seed, System.out);
        } finally {
            spark.stop();
        }
    }
}
