package org.celebadcgan.sync;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.testutil.LocalClusterSpark;
import org.celebadcgan.testutil.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** N barrier tasks form the ring through allGather and end with the one-JVM ring-order mean, bit for bit. */
class BarrierRingTest {

    private static final int LEN = 10_001; // divides by none of 2, 3, 4

    @AfterAll
    static void back() {
        LocalSpark.get();
    }

    /** Each partition holds one seed; its rank builds its buffer from it, all-reduces it and returns the mean. */
    static List<float[]> allReduce(SparkSession spark, int n) {
        List<Long> seeds = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            seeds.add(1000L + r);
        }
        JavaRDD<Long> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(seeds, n);
        return BarrierRing.run(rdd, (rank, partition, ring) -> {
            float[] mine = RingAllReduceTest.buffers(1, LEN, partition.next())[0];
            new RingAllReduce(ring, 1000).meanInPlace(mine);
            return mine;
        }, Duration.ofSeconds(60));
    }

    static void assertEveryRankHasTheReference(List<float[]> got, int n) {
        float[][] in = new float[n][];
        for (int r = 0; r < n; r++) {
            in[r] = RingAllReduceTest.buffers(1, LEN, 1000L + r)[0];
        }
        int[] expected = RingAllReduceTest.bits(RingOrderMean.of(in));
        assertEquals(n, got.size());
        for (int r = 0; r < n; r++) {
            assertArrayEquals(expected, RingAllReduceTest.bits(got.get(r)), "N=" + n + " rank " + r);
        }
    }

    @Test
    void barrierTasksOnLocalThreadsAllReduceToTheReference() {
        SparkSession spark = LocalSpark.get("local[4]", Map.of());
        for (int n = 2; n <= 4; n++) {
            assertEveryRankHasTheReference(allReduce(spark, n), n);
        }
    }

    @Test
    void aRankFailingMidStageRestartsTheWholeRingWithTheSameBits() {
        // a failed barrier stage is relaunched whole (spark.stage.maxConsecutiveAttempts, 4), not task by task
        SparkSession spark = LocalSpark.get("local[4]", Map.of());
        int n = 3;
        List<Long> seeds = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            seeds.add(1000L + r);
        }
        JavaRDD<Long> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(seeds, n);
        List<Object[]> got = BarrierRing.run(rdd, (rank, partition, ring) -> {
            int attempt = org.apache.spark.BarrierTaskContext.get().stageAttemptNumber();
            float[] mine = RingAllReduceTest.buffers(1, LEN, partition.next())[0];
            if (rank == 1 && attempt == 0) {
                // ranks 0 and 2 are joined and waiting on this one: they must fail fast, not hang
                throw new IllegalStateException("injected failure of rank 1");
            }
            new RingAllReduce(ring, 1000).meanInPlace(mine);
            return new Object[]{mine, attempt};
        }, Duration.ofSeconds(60));
        List<float[]> means = new ArrayList<>();
        for (Object[] g : got) {
            means.add((float[]) g[0]);
            assertEquals(1, g[1], "the result comes from the relaunched stage");
        }
        assertEveryRankHasTheReference(means, n);
    }

    @Test
    void aSilentRankFailsTheStageWithinTheTimeoutInsteadOfHanging() {
        // one stage attempt, so the failure reaches the test (Spark otherwise relaunches the stage 3 more times)
        SparkSession spark = LocalSpark.get("local[3]", Map.of("spark.stage.maxConsecutiveAttempts", "1"));
        JavaRDD<Integer> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(0, 1, 2), 3);
        long t0 = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> BarrierRing.run(rdd, (rank, partition, ring) -> {
            if (rank == 2) {
                // joined, then silent until Spark kills the stage (or 30 s)
                org.apache.spark.TaskContext ctx = org.apache.spark.TaskContext.get();
                for (int i = 0; i < 600 && !ctx.isInterrupted(); i++) {
                    Thread.sleep(50);
                }
                return 0;
            }
            new RingAllReduce(ring).meanInPlace(new float[100_000]);
            return 0;
        }, Duration.ofSeconds(2)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String message = String.valueOf(e.getMessage());
        // rank 0 times out on silent rank 2 and closes its links; rank 1 then sees rank 0 go: Spark reports
        // whichever failure it heard of first, and either names a rank and its address
        assertTrue(message.matches("(?s).*ring rank [01]: rank [02] \\(127\\.0\\.0\\.1:\\d+\\) "
                + "(sent nothing for 2000 ms|closed the connection).*"), message);
        assertTrue(ms < 10_000, "the stage failed after " + ms + " ms with a 2000 ms timeout");
    }

    @Test
    void barrierTasksInThreeExecutorJvmsAllReduceToTheReference() {
        SparkSession spark = LocalClusterSpark.get(3, 768);
        assertEveryRankHasTheReference(allReduce(spark, 3), 3);
        assertEquals(4, spark.sparkContext().statusTracker().getExecutorInfos().length, "driver + 3 executors");
    }
}
