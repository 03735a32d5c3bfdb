package org.celebadcgan.train;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * How the workers synchronise ({@code train.sync.*}): what the ring averages, which transport carries it, and how
 * long a rank waits for a peer.
 *
 * @param mode      whether the workers' states are averaged every K steps or their gradients every step
 * @param moments   whether Adam's moments are averaged with the parameters or stay each worker's own
 * @param transport the ring in one barrier stage per segment, or the driver as hub (one Spark job per round)
 * @param timeout   how long a rank waits on a silent peer before its stage fails
 * @param bucketBytes in gradients mode, the least bytes of gradient handed to the ring at once as backward finishes
 *                  layers (train.GradientBuckets); 0: each whole gradient after its backward pass (no overlap)
 */
public record SyncSettings(Mode mode, Moments moments, Transport transport, Duration timeout, long bucketBytes)
        implements Serializable {

    /** What a sync point exchanges. */
    public enum Mode {
        /** The workers' states (parameters, BatchNorm statistics, moments per {@link Moments}) every K steps. */
        AVERAGE,
        /**
         * Every step, D's then G's gradient before its Adam update (PyTorch DDP): every rank applies the same update,
         * so parameters and moments stay identical without being exchanged; BatchNorm running statistics stay each
         * worker's own until the segment ends. K only sets how often rounds end (figures, divergence checks).
         */
        GRADIENTS
    }

    /** What happens to Adam's moments at a sync point. */
    public enum Moments {
        /** Averaged with the parameters every round: the state is one state after every round. */
        AVERAGE,
        /**
         * Each worker keeps its own between the driver's state points (checkpoints, samples, evaluations, the end),
         * where they are averaged once so a checkpoint holds one state (and a resume is bit-exact). The run's bits
         * therefore also depend on where those points fall.
         */
        LOCAL
    }

    /** What carries the contributions. */
    public enum Transport {
        /** spark.RingTrainer: a ring all-reduce between the tasks of one barrier stage per segment. */
        RING,
        /** spark.SparkTrainer: broadcast and tree-aggregate through the driver, one Spark job per round. */
        DRIVER
    }

    public SyncSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("train.sync.timeout must be a positive duration, got " + timeout);
        }
        if (bucketBytes < 0) {
            throw new IllegalArgumentException("train.sync.bucketKb must be at least 0, got " + bucketBytes
                    + " bytes");
        }
        if (mode == Mode.GRADIENTS && transport == Transport.DRIVER) {
            throw new IllegalArgumentException("train.sync.mode = gradients needs train.sync.transport = ring (the "
                    + "driver transport exchanges states once per round, not gradients every step)");
        }
        if (moments == Moments.LOCAL && transport == Transport.DRIVER) {
            throw new IllegalArgumentException("train.sync.moments = local needs train.sync.transport = ring (the "
                    + "driver transport averages the whole state every round)");
        }
    }

    /** Reads the config spellings, naming the key of any value it does not know. */
    public static SyncSettings parse(String mode, String moments, String transport, Duration timeout,
                                     int bucketKb) {
        return new SyncSettings(parse(Mode.class, mode, "train.sync.mode", "average or gradients"),
                parse(Moments.class, moments, "train.sync.moments", "average or local"),
                parse(Transport.class, transport, "train.sync.transport", "ring or driver"), timeout,
                bucketKb * 1024L);
    }

    /** The config spelling of an enum value. */
    public static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** One value of {@code type} from its spelling, or an error naming {@code key} and what it allows. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String key, String allowed) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be " + allowed + ", got '" + value + "'");
        }
    }
}
