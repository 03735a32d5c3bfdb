package org.celebadcgan.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.data.ImageSource;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.data.Shards;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.spark.RingTrainer;
import org.celebadcgan.spark.SparkTrainer;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundReport;
import org.celebadcgan.train.RoundTrainer;
import org.celebadcgan.train.SingleProcessTrainer;
import org.celebadcgan.train.SyncSettings;
import org.celebadcgan.train.TrainingState;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The distributed trainer's figures: one Spark worker against the single-process trainer on the same data, and the
 * per-round overhead for several K and each transport (driver: broadcast + aggregate + scheduling per round; ring:
 * one barrier stage for all the measured rounds, its launch shared out over them), from the round timings.
 */
public final class TrainBenchmark {

    private TrainBenchmark() {
    }

    /** Runs the comparisons in the given session; prints lines and one JSON object per measurement. */
    public static void run(SparkSession spark, ModelSpec spec, int batch, int workers, int[] ks, int steps,
                           List<SyncSettings.Transport> transports, List<SyncSettings.Mode> modes,
                           long[] bucketBytes, PrintStream out) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PackedImages faces = PackedImages.generatedFaces(Math.max(256, batch * 8), 5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < faces.count(); i++) {
            rows.add(RowFactory.create("f" + i, faces.get(i)));
        }
        var images = spark.createDataFrame(rows, ImageSource.SCHEMA);
        long params = new GanStep(GanPair.create(spec, 1), AdamSettings.dcgan(), z -> { }).exportState(0).g().length
                + new GanStep(GanPair.create(spec, 1), AdamSettings.dcgan(), z -> { }).exportState(0).d().length;
        out.printf(Locale.ROOT, "bench-train: %s G/D widths %d/%d, global batch %d, %d steps per measurement, "
                        + "%,d parameters (state moved per worker per round, each way: %.1f MB)%n", spec.arch().id(),
                spec.gWidth(), spec.dWidth(), batch, steps, params, params * 3 * 4 / 1e6);

        // Single process, same thread count as the 1-worker Spark task (spark.task.cpus).
        PackedImages all = new PackedImages(Shards.of(images, 1, 3).collect());
        SingleProcessTrainer ref = new SingleProcessTrainer(GanPair.create(spec, 1), AdamSettings.dcgan(), 3, 1,
                new BatchMaker(all, batch, 3, 0), Integer.MAX_VALUE, l -> { });
        ref.train(2, (s, r) -> { }); // warm-up
        long t0 = System.nanoTime();
        ref.train(steps, (s, r) -> { });
        double single = steps * batch / ((System.nanoTime() - t0) / 1e9);
        out.printf(Locale.ROOT, "{\"mode\":\"single-process\",\"img_s\":%.2f}%n", single);

        for (int w : workers == 1 ? new int[]{1} : new int[]{1, workers}) {
            for (int k : ks) {
                for (SyncSettings.Transport transport : transports) {
                    for (SyncSettings.Mode mode : modes) {
                        if (mode == SyncSettings.Mode.AVERAGE) {
                            measure(jsc, images, spec, batch, w, k, steps, transport, mode, 0, single, out);
                        } else if (transport == SyncSettings.Transport.RING) { // the driver moves states only
                            for (long bucket : bucketBytes) { // overlap of the gradients' all-reduce with backward
                                measure(jsc, images, spec, batch, w, k, steps, transport, mode, bucket, single, out);
                            }
                        }
                    }
                }
            }
        }
    }

    /** One measurement: a warm-up round, then {@code steps} (whole rounds) timed from the round reports. */
    private static void measure(JavaSparkContext jsc, Dataset<Row> images, ModelSpec spec, int batch, int w, int k,
                                int steps, SyncSettings.Transport transport, SyncSettings.Mode mode,
                                long bucketBytes, double single, PrintStream out) {
        JavaRDD<byte[]> shards = Shards.of(images, w, 3);
        RoundPlan plan = new RoundPlan(spec, AdamSettings.dcgan(), batch / w, 3, k);
        RoundTrainer t = transport == SyncSettings.Transport.RING
                ? new RingTrainer(jsc, shards, plan, w, DeviceMode.AUTO, new SyncSettings(mode,
                SyncSettings.Moments.AVERAGE, transport, Duration.ofMinutes(10), bucketBytes))
                : new SparkTrainer(jsc, shards, plan, w);
        TrainingState s = new GanStep(GanPair.create(spec, 1), AdamSettings.dcgan(), z -> { }).exportState(0);
        s = t.train(s, k, r -> { }); // warm-up: networks built and cached on the task threads
        int rounds = Math.max(1, steps / k);
        List<RoundReport> reports = new ArrayList<>();
        t.train(s, s.step() + (long) rounds * k, reports::add);
        double wall = reports.stream().mapToDouble(RoundReport::wallMs).sum();
        double sync = reports.stream().mapToDouble(RoundReport::syncMs).sum();
        double compute = reports.stream().mapToDouble(RoundReport::computeMsMax).sum();
        double imgS = rounds * k * batch / (wall / 1e3);
        out.printf(Locale.ROOT, "{\"mode\":\"spark\",\"transport\":\"%s\",\"sync\":\"%s\",\"workers\":%d,"
                        + "\"k\":%d,\"bucket_kb\":%d,\"img_s\":%.2f,\"vs_single\":%.3f,\"round_ms\":%.0f,"
                        + "\"compute_ms\":%.0f,\"sync_ms\":%.0f}%n", SyncSettings.id(transport), SyncSettings.id(mode),
                w, k, bucketBytes / 1024, imgS, imgS / single, wall / rounds, compute / rounds,
                sync / rounds);
        shards.unpersist();
    }
}
