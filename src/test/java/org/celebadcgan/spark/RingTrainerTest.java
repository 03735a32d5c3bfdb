package org.celebadcgan.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.data.Shards;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.sync.RingOrderMean;
import org.celebadcgan.testutil.LocalClusterSpark;
import org.celebadcgan.testutil.LocalSpark;
import org.celebadcgan.testutil.States;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.RoundReport;
import org.celebadcgan.train.RoundResult;
import org.celebadcgan.train.RoundRunner;
import org.celebadcgan.train.GradientSharingSimulation;
import org.celebadcgan.train.SyncSettings;
import org.celebadcgan.train.SyncSettings.Mode;
import org.celebadcgan.train.SyncSettings.Moments;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring transport on real Spark: the same bits as the workers simulated in one thread with the ring's summation
 * order (and, with two workers, as the driver transport), segments that resume bit-exactly, a relaunched stage that
 * changes nothing, local Adam moments, and two executor JVMs.
 */
class RingTrainerTest {

    private static final int K = 2;
    private static final int BATCH = 8;

    @AfterAll
    static void back() {
        LocalSpark.get();
    }

    /** Trains from the initial state through each target in turn (one barrier stage each) on {@code workers}. */
    static TrainingState ring(SparkSession spark, int workers, Moments moments, List<RoundReport> reports,
                              long... targets) {
        return ring(spark, workers, Mode.AVERAGE, moments, reports, targets);
    }

    /** As above in {@code mode}. */
    static TrainingState ring(SparkSession spark, int workers, Mode mode, Moments moments, List<RoundReport> reports,
                              long... targets) {
        return ring(spark, workers, mode, moments, reports, Duration.ofSeconds(60), targets);
    }

    /** As above with {@code timeout} as train.sync.timeout. */
    static TrainingState ring(SparkSession spark, int workers, Mode mode, Moments moments, List<RoundReport> reports,
                              Duration timeout, long... targets) {
        return ring(spark, workers, sync(mode, moments, timeout, 0), reports, targets);
    }

    /** train.sync.* as the ring transport gets them. */
    static SyncSettings sync(Mode mode, Moments moments, Duration timeout, long bucketBytes) {
        return new SyncSettings(mode, moments, SyncSettings.Transport.RING, timeout, bucketBytes);
    }

