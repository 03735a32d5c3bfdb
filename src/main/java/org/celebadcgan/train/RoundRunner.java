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
    private static final ThreadLocal<Map<Shape, Worker>> CACHE = ThreadLocal.withInitial(HashMap::new);

    /** Everything that shapes a worker's networks and optimiser: two runs differing in any reuse nothing. */
    private record Shape(ModelSpec model, AdamSettings adam) {
    }

    private record Worker(GanStep step, BatchMaker[] batches) {
    }

    private RoundRunner() {
    }

    /** Runs {@code steps} (at most K) on worker {@code worker} and returns its (uncombined) result. */
    public static RoundResult run(RoundPlan plan, TrainingState state, int steps, int worker, PackedImages shard) {
        Worker w = worker(plan, worker, shard);
        GanStep step = w.step();
        step.setGradientReducer(GradientReducer.LOCAL); // a gradients-mode segment on this thread set another
        step.importState(state);
        RoundResult r = steps(w, state.step(), state.round(), steps, worker, plan.seed());
        r.contribution = plan.sync().contribute(step, state.round() + 1);
        return r;
    }

    /**
     * The worker side of a gradients-mode segment: this thread's networks, loaded with {@code start} once and kept
     * across the segment's rounds, every gradient passed through {@code reducer} before its Adam step. Close it to
     * give the networks back to plain rounds.
     */
    public static final class SharedRounds implements AutoCloseable {

        private final RoundPlan plan;
        private final Worker w;
        private final int worker;
        private long step;
        private long round;

        public SharedRounds(RoundPlan plan, TrainingState start, int worker, PackedImages shard,
                            GradientReducer reducer, long bucketBytes) {
            this.plan = plan;
            this.worker = worker;
            this.w = RoundRunner.worker(plan, worker, shard);
            w.step().importState(start);
            w.step().setGradientReducer(reducer, bucketBytes);
            this.step = start.step();
            this.round = start.round();
        }

        /** Runs the next round of {@code steps}: its figures, no contribution (the ring reduced every gradient). */
        public RoundResult round(int steps) {
            RoundResult r = steps(w, step, round, steps, worker, plan.seed());
            step += steps;
            round++;
            return r;
        }

        /** The networks' step: for the running statistics, which stay each worker's own until the segment ends. */
        public GanStep networks() {
            return w.step();
        }

        /** This worker's state after the rounds run so far. */
        public TrainingState state() {
            return w.step().exportState(round);
        }

        @Override
        public void close() {
            w.step().setGradientReducer(GradientReducer.LOCAL);
        }
    }

    /** This thread's networks for the plan's model, with batches of {@code shard} for {@code worker}. */
    private static Worker worker(RoundPlan plan, int worker, PackedImages shard) {
        Worker w = CACHE.get().computeIfAbsent(new Shape(plan.model(), plan.adam()),
                m -> new Worker(new GanStep(GanPair.create(m.model(), 0), m.adam(), z -> {
                    throw new IllegalStateException("noise not set");
                }), new BatchMaker[1]));
        BatchMaker b = w.batches()[0];
        if (b != null && b.worker() == worker && b.seed() == plan.seed() && b.batchSize() == plan.workerBatch()
                && b.imageCount() == shard.count()) {
            b.rebind(shard); // same worker, same shard size: keep the staging buffers
        } else {
            w.batches()[0] = new BatchMaker(shard, plan.workerBatch(), plan.seed(), worker);
        }
        return w;
    }

    /** Runs round {@code round + 1} (steps {@code from + 1} to {@code from + steps}) from the networks as they are. */
    private static RoundResult steps(Worker w, long from, long round, int steps, int worker, long seed) {
        GanStep step = w.step();
        step.setNoise(new GaussianNoise(Seeds.noise(seed, round, worker)));
        RoundResult r = new RoundResult();
        long t0 = System.nanoTime();
        step.takeFigures(); // drop anything a failed earlier attempt left
        for (int k = 0; k < steps; k++) {
            step.step(w.batches()[0].batchAt(from + k));
        }
        // The round's figures are read once, here: per step would synchronise a GPU every step. A non-finite figure
        // therefore names the round's steps, not the first bad one.
        StepResult s = step.takeFigures();
        if (!s.isFinite()) {
            r.divergence = "worker " + worker + " in round " + (round + 1) + " (steps " + (from + 1)
                    + " to " + (from + steps) + "): " + s;
        } else {
            r.lossD = s.lossD() * steps;
            r.lossG = s.lossG() * steps;
            r.dReal = s.dReal() * steps;
            r.dFakeD = s.dFakeD() * steps;
            r.dFakeG = s.dFakeG() * steps;
            r.steps = steps;
        }
        r.maxComputeNanos = System.nanoTime() - t0;
        r.computeNanos = new long[]{r.maxComputeNanos};
        r.workers = 1;
        return r;
    }
}
