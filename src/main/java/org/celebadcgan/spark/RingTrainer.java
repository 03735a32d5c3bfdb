package org.celebadcgan.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.sync.BarrierRing;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundReport;
import org.celebadcgan.train.RoundResult;
import org.celebadcgan.train.RoundTrainer;
import org.celebadcgan.train.SyncSettings;
import org.celebadcgan.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Synchronous training in one Spark barrier stage per segment: the driver broadcasts the state once, each of the N
 * persisted shards' tasks (partition i is worker i) runs every round of the segment as rank i of a ring
 * ({@link RingRank}), and the driver gets the final state (from rank 0: every rank holds the same bits) with every
 * rank's per-round figures, which it reports round by round, in order, once the stage has ended. A failing rank
 * fails the stage and Spark relaunches the whole ring from the broadcast state; with seeds from (seed, round,
 * worker) the retried stage ends with the same bits. In gradients mode the ranks all-reduce every step's gradients
 * instead of their states (see {@link SyncSettings.Mode#GRADIENTS}).
 */
public final class RingTrainer implements RoundTrainer {

    /**
     * Test-only Spark setting "round:worker": that rank fails before that round in the stage's first attempt;
     * "round:worker:kill": it SIGKILLs its own executor JVM there instead, a lost executor (executor JVMs only:
     * in local mode it fails as "round:worker" does, naming the reason).
     */
    public static final String FAIL_ONCE = "spark.celebadcgan.test.ringFailOnce";
    private static final Logger LOG = LoggerFactory.getLogger(RingTrainer.class);

    private final JavaSparkContext jsc;
    private final JavaRDD<byte[]> shards;
    private final RoundPlan plan;
    private final int workers;
    private final DeviceMode device;
    private final boolean averageMoments;
    private final boolean sharingGradients;
    private final Duration timeout;
    private final long bucketBytes;
    private final int threadsPerWorker;

    /**
     * {@code shards} must have exactly {@code workers} partitions, persisted (see data.Shards); {@code sync}'s moments
     * only matter in average mode (in gradients mode every rank's moments are the same), its bucket size only in
     * gradients mode, and its transport is this one.
     */
    public RingTrainer(JavaSparkContext jsc, JavaRDD<byte[]> shards, RoundPlan plan, int workers, DeviceMode device,
                       SyncSettings sync) {
        if (shards.getNumPartitions() != workers) {
            throw new IllegalArgumentException("expected " + workers + " shards, got " + shards.getNumPartitions());
        }
        this.jsc = jsc;
        this.shards = shards;
        this.plan = plan;
        this.workers = workers;
        this.device = device;
        this.averageMoments = sync.moments() == SyncSettings.Moments.AVERAGE;
        this.sharingGradients = sync.mode() == SyncSettings.Mode.GRADIENTS;
        this.timeout = sync.timeout();
        this.bucketBytes = sync.bucketBytes();
        this.threadsPerWorker = WorkerThreads.perTask(jsc.getConf());
    }

    @Override
    public int stepsPerRound() {
        return plan.stepsPerRound();
    }

    @Override
    public boolean reportsAsRoundsEnd() {
        return false;
    }

    @Override
    public TrainingState train(TrainingState state, long targetStep, Consumer<RoundReport> onRound) {
        if (state.step() >= targetStep) {
            return state;
        }
        BarrierSlots.await(jsc, workers, timeout, LOG::warn);
        long t0 = System.nanoTime();
        String group = "segment-" + (state.round() + 1);
        jsc.setJobGroup(group, String.format(Locale.ROOT,
                "ring segment from round %d (steps %d-%d)", state.round() + 1, state.step() + 1, targetStep), false);
        Broadcast<TrainingState> b = jsc.broadcast(state);
        RoundPlan p = plan;
        int threads = threadsPerWorker;
        DeviceMode device = this.device;
        boolean average = averageMoments;
        boolean gradients = sharingGradients;
        long bucket = bucketBytes;
        String failOnce = jsc.getConf().get(FAIL_ONCE, "");
        List<RingRank.Result> ranks;
        BarrierSlots.Watch slots = BarrierSlots.watch(jsc, workers, timeout, LOG::warn, group);
        try {
            ranks = BarrierRing.run(shards, (rank, rows, ring) -> {
                GpuBinding.prepareWorker(device);
                WorkerThreads.limit(threads);
                List<byte[]> images = new ArrayList<>();
                rows.forEachRemaining(images::add); // the persisted partition's rows, referenced
                PackedImages shard = new PackedImages(images);
                return gradients
                        ? RingRank.runSharingGradients(p, b.value(), targetStep, rank, shard, ring, bucket,
                                failOnce)
                        : RingRank.run(p, b.value(), targetStep, average, rank, shard, ring, failOnce);
            }, timeout);
        } catch (Exception e) { // Spark's job failure is a SparkException, checked but undeclared
            if (slots.failure() != null) {
                throw new IllegalStateException(slots.failure(), e);
            }
            throw e;
        } finally {
            slots.close();
            b.destroy();
        }
        double stageMs = (System.nanoTime() - t0) / 1e6;
        return report(state, targetStep, ranks, stageMs, onRound);
    }

    /** Turns the ranks' per-round figures into one report per round, in order, and returns rank 0's state. */
    private TrainingState report(TrainingState start, long target, List<RingRank.Result> ranks, double stageMs,
                                 Consumer<RoundReport> onRound) {
        int rounds = ranks.get(0).rounds().size();
        for (RingRank.Result r : ranks) {
            if (r.rounds().size() != rounds) {
                throw new IllegalStateException("ranks ran " + r.rounds().size() + " and " + rounds + " rounds");
            }
        }
        if (ranks.size() != workers) {
            throw new IllegalStateException(ranks.size() + " of " + workers + " workers reported");
        }
        RoundResult[] sums = new RoundResult[rounds];
        double[] wallMs = new double[rounds];
        long[] bytes = new long[rounds];
        double inRounds = 0;
        for (int i = 0; i < rounds; i++) {
            sums[i] = new RoundResult();
            for (RingRank.Result r : ranks) {
                RingRank.Round round = r.rounds().get(i);
                sums[i] = sums[i].add(round.figures(), plan.sync());
                double ms = round.figures().maxComputeMs() + round.syncNanos() / 1e6;
                wallMs[i] = Math.max(wallMs[i], ms);
                bytes[i] += round.bytesSent();
            }
            inRounds += wallMs[i];
        }
        // Launching the stage, the broadcast and returning the state are the segment's: shared out over its rounds.
        double overheadMs = Math.max(0, stageMs - inRounds) / rounds;
        LOG.debug("ring segment: {} rounds in {} ms, {} ms of it outside the rounds", rounds, stageMs,
                stageMs - inRounds);
        long step = start.step();
        for (int i = 0; i < rounds; i++) {
            if (sums[i].divergence() != null) {
                throw new IllegalStateException("training diverged: non-finite loss on " + sums[i].divergence());
            }
            int steps = (int) Math.min(plan.stepsPerRound(), target - step);
            step += steps;
            onRound.accept(new RoundReport(start.round() + i + 1, step, steps, workers, sums[i].meanFigures(),
                    wallMs[i] + overheadMs, sums[i].maxComputeMs(), sums[i].medianComputeMs(), bytes[i]));
        }
        return ranks.get(0).state();
    }
}
