package org.celebadcgan.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The ring runs its N workers as one Spark barrier stage, which needs N task slots at once and no dynamic
 * allocation. Checked before every segment: Spark's own check fails after many silent retries with a message that
 * names neither the setting nor the remedy; here a missing slot is waited for (said every 10 s) up to a bound.
 */
public final class BarrierSlots {

    private static final long SAY_EVERY_NANOS = 10_000_000_000L;

    private BarrierSlots() {
    }

    /** Fails (bad config) under dynamic allocation; waits up to {@code wait} for {@code workers} slots. */
    public static void await(JavaSparkContext jsc, int workers, Duration wait, Consumer<String> say) {
        if (jsc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new IllegalArgumentException("train.sync.transport=ring runs its " + workers + " workers as one "
                    + "Spark barrier stage, which Spark refuses under spark.dynamicAllocation.enabled=true: set it to "
                    + "false, or use train.sync.transport=driver");
        }
        SparkContext sc = jsc.sc();
        // The count Spark's barrier scheduler itself checks against (slots of the default resource profile).
        await(() -> sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile()), workers, wait,
                say, System::nanoTime, BarrierSlots::sleep);
    }

    /** The waiting, on any slot count and clock (unit-tested without a cluster). */
    static void await(IntSupplier slots, int workers, Duration wait, Consumer<String> say, LongSupplier clock,
                      Sleeper sleeper) {
        int have = slots.getAsInt();
        if (have >= workers) {
            return;
        }
        long start = clock.getAsLong();
        long lastSaid = Long.MIN_VALUE;
        while (have < workers) {
            long waited = clock.getAsLong() - start;
            if (waited >= wait.toNanos()) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the ring needs %d task slots at once "
                        + "(train.workers) and Spark has %d after waiting %s (train.sync.timeout): add executors or "
                        + "cores, or lower train.workers", workers, have, wait));
            }
            if (lastSaid == Long.MIN_VALUE || clock.getAsLong() - lastSaid >= SAY_EVERY_NANOS) {
                say.accept(String.format(Locale.ROOT, "waiting for %d task slots for the ring's barrier stage: "
                        + "Spark has %d now (executors lost or still starting); giving up after %s",
                        workers, have, wait));
                lastSaid = clock.getAsLong();
            }
            sleeper.sleep(Math.min(1000, Math.max(1, (wait.toNanos() - waited) / 1_000_000)));
            have = slots.getAsInt();
        }
        say.accept(String.format(Locale.ROOT, "%d task slots available: the ring starts", have));
    }

    /**
     * Watches the slots while a barrier stage runs. Spark relaunches a failed barrier stage only once N slots are
     * free and waits for them without a bound (SPARK-24819), so an executor lost and never replaced would hang the
     * job. Below N slots this waits as {@link #await} does, saying so, then cancels {@code jobGroup}; the caller
     * reads {@link Watch#failure()} to say why its stage was cancelled.
     */
    public static Watch watch(JavaSparkContext jsc, int workers, Duration wait, Consumer<String> say,
                              String jobGroup) {
        SparkContext sc = jsc.sc();
        return watch(() -> sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile()), workers,
                wait, say, System::nanoTime, BarrierSlots::sleep, () -> jsc.cancelJobGroup(jobGroup));
    }

    /** The watch, on any slot count, clock and cancel action (unit-tested without a cluster). */
    static Watch watch(IntSupplier slots, int workers, Duration wait, Consumer<String> say, LongSupplier clock,
                       Sleeper sleeper, Runnable cancel) {
        Watch w = new Watch();
        w.thread = new Thread(() -> {
            try {
                while (!w.closed) {
                    if (slots.getAsInt() < workers) {
                        await(slots, workers, wait, say, clock, sleeper); // fails at the bound
                    }
                    sleeper.sleep(1000);
                }
            } catch (IllegalStateException e) {
                if (!w.closed) { // not the interrupt of close()
                    w.failure = e.getMessage();
                    say.accept(e.getMessage() + ": cancelling the ring's stage");
                    cancel.run();
                }
            }
        }, "ring-slot-watch");
        w.thread.setDaemon(true);
        w.thread.start();
        return w;
    }

    /** A running slot watch; closing it stops the watching thread. */
    public static final class Watch implements AutoCloseable {
        private volatile boolean closed;
        private volatile String failure;
        private Thread thread;

        private Watch() {
        }

        /** Why the watch cancelled the stage, or null when it did not. */
        public String failure() {
            return failure;
        }

        /** Waits up to {@code millis} for the watching thread to end (tests). */
        boolean join(long millis) throws InterruptedException {
            thread.join(millis);
            return !thread.isAlive();
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
        }
    }

    /** Sleeps (a test's clock advances instead). */
    interface Sleeper {
        void sleep(long millis);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for task slots", e);
        }
    }
}
