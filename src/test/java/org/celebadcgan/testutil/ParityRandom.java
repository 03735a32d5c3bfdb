package org.celebadcgan.testutil;

/** SplitMix64, the twin of scripts/make_parity_fixture.py's generator: same seed, same floats. */
public final class ParityRandom {

    private long state;

    public ParityRandom(long seed) {
        this.state = seed;
    }

    long next() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code n} values offset + scale * u, u uniform in [-1, 1) with 24 bits, rounded once to float. */
    public float[] uniform(int n, double scale, double offset) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u = (next() >>> 40) / (double) (1 << 24) * 2.0 - 1.0;
            v[i] = (float) (offset + u * scale);
        }
        return v;
    }

    /** An int in [0, n): the top 32 bits times n, shifted (the script's {@code below}). */
    public int below(int n) {
        return (int) (((next() >>> 32) * n) >>> 32);
    }

    /** A double uniform in [-1, 1) with 24 bits (the script's {@code uniform}). */
    public double uniform() {
        return (next() >>> 40) / (double) (1 << 24) * 2.0 - 1.0;
    }
}
