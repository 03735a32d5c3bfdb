package org.celebadcgan.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.celebadcgan.testutil.LocalClusterSpark;
import org.celebadcgan.testutil.LocalSpark;
import org.celebadcgan.testutil.States;
import org.celebadcgan.train.RoundReport;
import org.celebadcgan.train.SyncSettings.Mode;
import org.celebadcgan.train.SyncSettings.Moments;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.collection.JavaConverters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rank's executor JVM SIGKILLed mid-segment on a two-executor local cluster: the standalone worker starts a
 * replacement, Spark relaunches the barrier stage, both ranks run again at once on two executors, and the segment
 * ends with the bits of an undisturbed run.
 */
class RingExecutorKillTest {

    @AfterAll
    static void back() {
        LocalSpark.get();
    }

    @Test
    void aSigkilledExecutorIsReplacedAndTheRelaunchedRingEndsWithTheSameBits() {
        // Undisturbed: local[2] gives local-cluster's bits (RingTrainerTest.twoExecutorJvmsRingExactlyLikeLocalMode).
        long t0 = System.nanoTime();
        TrainingState clean = RingTrainerTest.ring(LocalSpark.get("local[2]", Map.of()), 2, Moments.AVERAGE,
                new ArrayList<>(), 4);
        long t1 = System.nanoTime();
        SparkSession cluster = LocalClusterSpark.get(2, 2048, Map.of(RingTrainer.FAIL_ONCE, "1:1:kill"));
        long t2 = System.nanoTime();
        Events events = Events.on(cluster);
        Set<String> before = events.executorsNow();
        List<RoundReport> reports = new ArrayList<>();
        // Two rounds of K = 2 in one stage; rank 1 kills its executor before the second, in the first attempt.
        TrainingState afterKill = RingTrainerTest.ring(cluster, 2, Moments.AVERAGE, reports, 4);
        long t3 = System.nanoTime();
        events.drain();

        // (1) The kill happened: rank 1's executor is gone, lost (not stopped), and another took its place.
        assertEquals(1, events.removed.size(), "one executor lost: " + events.removed);
        String lost = events.removed.keySet().iterator().next();
        assertTrue(before.contains(lost), lost + " was one of " + before);
        // 137 = 128 + SIGKILL's 9, as the standalone worker saw the executor's process end.
        assertTrue(events.removed.get(lost).contains("137"), events.removed.get(lost));
        Set<String> added = new HashSet<>(events.added);
        added.removeAll(before);
        assertEquals(1, added.size(), "one replacement executor: " + events.added + " after " + before);
        String replacement = added.iterator().next();
        List<TaskInfo> first = events.barrierTasks(0);
        assertTrue(first.stream().anyMatch(t -> t.failed() && t.executorId().equals(lost) && t.index() == 1),
                "the first attempt's rank 1, on " + lost + ", failed: " + first);

        // (3) The relaunched stage ran its two ranks at once, on the survivor and the replacement.
        int last = events.lastBarrierAttempt();
        assertTrue(last >= 1, "the barrier stage was relaunched");
        List<TaskInfo> retried = events.barrierTasks(last).stream().filter(TaskInfo::successful).toList();
        assertEquals(2, retried.size(), "two ranks in attempt " + last + ": " + retried);
        Set<String> on = new HashSet<>();
        retried.forEach(t -> on.add(t.executorId()));
        assertEquals(2, on.size(), "two executors: " + on);
        assertTrue(on.contains(replacement) && !on.contains(lost), on + ", lost " + lost);
        long lastStart = Math.max(retried.get(0).launchTime(), retried.get(1).launchTime());
        long firstEnd = Math.min(retried.get(0).finishTime(), retried.get(1).finishTime());
        assertTrue(lastStart < firstEnd, "overlapping in time: " + retried);

        // (2) The same bits as the undisturbed run; the failed attempt's rounds are not reported.
        assertEquals(List.of(2L, 4L), reports.stream().map(RoundReport::step).toList());
        States.assertSame(clean, afterKill, "after SIGKILL vs undisturbed");
        long killed = first.stream().filter(t -> t.executorId().equals(lost)).mapToLong(TaskInfo::finishTime)
                .min().orElseThrow();
        long launched = first.stream().mapToLong(TaskInfo::launchTime).min().orElseThrow();
        System.out.printf(Locale.ROOT, "undisturbed on local[2] %.1f s, local-cluster up %.1f s, segment with the "
                        + "kill %.1f s; in ms from the killed task's end: attempt 0 launched at %d, executor %s lost "
                        + "(%s) at +%d, executor %s added at +%d, attempt %d's ranks ran from +%d and +%d to +%d and "
                        + "+%d on executors %s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, launched - killed, lost,
                events.removed.get(lost), events.at.get("-" + lost) - killed, replacement,
                events.at.get("+" + replacement) - killed, last, retried.get(0).launchTime() - killed,
                retried.get(1).launchTime() - killed, retried.get(0).finishTime() - killed,
                retried.get(1).finishTime() - killed, on);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the slot watch it would hang
    void anExecutorLostForGoodFailsTheRunAfterTheTimeoutNamingTheSlots() throws Exception {
        // A session of its own: this one ends with one executor.
        SparkSession cluster = LocalClusterSpark.get(2, 2048, Map.of("spark.celebadcgan.test.session", "lost"));
        // Registered executors can precede their slots: both slots first, so the 5 s bound below is the kill's.
        BarrierSlots.await(JavaSparkContext.fromSparkContext(cluster.sparkContext()), 2, Duration.ofSeconds(60),
                s -> { });
        Events events = Events.on(cluster);
        CountDownLatch ranksRunning = new CountDownLatch(2);
        cluster.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                if (events.barrierStages.contains(e.stageId())) {
                    ranksRunning.countDown();
                }
            }
        });
        Thread killer = new Thread(() -> {
            try {
                if (ranksRunning.await(120, TimeUnit.SECONDS)) {
                    Thread.sleep(500);
                    // Through Spark's API the cluster manager is told not to replace it: lost for good.
                    cluster.sparkContext().killExecutor(events.executorsNow().iterator().next());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        long t0 = System.nanoTime();
        // 400 steps of K = 2 in one stage: far longer than the kill takes to land.
        var e = assertThrows(IllegalStateException.class, () -> RingTrainerTest.ring(cluster, 2, Mode.AVERAGE,
                Moments.AVERAGE, new ArrayList<>(), Duration.ofSeconds(5), 400));
        double s = (System.nanoTime() - t0) / 1e9;
        killer.join();
        // The driver may hear of the removal after the stage was cancelled: wait for it (bounded).
        for (int i = 0; i < 300 && events.removed.isEmpty(); i++) {
            Thread.sleep(100);
        }
        events.drain();
        assertEquals(1, events.removed.size(), "one executor killed: " + events.removed);
        assertTrue(e.getMessage().contains("needs 2 task slots") && e.getMessage().contains("has 1")
                && e.getMessage().contains("train.sync.timeout"), e.getMessage());
        assertTrue(s < 120, "failed within bounds: " + s + " s");
        System.out.printf(Locale.ROOT, "executor lost for good: the run failed after %.1f s: %s%n", s,
                e.getMessage());
    }

    /** What Spark's listener bus reports about executors and the barrier stage's task attempts. */
    static final class Events extends SparkListener {
        final Map<String, String> removed = new ConcurrentHashMap<>();
        final List<String> added = new CopyOnWriteArrayList<>();
        /** When each executor was added ("+id") or removed ("-id"), in the driver's epoch ms. */
        final Map<String, Long> at = new ConcurrentHashMap<>();
        /** Barrier stage ids: the ring's mapPartitions stage. */
        final Set<Integer> barrierStages = ConcurrentHashMap.newKeySet();
        private final List<Object[]> tasks = new CopyOnWriteArrayList<>();
        private SparkSession spark;

        static Events on(SparkSession spark) {
            Events e = new Events();
            e.spark = spark;
            spark.sparkContext().addSparkListener(e);
            return e;
        }

        /** The executors registered now (their ids; the status tracker knows only addresses). */
        Set<String> executorsNow() {
            return new HashSet<>(JavaConverters.seqAsJavaList(spark.sparkContext().getExecutorIds()));
        }

        @Override
        public void onExecutorAdded(SparkListenerExecutorAdded e) {
            added.add(e.executorId());
            at.put("+" + e.executorId(), e.time());
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
            removed.put(e.executorId(), e.reason());
            at.put("-" + e.executorId(), e.time());
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted e) {
            StageInfo s = e.stageInfo();
            for (RDDInfo r : JavaConverters.seqAsJavaList(s.rddInfos())) {
                if (r.isBarrier()) {
                    barrierStages.add(s.stageId());
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            tasks.add(new Object[] {e.stageId(), e.stageAttemptId(), e.taskInfo()});
        }

        void drain() {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty(); // events are delivered asynchronously
            } catch (TimeoutException e) {
                throw new AssertionError(e);
            }
        }

        /** The barrier stage's task attempts of stage attempt {@code attempt}. */
        List<TaskInfo> barrierTasks(int attempt) {
            List<TaskInfo> out = new ArrayList<>();
            for (Object[] t : tasks) {
                if (barrierStages.contains((Integer) t[0]) && (Integer) t[1] == attempt) {
                    out.add((TaskInfo) t[2]);
                }
            }
            return out;
        }

        int lastBarrierAttempt() {
            int last = -1;
            for (Object[] t : tasks) {
                if (barrierStages.contains((Integer) t[0])) {
                    last = Math.max(last, (Integer) t[1]);
                }
            }
            return last;
        }
    }
}
