package org.celebadcgan.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundResult;
import org.celebadcgan.train.RoundRunner;
import org.celebadcgan.train.TrainingState;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The driver side of synchronous training: one Spark job per round. It broadcasts the state, runs
 * {@link RoundRunner} on each of the N persisted shards ({@code mapPartitionsWithIndex}: partition i is worker i),
 * tree-aggregates the workers' states and figures, and averages them into the next state (parameters, BatchNorm
 * statistics and both Adam moments of G and D). With K = 1 the workers synchronise every step.
 */
public final class SparkTrainer {

    /** Test-only Spark setting "round:worker": that task fails on its first attempt (exactly-once rounds test). */
    public static final String FAIL_ONCE = "spark.celebadcgan.test.failOnce";

    private final JavaSparkContext jsc;
    private final JavaRDD<byte[]> shards;
    private final RoundPlan plan;
    private final int workers;
    private final int threadsPerWorker;

    /** {@code shards} must have exactly {@code workers} partitions, persisted (see data.Shards). */
    public SparkTrainer(JavaSparkContext jsc, JavaRDD<byte[]> shards, RoundPlan plan, int workers) {
        if (shards.getNumPartitions() != workers) {
            throw new IllegalArgumentException("expected " + workers + " shards, got " + shards.getNumPartitions());
        }
        this.jsc = jsc;
        this.shards = shards;
        this.plan = plan;
        this.workers = workers;
        this.threadsPerWorker = WorkerThreads.perTask(jsc.getConf());
    }

    /** One round of K steps from {@code state}: returns the averaged next state and the round's report. */
    public Round round(TrainingState state) {
        return round(state, plan.stepsPerRound());
    }

    /** One round of {@code steps} (at most K; a run's last round may be shorter). */
    public Round round(TrainingState state, int steps) {
        if (steps < 1 || steps > plan.stepsPerRound()) {
            throw new IllegalArgumentException("a round runs 1 to " + plan.stepsPerRound() + " steps, not " + steps);
        }
        RoundPlan p = steps == plan.stepsPerRound() ? plan
                : new RoundPlan(plan.model(), plan.adam(), plan.workerBatch(), plan.seed(), steps);
        long t0 = System.nanoTime();
        long firstStep = state.step() + 1;
        long lastStep = state.step() + steps;
        jsc.setJobGroup("round-" + (state.round() + 1), String.format(Locale.ROOT, "round %d (steps %d-%d)",
                state.round() + 1, firstStep, lastStep), false);
        Broadcast<TrainingState> b = jsc.broadcast(state);
        int threads = threadsPerWorker;
        String failOnce = jsc.getConf().get(FAIL_ONCE, "");
        RoundResult sum;
        try {
            sum = shards.mapPartitionsWithIndex((worker, rows) -> {
                NativeBuild.select(); // an executor JVM's first ND4J use may be right here
                WorkerThreads.limit(threads);
                GpuBinding.bindFromTaskContext();
                injectFailure(failOnce, b.value().round(), worker);
                // The persisted partition's rows are referenced, not copied.
                List<byte[]> images = new ArrayList<>();
                rows.forEachRemaining(images::add);
                RoundResult r = RoundRunner.run(p, b.value(), worker, new PackedImages(images));
                return List.of(r).iterator();
            }, true).treeAggregate(new RoundResult(), RoundResult::add, RoundResult::add);
        } finally {
            b.destroy();
        }
        if (sum.divergence() != null) {
            throw new IllegalStateException("training diverged: non-finite loss on " + sum.divergence());
        }
        if (sum.workers() != workers) {
            throw new IllegalStateException("round " + (state.round() + 1) + ": " + sum.workers() + " of " + workers
                    + " workers reported");
        }
        TrainingState next = RoundRunner.average(sum, state, steps);
        double ms = (System.nanoTime() - t0) / 1e6;
        return new Round(next, sum, ms);
    }

    /**
     * A finished round.
     *
     * @param state  the averaged state after it
     * @param result summed worker figures and timings
     * @param wallMs driver wall time of the round (broadcast, compute, aggregate)
     */
    public record Round(TrainingState state, RoundResult result, double wallMs) {
        /** Wall time not spent in the slowest worker's steps: broadcast, scheduling, aggregation. */
        public double syncMs() {
            return Math.max(0, wallMs - result.maxComputeMs());
        }
    }

    private static void injectFailure(String failOnce, long round, int worker) {
        if (failOnce.isEmpty()) {
            return;
        }
        String[] rw = failOnce.split(":");
        TaskContext tc = TaskContext.get();
        if (Long.parseLong(rw[0]) == round && Integer.parseInt(rw[1]) == worker && tc != null
                && tc.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure (" + FAIL_ONCE + "=" + failOnce + ")");
        }
    }
}
