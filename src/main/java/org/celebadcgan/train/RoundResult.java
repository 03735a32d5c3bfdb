package org.celebadcgan.train;

import java.io.Serializable;

/**
 * What workers send back from one round, already combined when several are: their contributions combined by the
 * sync policy, the sums of their step figures, how many workers, and each one's compute time. A worker that saw a
 * non-finite loss reports it instead ({@code divergence}), so the driver can fail the round naming it.
 */
public final class RoundResult implements Serializable {

    float[][] contribution;
    double lossD;
    double lossG;
    double dReal;
    double dFakeD;
    double dFakeG;
    long steps;
    int workers;
    long maxComputeNanos;
    long[] computeNanos = new long[0];
    String divergence;

    /** Adds {@code o} into this, contributions combined by {@code sync} (the tree-aggregation combine). */
    public RoundResult add(RoundResult o, SyncPolicy sync) {
        if (o == null || o.workers == 0) {
            return this;
        }
        if (workers == 0) {
            return o;
        }
        sync.combine(contribution, o.contribution);
        lossD += o.lossD;
        lossG += o.lossG;
        dReal += o.dReal;
        dFakeD += o.dFakeD;
        dFakeG += o.dFakeG;
        steps += o.steps;
        workers += o.workers;
        maxComputeNanos = Math.max(maxComputeNanos, o.maxComputeNanos);
        long[] all = java.util.Arrays.copyOf(computeNanos, computeNanos.length + o.computeNanos.length);
        System.arraycopy(o.computeNanos, 0, all, computeNanos.length, o.computeNanos.length);
        computeNanos = all;
        divergence = divergence != null ? divergence : o.divergence;
        return this;
    }

    /** This result's figures without its contribution (what a rank reports once its contribution went round). */
    public RoundResult figures() {
        RoundResult f = new RoundResult();
        f.contribution = new float[0][];
        f.lossD = lossD;
        f.lossG = lossG;
        f.dReal = dReal;
        f.dFakeD = dFakeD;
        f.dFakeG = dFakeG;
        f.steps = steps;
        f.workers = workers;
        f.maxComputeNanos = maxComputeNanos;
        f.computeNanos = computeNanos.clone();
        f.divergence = divergence;
        return f;
    }

    /** This one worker's result with {@code nanos} of its compute time moved out (time spent in the ring). */
    public RoundResult lessCompute(long nanos) {
        if (workers != 1) {
            throw new IllegalStateException("one worker's result expected, got " + workers);
        }
        RoundResult f = figures();
        f.maxComputeNanos = Math.max(0, maxComputeNanos - nanos);
        f.computeNanos = new long[]{f.maxComputeNanos};
        return f;
    }

    public int workers() {
        return workers;
    }

    /** The combined contributions (what the policy turns into the next state). */
    public float[][] contribution() {
        return contribution;
    }

    /** Mean figures over every worker's steps: {lossD, lossG, D(x), D(G(z)) before, D(G(z)) after}. */
    public StepResult meanFigures() {
        double n = Math.max(steps, 1);
        return new StepResult(lossD / n, lossG / n, dReal / n, dFakeD / n, dFakeG / n);
    }

    /** Median worker compute time in ms. */
    public double medianComputeMs() {
        long[] c = computeNanos.clone();
        java.util.Arrays.sort(c);
        return c.length == 0 ? 0 : c[(c.length - 1) / 2] / 1e6; // lower median: with 2 workers, the faster
    }

    /** Slowest worker's compute time in ms (the straggler). */
    public double maxComputeMs() {
        return maxComputeNanos / 1e6;
    }

    /** The non-finite report of a worker, or null. */
    public String divergence() {
        return divergence;
    }
}
