package org.celebadcgan.rng;

/**
 * Every random stream of a run is a function of (run seed, what, round or epoch, worker): a retried Spark task, a
 * resumed run and the single-process reference all draw exactly the same noise and batches.
 */
public final class Seeds {

    private static final long NOISE = 0x4E4F495345L;
    private static final long SHUFFLE = 0x5348554646L;
    private static final long EVALUATION = 0x4556414CL;

    private Seeds() {
    }

    /** Seed of worker {@code worker}'s noise in round {@code round}. */
    public static long noise(long seed, long round, int worker) {
        return mix(mix(mix(seed ^ NOISE) + round) + worker);
    }

    /** Seed of worker {@code worker}'s batch order in epoch {@code epoch} of its shard. */
    public static long shuffle(long seed, long epoch, int worker) {
        return mix(mix(mix(seed ^ SHUFFLE) + epoch) + worker);
    }

    /**
     * Seed of an evaluation's random stream {@code what} (a set, a level) for item {@code index} (an image, a repeat):
     * a function of the index, never of which executor draws it, so SWD is the same for any number of them.
     */
    public static long evaluation(long seed, long what, long index) {
        return mix(mix(mix(seed ^ EVALUATION) + what) + index);
    }

    /** SplitMix64's finaliser: consecutive inputs give unrelated outputs. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
