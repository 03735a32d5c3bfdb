package org.celebadcgan.eval;

import java.util.SplittableRandom;

/**
 * The SWD descriptors of one image: 7x7 neighbourhoods of every pyramid level at random positions, laid out as
 * Karras et al.'s {@code get_descriptors_for_minibatch} lays them out ([channel][x offset][y offset]).
 */
public final class Neighbourhoods {

    /** Neighbourhood side. */
    public static final int SIZE = 7;
    /** Neighbourhoods per image per level. */
    public static final int PER_IMAGE = 128;
    /** Floats per descriptor (3 channels x 7 x 7). */
    public static final int LENGTH = 3 * SIZE * SIZE;
    /** Pyramid levels: 64, 32 and 16 pixels. */
    public static final int LEVELS = 3;
    /** Floats per image per level. */
    public static final int PER_IMAGE_FLOATS = PER_IMAGE * LENGTH;

    private Neighbourhoods() {
    }

    /**
     * Descriptors of a 3 x 64 x 64 image of bytes (0-255), every level, at positions drawn from {@code seed}:
     * {@code out[level]} gets {@link #PER_IMAGE_FLOATS} floats from {@code offset}.
     */
    public static void describe(byte[] image, long seed, float[][] out, int offset) {
        float[] f = new float[image.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = image[i] & 0xFF;
        }
        float[][] pyramid = LaplacianPyramid.of(f, 3, 64, LEVELS);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] xs = new int[PER_IMAGE];
        int[] ys = new int[PER_IMAGE];
        int h = SIZE / 2;
        for (int l = 0; l < LEVELS; l++) {
            int size = 64 >> l;
            for (int k = 0; k < PER_IMAGE; k++) {
                xs[k] = h + rng.nextInt(size - 2 * h);
                ys[k] = h + rng.nextInt(size - 2 * h);
            }
            extract(pyramid[l], size, xs, ys, PER_IMAGE, out[l], offset);
        }
    }

    /** Neighbourhoods centred at ({@code xs[k]}, {@code ys[k]}) of a 3-channel level into {@code out}. */
    static void extract(float[] level, int size, int[] xs, int[] ys, int count, float[] out, int offset) {
        int h = SIZE / 2;
        int o = offset;
        for (int k = 0; k < count; k++) {
            for (int c = 0; c < 3; c++) {
                int plane = c * size * size;
                for (int dx = -h; dx <= h; dx++) {
                    for (int dy = -h; dy <= h; dy++) {
                        out[o++] = level[plane + (ys[k] + dy) * size + xs[k] + dx];
                    }
                }
            }
        }
    }
}
