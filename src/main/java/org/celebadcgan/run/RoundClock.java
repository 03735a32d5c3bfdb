package org.celebadcgan.run;

import java.util.function.LongSupplier;

/**
 * The clock the interval figures (images/s, ETA) read: the wall clock, except while the rounds of a segment are
 * reported after the segment ended (the ring transport reports them all at once), when it reads the segment's start
 * plus the reported rounds' own wall times, so each interval is timed by its rounds and not by the burst.
 */
final class RoundClock implements LongSupplier {

    private final LongSupplier wall;
    private boolean replaying;
    private long at;

    RoundClock(LongSupplier wall) {
        this.wall = wall;
    }

    /** The wall clock's reading now (the start of a segment). */
    long wallNow() {
        return wall.getAsLong();
    }

    /** A round of {@code wallMs} reported late, the first of its segment starting at {@code segmentStart}. */
    void roundReported(long segmentStart, double wallMs) {
        if (!replaying) {
            replaying = true;
            at = segmentStart;
        }
        at += (long) (wallMs * 1e6);
    }

    /** The segment's reports are done: the wall clock again. */
    void live() {
        replaying = false;
    }

    @Override
    public long getAsLong() {
        return replaying ? at : wall.getAsLong();
    }
}
