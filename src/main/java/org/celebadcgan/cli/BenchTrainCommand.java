package org.celebadcgan.cli;

import org.apache.spark.sql.SparkSession;
import org.celebadcgan.bench.TrainBenchmark;
import org.celebadcgan.runtime.SparkSessions;
import org.celebadcgan.train.SyncSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code bench-train}: Spark trainer vs single process, and round overhead against K. */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Times the Spark trainer (1 and N workers, several K, each transport) against the single-process "
                + "trainer.")
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
    @Option(names = "--transport", defaultValue = "driver,ring", split = ",",
            description = "transports to time side by side: driver, ring or both (default driver,ring)")
    List<String> transports;
    @Option(names = "--mode", defaultValue = "average", split = ",",
            description = "sync modes to time side by side: average, gradients or both (gradients: ring only; "
                    + "default average)")
    List<String> modes;

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        Arrays.sort(ks);
        List<SyncSettings.Transport> chosen = new ArrayList<>();
        for (String t : transports) {
            try {
                chosen.add(SyncSettings.Transport.valueOf(t.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--transport must be driver, ring or both, got '" + t + "'");
            }
        }
        List<SyncSettings.Mode> chosenModes = new ArrayList<>();
        for (String m : modes) {
            try {
                chosenModes.add(SyncSettings.Mode.valueOf(m.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mode must be average, gradients or both, got '" + m + "'");
            }
        }
        if (!chosenModes.contains(SyncSettings.Mode.AVERAGE) && !chosen.contains(SyncSettings.Transport.RING)) {
            throw new IllegalArgumentException("--mode gradients needs --transport ring (the driver moves states)");
        }
        SparkSession spark = SparkSessions.create(options.config(), "celeba-dcgan bench-train");
        try {
            TrainBenchmark.run(spark, ModelOptions.spec(arch, 100, gWidth, dWidth), batch, workers, ks, steps,
                    chosen, chosenModes, System.out);
        } finally {
            spark.stop();
        }
    }
}
