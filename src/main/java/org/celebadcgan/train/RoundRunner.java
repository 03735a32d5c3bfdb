package org.celebadcgan.train;

import org.celebadcgan.rng.Seeds;
import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * The worker side of a round, without Spark: restore the state into networks cached for this thread, run K GAN steps
 * on this worker's shard with noise and batches seeded from (seed, round, worker), and return the resulting state
 * with the step figures. The same code runs in a Spark task, in a unit test, and as the single-process trainer.
 */
public final class RoundRunner {

    /** Networks per task thread: DL4J networks must not be shared by concurrent tasks; building them is costly. */
    private static final ThreadLocal<Map<ModelSpec, Worker>> CACHE = ThreadLocal.withInitial(HashMap::new);

    private record Worker(GanStep step, BatchMaker[] batches) {
    }

    private RoundRunner() {
    }

    /** Runs one round on worker {@code worker} and returns its (unsummed) result. */
    public static RoundResult run(RoundPlan plan, TrainingState state, int worker, PackedImages shard) {
        Worker w = CACHE.get().computeIfAbsent(plan.model(),
                m -> new Worker(new GanStep(GanPair.create(m, 0), plan.adam(), z -> {
                    throw new IllegalStateException("noise not set");
                }), new BatchMaker[1]));
        BatchMaker b = w.batches()[0];
        if (b != null && b.worker() == worker && b.seed() == plan.seed() && b.batchSize() == plan.workerBatch()
                && b.imageCount() == shard.count()) {
            b.rebind(shard); // same worker, same shard size: keep the staging buffers
        } else {
            w.batches()[0] = new BatchMaker(shard, plan.workerBatch(), plan.seed(), worker);
        }
        GanStep step = w.step();
        step.importState(state);
        step.setNoise(new GaussianNoise(Seeds.noise(plan.seed(), state.round(), worker)));
        RoundResult r = new RoundResult();
        long t0 = System.nanoTime();
        for (int k = 0; k < plan.stepsPerRound(); k++) {
            long global = state.step() + k;
            StepResult s = step.step(w.batches()[0].batchAt(global));
            if (!s.isFinite()) {
                r.divergence = "worker " + worker + " at step " + (global + 1) + " (round " + (state.round() + 1)
                        + "): " + s;
                break;
            }
            r.lossD += s.lossD();
            r.lossG += s.lossG();
            r.dReal += s.dReal();
            r.dFakeD += s.dFakeD();
            r.dFakeG += s.dFakeG();
            r.steps++;
        }
        r.maxComputeNanos = System.nanoTime() - t0;
        r.computeNanos = new long[]{r.maxComputeNanos};
        r.workers = 1;
        r.sums = step.exportState(state.round() + 1).arrays();
        return r;
    }

    /** The next state: the workers' states averaged (sums / N), step + K, round + 1. */
    public static TrainingState average(RoundResult sum, TrainingState previous, int stepsPerRound) {
        float[][] a = sum.sums;
        if (sum.workers > 1) {
            for (float[] x : a) {
                for (int i = 0; i < x.length; i++) {
                    x[i] /= sum.workers;
                }
            }
        }
        return previous.withArrays(a, previous.step() + stepsPerRound, previous.round() + 1);
    }
}
