package org.celebadcgan.data;

/**
 * The one definition of an epoch: each worker passes over its shard in full batches (a trailing partial batch is
 * dropped), so an epoch is {@code shard images / worker batch} steps, and step s (0-based) belongs to epoch
 * s / that. Batch order, progress lines and state.json all count epochs this way.
 */
public final class Epochs {

    private Epochs() {
    }

    /** Full batches in one pass over a shard of {@code images} at {@code batch} images per step (at least 1). */
    public static int batchesPerEpoch(long images, int batch) {
        if (batch < 1 || images < batch) {
            throw new IllegalArgumentException("a shard of " + images + " images cannot fill a batch of " + batch);
        }
        return Math.toIntExact(images / batch);
    }

    /** 0-based epoch of the 0-based step {@code step}. */
    public static long indexOf(long step, int batchesPerEpoch) {
        return step / batchesPerEpoch;
    }

    /** 1-based epoch of the last of {@code stepsDone} steps (epoch 1 before the first). */
    public static long after(long stepsDone, int batchesPerEpoch) {
        return stepsDone == 0 ? 1 : indexOf(stepsDone - 1, batchesPerEpoch) + 1;
    }
}
