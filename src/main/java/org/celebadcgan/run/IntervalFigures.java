package org.celebadcgan.run;

import org.celebadcgan.io.MetricsRecord;
import org.celebadcgan.train.StepResult;

import java.util.function.LongSupplier;

/**
 * Round events summed over a log interval, turned into the interval's {@link MetricsRecord}: figures weighted by
 * steps, timings averaged per round, images per second over the wall clock since the interval (or the run) began.
 */
final class IntervalFigures {

    private final LongSupplier nanoClock;
    private long startNanos;
    private long steps;
    private long images;
    private int rounds;
    private double lossD;
    private double lossG;
    private double dReal;
    private double dFakeD;
    private double dFakeG;
    private double wallMs;
    private double computeMax;
    private double computeMedian;
    private double syncMs;
    private long bytes;

    IntervalFigures(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Starts the clock afresh: the first interval of a resumed run counts from here, not from before the resume. */
    void start() {
        reset();
    }

    void add(RoundEvent e) {
        StepResult f = e.figures();
        steps += e.steps();
        images += e.images();
        rounds++;
        lossD += f.lossD() * e.steps();
        lossG += f.lossG() * e.steps();
        dReal += f.dReal() * e.steps();
        dFakeD += f.dFakeD() * e.steps();
        dFakeG += f.dFakeG() * e.steps();
        wallMs += e.wallMs();
        computeMax += e.computeMsMax();
        computeMedian += e.computeMsMedian();
        syncMs += e.syncMs();
        bytes += e.bytesMoved();
    }

    /** Seconds since the interval began. */
    double seconds() {
        return Math.max(1e-9, (nanoClock.getAsLong() - startNanos) / 1e9);
    }

    /** Estimated seconds to {@code last.totalSteps()} at this interval's pace. */
    double etaSeconds(RoundEvent last) {
        return (last.totalSteps() - last.step()) * seconds() / Math.max(steps, 1);
    }

    /** The interval's mean step figures. */
    StepResult means() {
        double n = Math.max(steps, 1);
        return new StepResult(lossD / n, lossG / n, dReal / n, dFakeD / n, dFakeG / n);
    }

    /** The interval ending with {@code last} as a metrics record; then a new interval starts. */
    MetricsRecord close(RoundEvent last) {
        StepResult m = means();
        double r = Math.max(rounds, 1);
        MetricsRecord rec = new MetricsRecord(last.step(), last.epoch(), last.round(), m.lossD(), m.lossG(),
                m.dReal(), m.dFakeD(), m.dFakeG(), images / seconds(), wallMs / r, computeMax / r, computeMedian / r,
                syncMs / r, Math.round(bytes / r), null, null, null, null, null, null);
        reset();
        return rec;
    }

    private void reset() {
        startNanos = nanoClock.getAsLong();
        steps = images = bytes = 0;
        rounds = 0;
        lossD = lossG = dReal = dFakeD = dFakeG = wallMs = computeMax = computeMedian = syncMs = 0;
    }
}
