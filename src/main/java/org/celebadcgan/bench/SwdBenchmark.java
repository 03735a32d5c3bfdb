package org.celebadcgan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.eval.DescriptorSet;
import org.celebadcgan.eval.SlicedWasserstein;
import org.celebadcgan.spark.SwdEvaluator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SWD's cost: N against N images (two disjoint halves of 2N generated CelebA-like faces, so the value is the
 * real-vs-real floor of that data), descriptors extracted by Spark tasks, the distance on the driver; time per
 * 1,000 images for each part.
 */
public final class SwdBenchmark {

    private SwdBenchmark() {
    }

    /** Runs it in {@code spark}; prints lines and a JSON summary last. */
    public static void run(SparkSession spark, int n, long seed, PrintStream out) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        PackedImages faces = PackedImages.generatedFaces(2 * n, seed);
        List<byte[]> a = new ArrayList<>(n);
        List<byte[]> b = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            a.add(faces.get(i));
            b.add(faces.get(n + i));
        }
        int slices = Math.max(jsc.defaultParallelism(), n / 500);
        JavaRDD<byte[]> ra = jsc.parallelize(a, slices).persist(StorageLevel.MEMORY_ONLY());
        JavaRDD<byte[]> rb = jsc.parallelize(b, slices).persist(StorageLevel.MEMORY_ONLY());
        ra.count();
        rb.count();
        double make = seconds(t0);
        out.printf(Locale.ROOT, "bench-swd: %,d vs %,d generated faces (%.1f s to draw), %d Spark tasks each, "
                + "%d executor cores%n", n, n, make, slices, jsc.defaultParallelism());

        long t1 = System.nanoTime();
        DescriptorSet da = SwdEvaluator.real(ra, n, seed);
        DescriptorSet db = SwdEvaluator.real(rb, n, seed + 1);
        double describe = seconds(t1);
        long t2 = System.nanoTime();
        SlicedWasserstein.Result r = SlicedWasserstein.distance(da, db, seed);
        double distance = seconds(t2);
        double total = describe + distance;
        double heapMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6;
        out.printf(Locale.ROOT, "descriptors (pyramid + neighbourhoods on the executors, collected): %.1f s, %.2f s "
                + "per 1,000 images%n", describe, describe / (2 * n) * 1000);
        out.printf(Locale.ROOT, "distance (projections + sorts on the driver): %.1f s, %.2f s per 1,000 images "
                + "a side%n", distance, distance / n * 1000);
        out.printf(Locale.ROOT, "SWD x1e3 %.2f (levels %.2f %.2f %.2f); %.1f s in all, %.2f s per 1,000 images a "
                        + "side%n", r.average(), r.levels()[0], r.levels()[1], r.levels()[2], total, total / n * 1000);
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("images", n);
        json.put("swd", r.average());
        json.putPOJO("swd_levels", r.levelList());
        json.put("describe_s", round(describe));
        json.put("distance_s", round(distance));
        json.put("total_s", round(total));
        json.put("s_per_1000_images", round(total / n * 1000));
        json.put("executor_cores", jsc.defaultParallelism());
        json.put("driver_heap_used_mb", Math.round(heapMb));
        json.put("peak_rss_mb", PeakMemory.peakRssMb());
        out.println(json);
        ra.unpersist();
        rb.unpersist();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
