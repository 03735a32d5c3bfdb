package org.celebadcgan.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampler's latent space: seeded and truncated draws, and the slerp that interpolate walks. */
class SamplerTest {

    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static float[] scaled(float[] v, double to) {
        float[] out = new float[v.length];
        double k = to / norm(v);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * k);
        }
        return out;
    }

    @Test
    void slerpReturnsItsEndpointsExactly() {
        float[] a = gaussian(100, 1);
        float[] b = gaussian(100, 2);
        assertArrayEquals(a, Sampler.slerp(a, b, 0));
        assertArrayEquals(b, Sampler.slerp(a, b, 1));
        float[] twiceA = scaled(a, 2 * norm(a)); // parallel: the straight-line fallback, same promise
        assertArrayEquals(a, Sampler.slerp(a, twiceA, 0));
        assertArrayEquals(twiceA, Sampler.slerp(a, twiceA, 1));
    }

    @Test
    void slerpKeepsTheNormOfEqualNormVectorsWhereALineWouldNot() {
        float[] a = scaled(gaussian(100, 3), 10);
        float[] b = scaled(gaussian(100, 4), 10);
        for (int i = 0; i <= 10; i++) {
            assertEquals(10, norm(Sampler.slerp(a, b, i / 10.0)), 1e-4, "t = " + i / 10.0);
        }
        float[] line = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            line[i] = 0.5f * (a[i] + b[i]);
        }
        assertTrue(norm(line) < 8, "two random directions are far apart: the chord's middle is short, "
                + norm(line));
    }

    @Test
    void theMidpointOfOrthogonalUnitVectorsIsAUnitVector() {
        float[] e1 = {1, 0, 0};
        float[] e2 = {0, 1, 0};
        float[] mid = Sampler.slerp(e1, e2, 0.5);
        assertEquals(1, norm(mid), 1e-6);
        assertEquals(Math.sqrt(0.5), mid[0], 1e-6);
        assertEquals(Math.sqrt(0.5), mid[1], 1e-6);
        assertEquals(0, mid[2]);
        assertEquals(Math.cos(Math.PI / 6), Sampler.slerp(e1, e2, 1 / 3.0)[0], 1e-6, "a third of the arc: 30 degrees");
    }

    @Test
    void slerpIsDeterministicAndRowWiseOnBatches() {
        float[] a = gaussian(6, 5);
        float[] b = gaussian(6, 6);
        assertArrayEquals(Sampler.slerp(a, b, 0.3), Sampler.slerp(a, b, 0.3));
        float[] a2 = gaussian(6, 7);
        float[] b2 = gaussian(6, 8);
        INDArray from = org.nd4j.linalg.factory.Nd4j.create(concat(a, a2), new long[]{2, 6, 1, 1}, 'c');
        INDArray to = org.nd4j.linalg.factory.Nd4j.create(concat(b, b2), new long[]{2, 6, 1, 1}, 'c');
        float[] batch = Sampler.slerp(from, to, 0.3).data().asFloat();
        assertArrayEquals(concat(Sampler.slerp(a, b, 0.3), Sampler.slerp(a2, b2, 0.3)), batch);
    }

    @Test
    void nearlyParallelOppositeAndZeroVectorsStayFinite() {
        float[] a = gaussian(50, 9);
        float[] nearly = a.clone();
        nearly[0] = Math.nextUp(nearly[0]);
        float[] opposite = scaled(a, -norm(a));
        float[] zero = new float[50];
        for (float[] b : new float[][]{a, nearly, opposite, zero}) {
            for (float x : Sampler.slerp(a, b, 0.4)) {
                assertTrue(Float.isFinite(x));
            }
        }
        float[] same = Sampler.slerp(a, a, 0.4);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], same[i], 1e-6);
        }
    }

    @Test
    void truncatedLatentsStayWithinTheBoundAndAreSeeded() {
        Sampler sampler = new Sampler(new ModelSpec(Architecture.PAPER, 100, 4, 4));
        float[] plain = sampler.latents(64, 7, 0).data().asFloat();
        float[] cut = sampler.latents(64, 7, 0.5).data().asFloat();
        int redrawn = 0;
        int nearBound = 0;
        for (int i = 0; i < plain.length; i++) {
            assertTrue(Math.abs(cut[i]) <= 0.5f, "value " + i + " = " + cut[i]);
            if (Math.abs(plain[i]) <= 0.5f) {
                assertEquals(plain[i], cut[i], "a value within the bound is kept");
            } else {
                redrawn++;
            }
            nearBound += Math.abs(cut[i]) > 0.45f ? 1 : 0;
        }
        assertTrue(redrawn > 0.5 * plain.length, "about 62% of N(0, 1) lies beyond 0.5: " + redrawn);
        assertTrue(nearBound < 0.2 * plain.length, "redrawn, not clipped to the bound: " + nearBound);
        assertArrayEquals(cut, sampler.latents(64, 7, 0.5).data().asFloat(), "the same seed, the same latents");
        assertFalse(java.util.Arrays.equals(cut, sampler.latents(64, 8, 0.5).data().asFloat()));
    }

    @Test
    void anUnreachableOrNegativeTruncationIsRefusedNamingIt() {
        Sampler sampler = new Sampler(new ModelSpec(Architecture.PAPER, 100, 4, 4));
        IllegalArgumentException tight = assertThrows(IllegalArgumentException.class,
                () -> sampler.latents(1, 1, 1e-9));
        assertTrue(tight.getMessage().contains("truncation"), tight.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.latents(1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> sampler.latents(1, 1, Double.NaN));
    }

    @Test
    void imagesAreDrawnInConsecutiveBatchesOf64() {
        Sampler sampler = new Sampler(new ModelSpec(Architecture.PAPER, 100, 4, 4));
        INDArray z = sampler.latents(70, 3, 0);
        INDArray all = sampler.images(z);
        assertArrayEquals(new long[]{70, 3, 64, 64}, all.shape());
        INDArray first = sampler.images(z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 64)).dup());
        INDArray rest = sampler.images(z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(64, 70)).dup());
        assertEquals(org.nd4j.linalg.factory.Nd4j.concat(0, first, rest), all);
        INDArray oneBatch = sampler.images(z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(60, 70)).dup());
        assertFalse(oneBatch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 10))
                .equalsWithEps(rest, 1e-6), "batch statistics: the same latents in another batch differ");
    }

    private static float[] concat(float[] x, float[] y) {
        float[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
