package org.celebadcgan.sync;

/**
 * How a buffer of {@code floats} values splits over a ring of {@code ranks}: chunk c is
 * [floor(c L / N), floor((c+1) L / N)), so chunk sizes differ by at most one and some are empty when L < N.
 * Rank r ends the reduce-scatter owning chunk r. The schedule: at step t of reduce-scatter (t = 0..N-2) rank r
 * sends chunk r-1-t and receives chunk r-2-t; at step s of all-gather it sends chunk r-s and receives r-s-1 (mod N).
 * So chunk c is accumulated starting at rank c+1 and going round the ring to rank c; {@link #sumOrder} spells that out.
 */
public record RingChunks(long floats, int ranks) {

    public RingChunks {
        if (ranks < 1 || floats < 0) {
            throw new IllegalArgumentException("need ranks >= 1 and floats >= 0, got " + ranks + ", " + floats);
        }
    }

    /** First value of chunk c (c may be any integer; taken mod N only by callers). */
    public long start(int c) {
        return c * floats / ranks;
    }

    /** Values in chunk c. */
    public long length(int c) {
        return start(c + 1) - start(c);
    }

    /** The chunk rank r sends at step t of the 2(N-1) steps (reduce-scatter first, then all-gather). */
    public int sentAt(int rank, int t) {
        return t < ranks - 1 ? mod(rank - 1 - t) : mod(rank - (t - (ranks - 1)));
    }

    /** The chunk rank r receives at step t; it is the chunk r sends at step t + 1. */
    public int receivedAt(int rank, int t) {
        return sentAt(rank, t + 1);
    }

    /** The ranks whose values are added, left to right, to form chunk c's sum: c+1, c+2, ..., c (mod N). */
    public int[] sumOrder(int c) {
        int[] order = new int[ranks];
        for (int k = 0; k < ranks; k++) {
            order[k] = mod(c + 1 + k);
        }
        return order;
    }

    int mod(int x) {
        return Math.floorMod(x, ranks);
    }
}
