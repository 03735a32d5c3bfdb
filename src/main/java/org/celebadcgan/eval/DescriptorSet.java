package org.celebadcgan.eval;

/**
 * One image set's SWD descriptors, every level, each channel normalised by the set's own mean and standard
 * deviation over all its descriptors (Karras et al.'s {@code finalize_descriptors}).
 */
public final class DescriptorSet {

    private final float[][] levels;
    private final int count;

    private DescriptorSet(float[][] levels, int count) {
        this.levels = levels;
        this.count = count;
    }

    /** Normalises {@code levels} (each {@code count} x {@link Neighbourhoods#LENGTH} floats) in place and holds them. */
    public static DescriptorSet normalised(float[][] levels) {
        int count = levels[0].length / Neighbourhoods.LENGTH;
        for (float[] level : levels) {
            if (level.length != count * Neighbourhoods.LENGTH) {
                throw new IllegalArgumentException("levels hold different numbers of descriptors");
            }
            normalise(level, count);
        }
        return new DescriptorSet(levels, count);
    }

    /** Descriptors per level. */
    public int count() {
        return count;
    }

    /** Images described (descriptors per level / neighbourhoods per image). */
    public int images() {
        return count / Neighbourhoods.PER_IMAGE;
    }

    float[] level(int l) {
        return levels[l];
    }

    int levels() {
        return levels.length;
    }

    /** Per channel: minus the mean, over the population standard deviation (1 where the channel is constant). */
    private static void normalise(float[] d, int count) {
        int area = Neighbourhoods.SIZE * Neighbourhoods.SIZE;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int k = 0; k < count; k++) {
                int base = k * Neighbourhoods.LENGTH + c * area;
                for (int i = 0; i < area; i++) {
                    sum += d[base + i];
                }
            }
            double n = (double) count * area;
            float mean = (float) (sum / n);
            double squares = 0;
            for (int k = 0; k < count; k++) {
                int base = k * Neighbourhoods.LENGTH + c * area;
                for (int i = 0; i < area; i++) {
                    double v = d[base + i] - mean;
                    squares += v * v;
                }
            }
            float std = (float) Math.sqrt(squares / n);
            float scale = std > 0 ? std : 1f;
            for (int k = 0; k < count; k++) {
                int base = k * Neighbourhoods.LENGTH + c * area;
                for (int i = 0; i < area; i++) {
                    d[base + i] = (d[base + i] - mean) / scale;
                }
            }
        }
    }
}
