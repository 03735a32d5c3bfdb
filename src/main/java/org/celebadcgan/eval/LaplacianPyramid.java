package org.celebadcgan.eval;

/**
 * Laplacian pyramid of a CHW float image, as Karras et al.'s {@code generate_laplacian_pyramid}: each level is the
 * image at that scale minus its upsampled next level, the last level is the blurred remainder. The 5x5 binomial
 * filter and mirrored edges are those of cv2.pyrDown/pyrUp (scipy's 'mirror' mode: d c b | a b c d | c b a).
 */
public final class LaplacianPyramid {

    /** The 5-tap binomial weights; the 2-D filter is their outer product / 256. */
    private static final double[] TAPS = {1, 4, 6, 4, 1};

    private LaplacianPyramid() {
    }

    /** {@code levels} levels of {@code image} ([channels][size][size], values in any range), finest first. */
    public static float[][] of(float[] image, int channels, int size, int levels) {
        float[][] pyramid = new float[levels][];
        pyramid[0] = image.clone();
        int s = size;
        for (int l = 1; l < levels; l++) {
            pyramid[l] = down(pyramid[l - 1], channels, s);
            float[] up = up(pyramid[l], channels, s / 2);
            float[] finer = pyramid[l - 1];
            for (int i = 0; i < finer.length; i++) {
                finer[i] -= up[i];
            }
            s /= 2;
        }
        return pyramid;
    }

    /** Blur, then keep every second row and column. */
    static float[] down(float[] x, int channels, int size) {
        int half = size / 2;
        float[] out = new float[channels * half * half];
        for (int c = 0; c < channels; c++) {
            int plane = c * size * size;
            for (int y = 0; y < half; y++) {
                for (int xx = 0; xx < half; xx++) {
                    out[(c * half + y) * half + xx] = (float) (blur(x, plane, size, 2 * y, 2 * xx) / 256.0);
                }
            }
        }
        return out;
    }

    /** Insert zeros between samples, then blur with 4x the filter. */
    static float[] up(float[] x, int channels, int size) {
        int twice = size * 2;
        float[] sparse = new float[channels * twice * twice];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int xx = 0; xx < size; xx++) {
                    sparse[(c * twice + 2 * y) * twice + 2 * xx] = x[(c * size + y) * size + xx];
                }
            }
        }
        float[] out = new float[sparse.length];
        for (int c = 0; c < channels; c++) {
            int plane = c * twice * twice;
            for (int y = 0; y < twice; y++) {
                for (int xx = 0; xx < twice; xx++) {
                    out[plane + y * twice + xx] = (float) (blur(sparse, plane, twice, y, xx) * 4.0 / 256.0);
                }
            }
        }
        return out;
    }

    /** The 5x5 weighted sum (weights x256) around (y, x) of one plane, edges mirrored. */
    private static double blur(float[] x, int plane, int size, int y, int xx) {
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            int row = plane + mirror(y + i - 2, size) * size;
            double rowSum = 0;
            for (int j = 0; j < 5; j++) {
                rowSum += TAPS[j] * x[row + mirror(xx + j - 2, size)];
            }
            sum += TAPS[i] * rowSum;
        }
        return sum;
    }

    private static int mirror(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }
}
