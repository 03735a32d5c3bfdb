package org.celebadcgan.cli;

import org.apache.spark.sql.SparkSession;
import org.celebadcgan.bench.TrainBenchmark;
import org.celebadcgan.runtime.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;

/** {@code bench-train}: Spark trainer vs single process, and round overhead against K. */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Times the Spark trainer (1 and N workers, several K) against the single-process trainer.")
final class BenchTrainCommand implements Runnable {

    @Option(names = "--arch", defaultValue = "paper")
    String arch;
    @Option(names = "--g-width")
    Integer gWidth;
    @Option(names = "--d-width")
    Integer dWidth;
    @Option(names = "--batch", defaultValue = "16", description = "global batch (default 16)")
    int batch;
    @Option(names = "--workers", defaultValue = "2")
    int workers;
    @Option(names = "--k", defaultValue = "1,4,16", split = ",", description = "steps per round to try")
    int[] ks;
    @Option(names = "--steps", defaultValue = "16", description = "steps per measurement")
    int steps;

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        Arrays.sort(ks);
        SparkSession spark = SparkSessions.create(options.config(), "celeba-dcgan bench-train");
        try {
            TrainBenchmark.run(spark, ModelOptions.spec(arch, 100, gWidth, dWidth), batch, workers, ks, steps,
                    System.out);
        } finally {
            spark.stop();
        }
    }
}
