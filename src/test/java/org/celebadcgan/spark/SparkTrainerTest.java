package org.celebadcgan.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.data.ImageSource;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.data.Shards;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.testutil.LocalSpark;
import org.celebadcgan.testutil.States;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.SingleProcessTrainer;
import org.celebadcgan.train.StepResult;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synchronous training on real Spark: equivalence, several executor JVMs, retried tasks, divergence, learning. */
class SparkTrainerTest {

    static final ModelSpec SMALL = new ModelSpec(Architecture.PAPER, 16, 8, 8);
    static final long SEED = 21;

    @AfterAll
    static void back() {
        LocalSpark.get(); // leave the default session for other tests
    }

    static Dataset<Row> faces(SparkSession spark, int n) {
        PackedImages p = PackedImages.generatedFaces(n, 5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create("f" + i, p.get(i)));
        }
        return spark.createDataFrame(rows, ImageSource.SCHEMA);
    }

    static TrainingState initial() {
        GanPair pair = GanPair.create(SMALL, SEED);
        return new GanStep(pair, AdamSettings.dcgan(), z -> { }).exportState(0);
    }

    static TrainingState train(SparkSession spark, int workers, int k, int rounds, int globalBatch) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<byte[]> shards = Shards.of(faces(spark, 48), workers, SEED);
        SparkTrainer t = new SparkTrainer(jsc, shards, new RoundPlan(SMALL, AdamSettings.dcgan(),
                globalBatch / workers, SEED, k), workers);
        TrainingState s = initial();
        for (int r = 0; r < rounds; r++) {
            s = t.round(s).state();
        }
        shards.unpersist();
        return s;
    }

    @Test
    void oneWorkerEqualsTheSingleProcessTrainerBitForBit() {
        SparkSession spark = LocalSpark.get();
        TrainingState viaSpark = train(spark, 1, 3, 2, 8);

        // The same shard (one worker: all 48 images in the seeded shard order) in one process.
        JavaRDD<byte[]> shard = Shards.of(faces(spark, 48), 1, SEED);
        PackedImages images = new PackedImages(shard.collect());
        GanPair pair = GanPair.create(SMALL, SEED);
        SingleProcessTrainer ref = new SingleProcessTrainer(pair, AdamSettings.dcgan(), SEED, 3,
                new BatchMaker(images, 8, SEED, 0), 100, line -> { });
        // Same OpenMP team size as a Spark task (spark.task.cpus = 1): reductions split by thread count round
        // differently, so "bit for bit" holds for equal thread counts.
        WorkerThreads.limit(1);
        try {
            ref.train(6, (step, r) -> { });
        } finally {
            WorkerThreads.limit(Runtime.getRuntime().availableProcessors());
        }
        TrainingState inProcess = ref.state(2);

        assertEquals(6, viaSpark.step());
        States.assertSame(inProcess, viaSpark, "Spark with one worker vs one process");
    }

    @Test
    void aFailedTaskIsRetriedAndChangesNothing() {
        SparkSession plain = LocalSpark.get("local[2,2]", Map.of());
        FailedTasks none = FailedTasks.on(plain);
        TrainingState clean = train(plain, 2, 2, 2, 8);
        assertEquals(0, none.count());
        SparkSession failing = LocalSpark.get("local[2,2]", Map.of(SparkTrainer.FAIL_ONCE, "1:1"));
        FailedTasks failed = FailedTasks.on(failing);
        TrainingState retried = train(failing, 2, 2, 2, 8);
        assertEquals(1, failed.count(), "the injected failure fired once: worker 1 of round 2, first attempt");
        States.assertSame(clean, retried, "retried vs clean");
    }

    /** Counts failed task attempts, as Spark's listener bus reports them. */
    static final class FailedTasks extends org.apache.spark.scheduler.SparkListener {
        private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        private SparkSession spark;

        static FailedTasks on(SparkSession spark) {
            FailedTasks f = new FailedTasks();
            f.spark = spark;
            spark.sparkContext().addSparkListener(f);
            return f;
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
                failed.incrementAndGet();
            }
        }

        int count() {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty(); // events are delivered asynchronously
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError(e);
            }
            return failed.get();
        }
    }

    @Test
    void nonFiniteLossFailsTheRoundNamingWorkerAndStep() {
        SparkSession spark = LocalSpark.get();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<byte[]> shards = Shards.of(faces(spark, 48), 2, SEED);
        SparkTrainer t = new SparkTrainer(jsc, shards, new RoundPlan(SMALL, AdamSettings.dcgan(), 4, SEED, 2), 2);
        TrainingState s = initial();
        float[] d = s.d().clone();
        Arrays.fill(d, Float.NaN);
        TrainingState poisoned = new TrainingState(s.g(), d, s.gM(), s.gV(), s.dM(), s.dV(), 0, 0);
        var e = assertThrows(IllegalStateException.class, () -> t.round(poisoned));
        assertTrue(e.getMessage().contains("worker") && e.getMessage().contains("round 1 (steps 1 to 2)"), e.getMessage());
        shards.unpersist();
    }

    @Test
    void twoWorkersLearnLikeAHealthyDcgan() {
        SparkSession spark = LocalSpark.get();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<byte[]> shards = Shards.of(faces(spark, 64), 2, SEED);
        SparkTrainer t = new SparkTrainer(jsc, shards, new RoundPlan(SMALL, AdamSettings.dcgan(), 8, SEED, 1), 2);
        TrainingState s = initial();
        StepResult first = null;
        StepResult last = null;
        for (int r = 0; r < 25; r++) {
            SparkTrainer.Round round = t.round(s);
            s = round.state();
            last = round.result().meanFigures();
            first = first == null ? last : first;
            assertEquals(2, round.result().workers());
        }
        assertTrue(last.lossD() < first.lossD(), first + " -> " + last);
        assertTrue(last.dReal() > 0.5 && last.dFakeD() < 0.5, "D tells real from fake: " + last);
        assertTrue(last.lossG() > first.lossG(), "G's loss rises while D learns first: " + first + " -> " + last);
        shards.unpersist();
    }

    @Test
    void gpuAddressComesFromTheTaskResources() {
        var gpu = new ResourceInformation("gpu", new String[]{"3"});
        assertEquals(OptionalInt.of(3), GpuBinding.deviceFor(Map.of("gpu", gpu)));
        assertEquals(OptionalInt.empty(), GpuBinding.deviceFor(Map.of()));
        assertEquals(OptionalInt.empty(), GpuBinding.deviceFor(null));
        assertThrows(IllegalStateException.class,
                () -> GpuBinding.deviceFor(Map.of("gpu", new ResourceInformation("gpu", new String[]{"x"}))));
        assertFalse(GpuBinding.cudaBackend(), "tests run on the CPU backend");
    }
}
