package org.celebadcgan.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.celebadcgan.testutil.LocalSpark;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring's preconditions: no dynamic allocation, N slots at once (waited for, bounded). */
class BarrierSlotsTest {

    @Test
    void enoughSlotsStartAtOnceWithoutAWord() {
        List<String> said = new ArrayList<>();
        BarrierSlots.await(() -> 4, 4, Duration.ofSeconds(1), said::add, () -> 0, ms -> {
            throw new AssertionError("no wait expected");
        });
        assertTrue(said.isEmpty(), said.toString());
    }

    @Test
    void tooFewSlotsAreWaitedForSayingSoThenTheRingStarts() {
        AtomicLong now = new AtomicLong();
        AtomicInteger polls = new AtomicInteger();
        List<String> said = new ArrayList<>();
        // One slot until 25 s have passed (an executor being replaced), then two.
        BarrierSlots.await(() -> { polls.incrementAndGet(); return now.get() < 25_000_000_000L ? 1 : 2; }, 2,
                Duration.ofMinutes(1), said::add, now::get, ms -> now.addAndGet(ms * 1_000_000));
        assertTrue(said.get(0).contains("waiting for 2 task slots") && said.get(0).contains("has 1 now"), said.get(0));
        assertEquals(3, said.stream().filter(s -> s.startsWith("waiting")).count(), "said every 10 s: " + said);
        assertTrue(said.get(said.size() - 1).contains("2 task slots available"), said.toString());
        assertTrue(polls.get() > 20, "polled while waiting: " + polls);
    }

    @Test
    void tooFewSlotsFailClearlyAfterTheBound() {
        AtomicLong now = new AtomicLong();
        var e = assertThrows(IllegalStateException.class, () -> BarrierSlots.await(() -> 1, 3, Duration.ofSeconds(30),
                s -> { }, now::get, ms -> now.addAndGet(ms * 1_000_000)));
        assertTrue(e.getMessage().contains("needs 3 task slots") && e.getMessage().contains("has 1")
                && e.getMessage().contains("train.sync.timeout"), e.getMessage());
        assertTrue(now.get() >= 30_000_000_000L && now.get() < 32_000_000_000L, "gave up at the bound: " + now);
    }

    @Test
    void aSlotLostWhileTheRingRunsIsWaitedForThenTheStageIsCancelledSayingWhy() throws Exception {
        AtomicLong now = new AtomicLong();
        AtomicInteger cancels = new AtomicInteger();
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Two slots for the first 5 s of the stage, then one for good (an executor lost and never replaced).
        BarrierSlots.Watch w = BarrierSlots.watch(() -> now.get() < 5_000_000_000L ? 2 : 1, 2,
                Duration.ofSeconds(30), said::add, now::get, ms -> now.addAndGet(ms * 1_000_000),
                cancels::incrementAndGet);
        assertTrue(w.join(10_000), "the watch ended");
        assertEquals(1, cancels.get(), "the stage was cancelled once");
        assertTrue(w.failure().contains("needs 2 task slots") && w.failure().contains("has 1"), w.failure());
        assertTrue(said.get(0).startsWith("waiting for 2 task slots"), said.toString());
        assertTrue(said.get(said.size() - 1).endsWith("cancelling the ring's stage"), said.toString());
        assertTrue(now.get() >= 35_000_000_000L && now.get() < 38_000_000_000L, "cancelled at the bound: " + now);
    }

    @Test
    void aSlotReplacedInTimeAndAClosedWatchCancelNothing() throws Exception {
        AtomicLong now = new AtomicLong();
        AtomicInteger cancels = new AtomicInteger();
        // One slot from 5 s to 20 s (the executor replaced within the 30 s bound), then two until closed.
        BarrierSlots.Watch w = BarrierSlots.watch(() -> now.get() >= 5_000_000_000L && now.get() < 20_000_000_000L
                ? 1 : 2, 2, Duration.ofSeconds(30), s -> { }, now::get, ms -> {
                    if (now.addAndGet(ms * 1_000_000) > 100_000_000_000L) {
                        try {
                            Thread.sleep(10); // real time from here: close() interrupts it
                        } catch (InterruptedException e) {
                            throw new IllegalStateException("interrupted", e);
                        }
                    }
                }, cancels::incrementAndGet);
        while (now.get() < 100_000_000_000L) {
            Thread.sleep(1);
        }
        w.close();
        assertTrue(w.join(10_000), "closing ends the watch");
        assertEquals(0, cancels.get());
        assertEquals(null, w.failure());
    }

    @Test
    void sparkCountsItsOwnSlotsAndDynamicAllocationIsRefusedNamingTheKey() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext());
        int slots = jsc.sc().maxNumConcurrentTasks(jsc.sc().resourceProfileManager().defaultResourceProfile());
        assertEquals(jsc.sc().defaultParallelism(), slots, "local[N]: N slots");
        BarrierSlots.await(jsc, slots, Duration.ofSeconds(1), s -> { });
        var tooMany = assertThrows(IllegalStateException.class,
                () -> BarrierSlots.await(jsc, slots + 1, Duration.ofMillis(300), s -> { }));
        assertTrue(tooMany.getMessage().contains("needs " + (slots + 1)), tooMany.getMessage());

        SparkConf dynamic = jsc.getConf().clone().set("spark.dynamicAllocation.enabled", "true");
        JavaSparkContext fake = new JavaSparkContext(jsc.sc()) {
            @Override
            public SparkConf getConf() {
                return dynamic;
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> BarrierSlots.await(fake, 1, Duration.ofSeconds(1),
                s -> { }));
        assertTrue(e.getMessage().contains("spark.dynamicAllocation.enabled"), e.getMessage());
    }
}
