package org.celebadcgan.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.eval.DescriptorSet;
import org.celebadcgan.eval.SlicedWasserstein;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.testutil.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SWD's properties on generated CelebA-like faces, descriptors extracted by Spark tasks: 0 for identical sets,
 * small for two disjoint halves of one distribution, strictly growing with blur and with noise, and independent of
 * how the images are partitioned over tasks.
 */
class SwdEvaluatorTest {

    static final int N = 192;
    static final long SEED = 7;
    static List<byte[]> faces;
    static JavaSparkContext jsc;

    @BeforeAll
    static void data() {
        PackedImages p = PackedImages.generatedFaces(2 * N, 11);
        faces = new ArrayList<>();
        for (int i = 0; i < p.count(); i++) {
            faces.add(p.get(i));
        }
        jsc = JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext());
    }

    static DescriptorSet describe(List<byte[]> images, int partitions) {
        JavaRDD<byte[]> rdd = jsc.parallelize(images, partitions);
        return SwdEvaluator.real(rdd, images.size(), SEED);
    }

    static double swd(DescriptorSet a, List<byte[]> b) {
        return SlicedWasserstein.distance(a, describe(b, 2), SEED).average();
    }

    @Test
    void identicalSetsAreAtZeroAndDisjointHalvesCloseBelowEveryDistortion() {
        DescriptorSet a = describe(faces.subList(0, N), 2);
        List<byte[]> b = faces.subList(N, 2 * N);
        assertEquals(0.0, swd(a, faces.subList(0, N)), 0.0);
        double halves = swd(a, b);
        double[] blurred = new double[3];
        double[] sigmas = {0.5, 1, 2};
        for (int i = 0; i < sigmas.length; i++) {
            double sigma = sigmas[i];
            blurred[i] = swd(a, map(b, img -> blur(img, sigma)));
        }
        double[] noisy = new double[3];
        double[] noise = {4, 12, 36};
        for (int i = 0; i < noise.length; i++) {
            Random r = new Random(i);
            double s = noise[i];
            noisy[i] = swd(a, map(b, img -> addNoise(img, s, r)));
        }
        System.out.printf("SWD x1e3: halves %.2f; blur 0.5/1/2: %.2f %.2f %.2f; noise 4/12/36: %.2f %.2f %.2f%n",
                halves, blurred[0], blurred[1], blurred[2], noisy[0], noisy[1], noisy[2]);
        assertTrue(halves > 0, "different images, different descriptors");
        assertTrue(halves < blurred[0] && blurred[0] < blurred[1] && blurred[1] < blurred[2],
                "blur: " + halves + " " + java.util.Arrays.toString(blurred));
        assertTrue(halves < noisy[0] && noisy[0] < noisy[1] && noisy[1] < noisy[2],
                "noise: " + halves + " " + java.util.Arrays.toString(noisy));
        assertTrue(halves < 0.5 * blurred[1], "two halves of one distribution are close: " + halves);
    }

    @Test
    void theSameForAnyPartitioningAndRunToRun() {
        List<byte[]> a = faces.subList(0, N);
        SlicedWasserstein.Result[] results = new SlicedWasserstein.Result[3];
        ModelSpec spec = new ModelSpec(Architecture.PAPER, 16, 4, 4);
        float[] g = GanPair.create(spec, 3).generator().params().data().asFloat();
        int k = 0;
        for (int partitions : new int[]{1, 2, 4}) {
            DescriptorSet fake = SwdEvaluator.generated(jsc, spec, g, 100, SEED, DeviceMode.CPU, partitions);
            results[k++] = SlicedWasserstein.distance(describe(a.subList(0, 100), partitions), fake, SEED);
        }
        assertTrue(results[0].average() > 0);
        for (int i = 1; i < results.length; i++) {
            assertArrayEquals(results[0].levels(), results[i].levels(), 0.0, "partitioning " + i);
        }
        DescriptorSet again = SwdEvaluator.generated(jsc, spec, g, 100, SEED, DeviceMode.CPU, 3);
        assertArrayEquals(results[0].levels(), SlicedWasserstein.distance(describe(a.subList(0, 100), 3), again,
                SEED).levels(), 0.0, "run to run");
        DescriptorSet otherSeed = SwdEvaluator.generated(jsc, spec, g, 100, SEED + 1, DeviceMode.CPU, 2);
        assertTrue(otherSeed.count() == 100 * 128);
    }

    static List<byte[]> map(List<byte[]> images, UnaryOperator<byte[]> f) {
        return images.stream().map(f).toList();
    }

    /** Gaussian blur of a CHW 3x64x64 byte image (separable, radius 3 sigma, edges clamped). */
    static byte[] blur(byte[] img, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[img.length];
        byte[] out = new byte[img.length];
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        double v = 0;
                        for (int i = -r; i <= r; i++) {
                            int yy = pass == 0 ? y : Math.max(0, Math.min(63, y + i));
                            int xx = pass == 0 ? Math.max(0, Math.min(63, x + i)) : x;
                            int at = c * 4096 + yy * 64 + xx;
                            v += k[i + r] * (pass == 0 ? (img[at] & 0xFF) : tmp[at]);
                        }
                        if (pass == 0) {
                            tmp[c * 4096 + y * 64 + x] = v;
                        } else {
                            out[c * 4096 + y * 64 + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                        }
                    }
                }
            }
        }
        return out;
    }

    static byte[] addNoise(byte[] img, double sigma, Random r) {
        byte[] out = new byte[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round((img[i] & 0xFF) + sigma * r.nextGaussian())));
        }
        return out;
    }
}
