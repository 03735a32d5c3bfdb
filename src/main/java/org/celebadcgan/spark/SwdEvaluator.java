package org.celebadcgan.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.util.SerializableConfiguration;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.eval.DescriptorSet;
import org.celebadcgan.eval.Neighbourhoods;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.model.Sampler;
import org.celebadcgan.rng.Seeds;
import org.celebadcgan.runtime.DeviceMode;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

/**
 * SWD descriptors extracted on the executors: real images from a dataset, generated ones from G's parameters there.
 * Only the sampled descriptors come back to the driver. Every random draw is seeded by the image's index (never by
 * the executor or partition), and fakes are drawn in fixed batches of {@link #BATCH}, so the result is the same for
 * any number of executors.
 */
public final class SwdEvaluator {

    /** Fakes are drawn in batches of this size: sampling uses batch statistics, so batches must not vary. */
    public static final int BATCH = 64;
    /** Spark settings an evaluation of many images needs: its descriptors (~170 KB an image) come to the driver. */
    public static final java.util.Map<String, String> SPARK_DEFAULTS = java.util.Map.of("spark.driver.maxResultSize",
            "0");
    private static final long REAL_POSITIONS = 1;
    private static final long FAKE_POSITIONS = 2;
    private static final long FAKE_LATENTS = 3;

    private SwdEvaluator() {
    }

    /** One image's descriptors (every level) and its index in the set. */
    record Described(long index, float[][] levels) implements Serializable {
    }

    /** Descriptors of the first {@code n} images of {@code images} (3x64x64 bytes each, in the RDD's order). */
    public static DescriptorSet real(JavaRDD<byte[]> images, int n, long seed) {
        JavaRDD<Described> d = images.zipWithIndex().filter(t -> t._2() < n)
                .map(t -> describe(t._1(), t._2(), Seeds.evaluation(seed, REAL_POSITIONS, t._2())));
        return assemble(d.collect(), n, "real images");
    }

    /**
     * A prepared or decoded image set in a fixed order that does not depend on its files' or partitions' order (by a
     * hash of the image name), so "the first n" is a spread sample of the set, the same on every run.
     */
    public static JavaRDD<byte[]> inFixedOrder(Dataset<Row> images) {
        return images.withColumn("order", functions.xxhash64(functions.col("name")))
                .orderBy("order", "name").select("pixels").javaRDD().map(r -> (byte[]) r.get(0));
    }

    /**
     * Descriptors of the first {@code n} PNGs (64x64 RGB) of {@code files}, read and decoded on the executors, as
     * generated images: an outside generator's samples (the PyTorch twin's) scored exactly as ours.
     */
    public static DescriptorSet pngs(JavaSparkContext jsc, List<String> files, int n, long seed,
                                     Configuration hadoop) {
        List<Tuple2<String, Long>> indexed = new ArrayList<>();
        for (int i = 0; i < Math.min(n, files.size()); i++) {
            indexed.add(new Tuple2<>(files.get(i), (long) i));
        }
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        JavaRDD<Described> d = jsc.parallelize(indexed, Math.max(1, Math.min(indexed.size(),
                jsc.defaultParallelism()))).map(t -> describe(readPng(t._1(), conf.value()), t._2(),
                Seeds.evaluation(seed, FAKE_POSITIONS, t._2())));
        return assemble(d.collect(), n, "PNG images");
    }

    private static byte[] readPng(String file, Configuration hadoop) throws IOException {
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            BufferedImage img = ImageIO.read(in);
            if (img == null) {
                throw new IOException(file + " is not an image ImageIO can read");
            }
            return PackedImages.pack(img);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Descriptors of {@code n} images from G's parameters {@code g}, generated on the executors. */
    public static DescriptorSet generated(JavaSparkContext jsc, ModelSpec spec, float[] g, int n, long seed,
                                          DeviceMode device) {
        return generated(jsc, spec, g, n, seed, device, jsc.defaultParallelism());
    }

    /** As above, in at most {@code tasks} tasks (the result does not depend on it). */
    static DescriptorSet generated(JavaSparkContext jsc, ModelSpec spec, float[] g, int n, long seed,
                                   DeviceMode device, int tasks) {
        int batches = (n + BATCH - 1) / BATCH;
        List<Long> ids = LongStream.range(0, batches).boxed().toList();
        Broadcast<float[]> params = jsc.broadcast(g);
        try {
            JavaRDD<Described> d = jsc.parallelize(ids, Math.max(1, Math.min(batches, tasks)))
                    .mapPartitions(it -> {
                        GpuBinding.prepareWorker(device);
                        Sampler sampler = Sampler.of(spec, params.value());
                        List<Described> out = new ArrayList<>();
                        while (it.hasNext()) {
                            long b = it.next();
                            INDArray images = sampler.images(sampler.latents(BATCH,
                                    Seeds.evaluation(seed, FAKE_LATENTS, b), 0)).dup('c');
                            float[] v = images.data().asFloat();
                            int per = (int) (images.length() / BATCH);
                            for (int i = 0; i < BATCH && b * BATCH + i < n; i++) {
                                long index = b * BATCH + i;
                                out.add(describe(toBytes(v, i * per, per), index,
                                        Seeds.evaluation(seed, FAKE_POSITIONS, index)));
                            }
                        }
                        return out.iterator();
                    });
            return assemble(d.collect(), n, "generated images");
        } finally {
            params.destroy();
        }
    }

    /** G's output in [-1, 1] as bytes, rounded as the reference's uint8 conversion (x * 127.5 + 127.5, half even). */
    static byte[] toBytes(float[] v, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            double x = Math.rint(v[offset + i] * 127.5 + 127.5);
            out[i] = (byte) (int) Math.max(0, Math.min(255, x));
        }
        return out;
    }

    private static Described describe(byte[] image, long index, long seed) {
        float[][] levels = new float[Neighbourhoods.LEVELS][Neighbourhoods.PER_IMAGE_FLOATS];
        Neighbourhoods.describe(image, seed, levels, 0);
        return new Described(index, levels);
    }

    /** The descriptors in index order, one array per level, normalised. */
    private static DescriptorSet assemble(List<Described> parts, int n, String what) {
        if (parts.size() != n) {
            throw new IllegalArgumentException("SWD of " + n + " images needs " + n + " " + what + ", found "
                    + parts.size());
        }
        List<Described> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingLong(Described::index));
        float[][] levels = new float[Neighbourhoods.LEVELS][];
        for (int l = 0; l < levels.length; l++) {
            levels[l] = new float[Math.multiplyExact(n, Neighbourhoods.PER_IMAGE_FLOATS)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(sorted.get(i).levels()[l], 0, levels[l], i * Neighbourhoods.PER_IMAGE_FLOATS,
                        Neighbourhoods.PER_IMAGE_FLOATS);
            }
        }
        return DescriptorSet.normalised(levels);
    }
}
