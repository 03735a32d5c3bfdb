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
    @Option(names = "--bucket-kb", defaultValue = "0,1024", split = ",",
            description = "gradients mode: bucket sizes to time side by side, in KiB (0: each whole gradient after its "
                    + "backward pass, no overlap; default 0,1024)")
    int[] bucketKb;

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        Arrays.sort(ks);
        List<SyncSettings.Transport> chosen = parseAll(SyncSettings.Transport.class, transports, "--transport",
                "driver, ring or both");
        List<SyncSettings.Mode> chosenModes = parseAll(SyncSettings.Mode.class, modes, "--mode",
                "average, gradients or both");
        if (!chosenModes.contains(SyncSettings.Mode.AVERAGE) && !chosen.contains(SyncSettings.Transport.RING)) {
            throw new IllegalArgumentException("--mode gradients needs --transport ring (the driver moves states)");
        }
        long[] buckets = new long[bucketKb.length];
        for (int i = 0; i < buckets.length; i++) {
            if (bucketKb[i] < 0) {
                throw new IllegalArgumentException("--bucket-kb must be at least 0, got " + bucketKb[i]);
            }
            buckets[i] = bucketKb[i] * 1024L;
        }
        SparkSession spark = SparkSessions.create(options.config(), "celeba-dcgan bench-train");
        try {
            TrainBenchmark.run(spark, ModelOptions.spec(arch, 100, gWidth, dWidth), batch, workers, ks, steps,
                    chosen, chosenModes, buckets, System.out);
        } finally {
            spark.stop();
        }
    }

    private static <E extends Enum<E>> List<E> parseAll(Class<E> type, List<String> values, String option,
                                                         String allowed) {
        List<E> out = new ArrayList<>();
        values.forEach(v -> out.add(SyncSettings.parse(type, v, option, allowed)));
        return out;
    }
}
