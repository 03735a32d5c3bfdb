package org.celebadcgan.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundReport;
import org.celebadcgan.train.RoundResult;
import org.celebadcgan.train.RoundRunner;
import org.celebadcgan.train.RoundTrainer;
import org.celebadcgan.train.SyncPolicy;
import org.celebadcgan.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Synchronous training with the driver as the hub: one Spark job per round. It broadcasts the state, runs
 * {@link RoundRunner} on each of the N persisted shards ({@code mapPartitionsWithIndex}: partition i is worker i),
 * tree-aggregates the workers' contributions and figures, and lets the sync policy turn them into the next state.
 */
public final class SparkTrainer implements RoundTrainer {

    /** Test-only Spark setting "round:worker": that task fails on its first attempt (exactly-once rounds test). */
    public static final String FAIL_ONCE = "spark.celebadcgan.test.failOnce";
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
    /** Once per executor JVM: what it runs on, for the operator reading executor logs. */
    private static final AtomicBoolean DESCRIBED = new AtomicBoolean();

    private final JavaSparkContext jsc;
    private final JavaRDD<byte[]> shards;
    private final RoundPlan plan;
    private final int workers;
    private final int threadsPerWorker;
    private final DeviceMode device;

    /** {@code shards} must have exactly {@code workers} partitions, persisted (see data.Shards). */
    public SparkTrainer(JavaSparkContext jsc, JavaRDD<byte[]> shards, RoundPlan plan, int workers) {
        this(jsc, shards, plan, workers, DeviceMode.AUTO);
    }

    /** As above, with workers placed per {@code train.device}. */
    public SparkTrainer(JavaSparkContext jsc, JavaRDD<byte[]> shards, RoundPlan plan, int workers,
                        DeviceMode device) {
        if (shards.getNumPartitions() != workers) {
            throw new IllegalArgumentException("expected " + workers + " shards, got " + shards.getNumPartitions());
        }
        this.jsc = jsc;
        this.shards = shards;
        this.plan = plan;
        this.workers = workers;
        this.device = device;
        this.threadsPerWorker = WorkerThreads.perTask(jsc.getConf());
    }

    @Override
    public int stepsPerRound() {
        return plan.stepsPerRound();
    }

    @Override
    public TrainingState train(TrainingState state, long targetStep, Consumer<RoundReport> onRound) {
        TrainingState s = state;
        while (s.step() < targetStep) {
            Round r = round(s, (int) Math.min(plan.stepsPerRound(), targetStep - s.step()));
            s = r.state();
            onRound.accept(r.report());
        }
        return s;
    }

    /** One round of K steps from {@code state}. */
    public Round round(TrainingState state) {
        return round(state, plan.stepsPerRound());
    }

    /** One round of {@code steps} (at most K; a run's last round may be shorter). */
    public Round round(TrainingState state, int steps) {
        if (steps < 1 || steps > plan.stepsPerRound()) {
            throw new IllegalArgumentException("a round runs 1 to " + plan.stepsPerRound() + " steps, not " + steps);
        }
        long t0 = System.nanoTime();
        jsc.setJobGroup("round-" + (state.round() + 1), String.format(Locale.ROOT, "round %d (steps %d-%d)",
                state.round() + 1, state.step() + 1, state.step() + steps), false);
        Broadcast<TrainingState> b = jsc.broadcast(state);
        RoundPlan p = plan;
        SyncPolicy sync = plan.sync();
        int threads = threadsPerWorker;
        DeviceMode device = this.device;
        String failOnce = jsc.getConf().get(FAIL_ONCE, "");
        RoundResult sum;
        try {
            sum = shards.mapPartitionsWithIndex((worker, rows) -> {
                GpuBinding.prepareWorker(device); // an executor JVM's first ND4J use may be right here
                WorkerThreads.limit(threads);
                describeExecutor(threads);
                injectFailure(failOnce, b.value().round(), worker);
                // The persisted partition's rows are referenced, not copied.
                List<byte[]> images = new ArrayList<>();
                rows.forEachRemaining(images::add);
                RoundResult r = RoundRunner.run(p, b.value(), steps, worker, new PackedImages(images));
                return List.of(r).iterator();
            }, true).treeAggregate(new RoundResult(), (x, y) -> x.add(y, sync), (x, y) -> x.add(y, sync));
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
        TrainingState next = sync.next(state, sum.contribution(), workers, steps);
        double ms = (System.nanoTime() - t0) / 1e6;
        long stateBytes = 0;
        for (float[] a : sum.contribution()) {
            stateBytes += 4L * a.length;
        }
        // The state goes out to every worker and a contribution of the same size comes back from each.
        RoundReport report = new RoundReport(next.round(), next.step(), steps, workers, sum.meanFigures(), ms,
                sum.maxComputeMs(), sum.medianComputeMs(), 2 * stateBytes * workers);
        return new Round(next, sum, report);
    }

    /**
     * A finished round.
     *
     * @param state  the state after it
     * @param result the combined worker results
     * @param report what the driver reports of it
     */
    public record Round(TrainingState state, RoundResult result, RoundReport report) {
    }

    private static void describeExecutor(int threads) {
        if (DESCRIBED.compareAndSet(false, true)) {
            SparkEnv env = SparkEnv.get();
            LOG.info("executor {}: native build {}, device {}, {} OpenMP thread(s) per worker",
                    env == null ? "?" : env.executorId(), NativeBuild.describe(), GpuBinding.describeDevice(),
                    threads);
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