    /** As above with all of train.sync.* given. */
    static TrainingState ring(SparkSession spark, int workers, SyncSettings sync, List<RoundReport> reports,
                              long... targets) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<byte[]> shards = Shards.of(SparkTrainerTest.faces(spark, 48), workers, SparkTrainerTest.SEED);
        RingTrainer t = new RingTrainer(jsc, shards, plan(workers), workers, DeviceMode.AUTO, sync);
        TrainingState s = SparkTrainerTest.initial();
        for (long target : targets) {
            s = t.train(s, target, reports::add);
        }
        shards.unpersist();
        return s;
    }

    private static RoundPlan plan(int workers) {
        return new RoundPlan(SparkTrainerTest.SMALL, AdamSettings.dcgan(), BATCH / workers, SparkTrainerTest.SEED,
                K);
    }

    /**
     * The same workers one after the other in this thread, each round's arrays averaged with {@link RingOrderMean}
     * over the buffer the ring sends (the averaged arrays and one flag value); local moments meet at {@code total}.
     */
    static TrainingState simulate(SparkSession spark, int workers, Moments moments, long total) {
        List<PackedImages> shards = new ArrayList<>();
        for (List<byte[]> part : Shards.of(SparkTrainerTest.faces(spark, 48), workers, SparkTrainerTest.SEED)
                .glom().collect()) {
            shards.add(new PackedImages(part));
        }
        RoundPlan plan = plan(workers);
        TrainingState[] w = new TrainingState[workers];
        Arrays.fill(w, SparkTrainerTest.initial());
        WorkerThreads.limit(1); // a Spark task's OpenMP team: reductions round by thread count
        try {
            while (w[0].step() < total) {
                int steps = (int) Math.min(K, total - w[0].step());
                float[][][] c = new float[workers][][];
                for (int r = 0; r < workers; r++) {
                    RoundResult result = RoundRunner.run(plan, w[r], steps, r, shards.get(r));
                    c[r] = result.contribution();
                }
                mean(c, 0, moments == Moments.AVERAGE ? 6 : 2);
                for (int r = 0; r < workers; r++) {
                    w[r] = plan.sync().next(w[r], c[r], 1, steps);
                }
                if (w[0].step() == total && moments == Moments.LOCAL) {
                    mean(c, 2, 6);
                }
            }
        } finally {
            WorkerThreads.limit(Runtime.getRuntime().availableProcessors());
        }
        return w[0];
    }

    /** The shards as the ring's tasks get them: partition r is worker r. */
    private static List<PackedImages> shards(SparkSession spark, int workers) {
        List<PackedImages> shards = new ArrayList<>();
        for (List<byte[]> part : Shards.of(SparkTrainerTest.faces(spark, 48), workers, SparkTrainerTest.SEED)
                .glom().collect()) {
            shards.add(new PackedImages(part));
        }
        return shards;
    }

    /** Gradients mode simulated in this thread (train.GradientSharingSimulation) with a Spark task's thread count. */
    static TrainingState simulateGradients(SparkSession spark, int workers, long total, long bucketBytes) {
        WorkerThreads.limit(1); // a Spark task's OpenMP team: reductions round by thread count
        try {
            return GradientSharingSimulation.run(plan(workers), SparkTrainerTest.initial(), shards(spark, workers),
                    total, bucketBytes);
        } finally {
            WorkerThreads.limit(Runtime.getRuntime().availableProcessors());
        }
    }

    /** Arrays {@code from} to {@code to} of every rank's contribution replaced by the ring-order mean. */
    private static void mean(float[][][] c, int from, int to) {
        float[][] flat = new float[c.length][];
        for (int r = 0; r < c.length; r++) {
            int n = 1;
            for (int a = from; a < to; a++) {
                n += c[r][a].length;
            }
            flat[r] = new float[n];
            for (int a = from, at = 0; a < to; at += c[r][a].length, a++) {
                System.arraycopy(c[r][a], 0, flat[r], at, c[r][a].length);
            }
        }
        float[] m = RingOrderMean.of(flat);
        for (float[][] rank : c) {
            for (int a = from, at = 0; a < to; at += rank[a].length, a++) {
                System.arraycopy(m, at, rank[a], 0, rank[a].length);
            }
        }
    }

    @Test
    void twoRanksEqualTheRingOrderSimulationAndTheDriverTransportBitForBit() {
        SparkSession spark = LocalSpark.get("local[2]", Map.of());
        List<RoundReport> reports = new ArrayList<>();
        TrainingState viaRing = ring(spark, 2, Moments.AVERAGE, reports, 6);
        assertEquals(6, viaRing.step());
        assertEquals(3, viaRing.round());
        assertEquals(List.of(2L, 4L, 6L), reports.stream().map(RoundReport::step).toList(), "every round, in order");
        assertEquals(List.of(1L, 2L, 3L), reports.stream().map(RoundReport::round).toList());
        long stateFloats = (long) viaRing.g().length + viaRing.d().length + viaRing.gM().length
                + viaRing.gV().length + viaRing.dM().length + viaRing.dV().length;
        for (RoundReport r : reports) {
            assertEquals(2, r.workers());
            // Two ranks each send their half of the buffer twice (reduce-scatter, all-gather): one buffer each.
            assertTrue(r.bytesMoved() >= 2 * 4 * stateFloats, r.bytesMoved() + " bytes for " + stateFloats);
            assertTrue(r.figures().lossD() > 0 && r.computeMsMax() > 0 && r.wallMs() >= r.computeMsMax(),
                    r.toString());
        }
        States.assertSame(simulate(spark, 2, Moments.AVERAGE, 6), viaRing, "ring vs ring-order simulation");
        // With two workers both transports add a + b once and halve it: the same bits (not so for N > 2).
        States.assertSame(SparkTrainerTest.train(spark, 2, K, 3, BATCH), viaRing, "ring vs driver transport");
    }

    @Test
    void segmentsResumeBitExactlyAndFourRanksMatchTheirSimulation() {
        SparkSession spark = LocalSpark.get("local[4]", Map.of());
        List<RoundReport> reports = new ArrayList<>();
        TrainingState straight = ring(spark, 4, Moments.AVERAGE, new ArrayList<>(), 7);
        // Stopped at step 2 (the state a checkpoint holds) and resumed in a new stage, with a shorter last round.
        TrainingState resumed = ring(spark, 4, Moments.AVERAGE, reports, 2, 7);
        States.assertSame(straight, resumed, "one segment vs stopped at 2 and resumed");
        assertEquals(List.of(2L, 4L, 6L, 7L), reports.stream().map(RoundReport::step).toList());
        assertEquals(1, reports.get(3).steps());
        States.assertSame(simulate(spark, 4, Moments.AVERAGE, 7), straight, "4 ranks vs ring-order simulation");
    }

    @Test
    void gradientsModeEqualsItsSimulationWithTwoAndThreeRanks() {
        long bucket = 16 << 10; // several buckets per network: the all-reduce overlaps backward
        for (int n : new int[]{2, 3}) {
            SparkSession spark = LocalSpark.get("local[" + n + "]", Map.of());
            List<RoundReport> reports = new ArrayList<>();
            TrainingState viaRing = ring(spark, n, sync(Mode.GRADIENTS, Moments.AVERAGE, Duration.ofSeconds(60),
                    bucket), reports, 5);
            assertEquals(5, viaRing.step());
            assertEquals(3, viaRing.round());
            assertEquals(List.of(2L, 4L, 5L), reports.stream().map(RoundReport::step).toList(), "K still ends rounds");
            States.assertSame(simulateGradients(spark, n, 5, bucket), viaRing, n + " ranks vs gradients simulation");
            if (n == 3) {
                // Three ranks sum in an order set by each bucket's chunks: whole gradients give other bits, so
                // the ring above did cut them into buckets (two ranks' sums are the same either way).
                assertFalse(Arrays.equals(simulateGradients(spark, n, 5, 0).g(), viaRing.g()),
                        "bucketed vs whole-gradient all-reduce, 3 ranks");
            }
            long gradientFloats = (long) viaRing.g().length + viaRing.d().length;
            for (RoundReport r : reports) {
                // Every step each rank sends 2(N-1)/N of D's and of G's gradient.
                long perStep = 2L * (n - 1) * 4 * gradientFloats;
                assertTrue(r.bytesMoved() >= r.steps() * perStep, r.bytesMoved() + " bytes for " + r.steps()
                        + " steps of " + gradientFloats + " gradient values");
                assertTrue(r.figures().lossD() > 0 && r.computeMsMax() > 0 && r.wallMs() >= r.computeMsMax(),
                        r.toString());
            }
            // Not averaging states every K = 2 steps: another run (proves the comparison above can fail).
            TrainingState averaged = ring(spark, n, Moments.AVERAGE, new ArrayList<>(), 5);
            assertFalse(Arrays.equals(averaged.g(), viaRing.g()), "gradients vs average mode");
        }
    }

    @Test
    void gradientsModeResumesBitExactlyAtItsSegmentEnds() {
        SparkSession spark = LocalSpark.get("local[2]", Map.of());
        // Segments end at state points (checkpoints): there the running statistics meet, in both runs.
        TrainingState straight = ring(spark, 2, Mode.GRADIENTS, Moments.AVERAGE, new ArrayList<>(), 4, 8);
        TrainingState first = ring(spark, 2, Mode.GRADIENTS, Moments.AVERAGE, new ArrayList<>(), 4);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<byte[]> shards = Shards.of(SparkTrainerTest.faces(spark, 48), 2, SparkTrainerTest.SEED);
        TrainingState resumed = new RingTrainer(jsc, shards, plan(2), 2, DeviceMode.AUTO, sync(Mode.GRADIENTS,
                Moments.AVERAGE, Duration.ofSeconds(60), 0)).train(first, 8, r -> { });
        shards.unpersist();
        States.assertSame(straight, resumed, "gradients mode: stopped at 4 and resumed vs one run");
    }

    @Test
    void inGradientsModeANonFiniteLossFailsTheSegmentNamingWorkerAndStep() {
        assertANonFiniteLossFailsTheSegment(Mode.GRADIENTS);
    }

    @Test
    void aRankFailingMidSegmentRelaunchesTheStageWithTheSameBits() {
        SparkSession plain = LocalSpark.get("local[2]", Map.of());
        TrainingState clean = ring(plain, 2, Moments.AVERAGE, new ArrayList<>(), 6);
        SparkSession failing = LocalSpark.get("local[2]", Map.of(RingTrainer.FAIL_ONCE, "1:1"));
        SparkTrainerTest.FailedTasks failed = SparkTrainerTest.FailedTasks.on(failing);
        List<RoundReport> reports = new ArrayList<>();
        TrainingState retried = ring(failing, 2, Moments.AVERAGE, reports, 6);
        assertTrue(failed.count() >= 1, "rank 1 failed before round 2 of the stage's first attempt");
        assertEquals(3, reports.size(), "rounds of the failed attempt are not reported");
        States.assertSame(clean, retried, "relaunched vs clean");
    }

    @Test
    void inGradientsModeARelaunchedStageReloadsTheNetworksAndEndsWithTheSameBits() {
        SparkSession plain = LocalSpark.get("local[2]", Map.of());
        TrainingState clean = ring(plain, 2, Mode.GRADIENTS, Moments.AVERAGE, new ArrayList<>(), 6);
        SparkSession failing = LocalSpark.get("local[2]", Map.of(RingTrainer.FAIL_ONCE, "1:1"));
        SparkTrainerTest.FailedTasks failed = SparkTrainerTest.FailedTasks.on(failing);
        TrainingState retried = ring(failing, 2, Mode.GRADIENTS, Moments.AVERAGE, new ArrayList<>(), 6);
        assertTrue(failed.count() >= 1, "rank 1 failed before round 2 of the stage's first attempt");
        States.assertSame(clean, retried, "gradients mode: relaunched vs clean");
    }

    @Test
    void localMomentsStayEachWorkersOwnUntilTheStatePoint() {
        SparkSession spark = LocalSpark.get("local[2]", Map.of());
        TrainingState local = ring(spark, 2, Moments.LOCAL, new ArrayList<>(), 6);
        TrainingState average = ring(spark, 2, Moments.AVERAGE, new ArrayList<>(), 6);
        assertFalse(Arrays.equals(local.g(), average.g()), "rounds 2 and 3 start from other moments");
        assertFalse(Arrays.equals(local.gV(), average.gV()));
        States.assertSame(simulate(spark, 2, Moments.LOCAL, 6), local, "ring vs simulation with local moments");
    }

    @Test
    void aNonFiniteLossFailsTheSegmentNamingWorkerAndStep() {
        assertANonFiniteLossFailsTheSegment(Mode.AVERAGE);
    }

    /** Every rank starts from a NaN D (a single rank cannot be poisoned through the state): the segment fails. */
    private static void assertANonFiniteLossFailsTheSegment(Mode mode) {
        SparkSession spark = LocalSpark.get("local[2]", Map.of());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<byte[]> shards = Shards.of(SparkTrainerTest.faces(spark, 48), 2, SparkTrainerTest.SEED);
        RingTrainer t = new RingTrainer(jsc, shards, plan(2), 2, DeviceMode.AUTO, sync(mode, Moments.AVERAGE,
                Duration.ofSeconds(60), 0));
        TrainingState s = SparkTrainerTest.initial();
        float[] d = s.d().clone();
        Arrays.fill(d, Float.NaN);
        TrainingState poisoned = new TrainingState(s.g(), d, s.gM(), s.gV(), s.dM(), s.dV(), 0, 0);
        List<RoundReport> reports = new ArrayList<>();
        var e = assertThrows(IllegalStateException.class, () -> t.train(poisoned, 6, reports::add));
        assertTrue(e.getMessage().contains("worker") && e.getMessage().contains("round 1 (steps 1 to 2)"),
                e.getMessage());
        assertTrue(reports.isEmpty(), "the diverged round is not reported");
        shards.unpersist();
    }

    @Test
    void twoExecutorJvmsRingExactlyLikeLocalMode() {
        TrainingState local = ring(LocalSpark.get("local[2]", Map.of()), 2, Moments.AVERAGE, new ArrayList<>(), 4);
        SparkSession cluster = LocalClusterSpark.get(2, 2048);
        TrainingState twoJvms = ring(cluster, 2, Moments.AVERAGE, new ArrayList<>(), 4);
        States.assertSame(local, twoJvms, "local-cluster vs local");
    }
}
