package org.celebadcgan.sync;

/**
 * The ring's element-wise mean computed in one JVM, in the ring's own summation order ({@link RingChunks#sumOrder}):
 * float addition is not associative, so this, not a plain loop over ranks, is what every rank must match bit for bit.
 */
public final class RingOrderMean {

    private RingOrderMean() {
    }

    /** {@code values[r]} is rank r's buffer; all the same length. */
    public static float[] of(float[][] values) {
        int n = values.length;
        int len = values[0].length;
        RingChunks chunks = new RingChunks(len, n);
        float[] mean = new float[len];
        for (int c = 0; c < n; c++) {
            int[] order = chunks.sumOrder(c);
            for (long i = chunks.start(c); i < chunks.start(c + 1); i++) {
                float sum = values[order[0]][(int) i];
                for (int k = 1; k < n; k++) {
                    sum += values[order[k]][(int) i];
                }
                mean[(int) i] = sum / n;
            }
        }
        return mean;
    }
}
