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
