package org.celebadcgan.data;

import org.celebadcgan.model.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Cuts packed images into shuffled batches of [B, 3, 64, 64] floats in [-1, 1], reusing one staging array and one
 * INDArray (the hot path allocates nothing). Each epoch is a fresh permutation from the seed; a trailing partial
 * batch is dropped, as DataLoader(drop_last=True) does, so every step sees B images.
 */
public final class BatchMaker {

    private final PackedImages images;
    private final int batch;
    private final SplittableRandom rng;
    private final int[] order;
    private final float[] staging;
    private final INDArray out;
    private int cursor;
    private long epoch;

    public BatchMaker(PackedImages images, int batch, long seed) {
        if (batch < 1 || batch > images.count()) {
            throw new IllegalArgumentException("batch " + batch + " needs between 1 and " + images.count()
                    + " images");
        }
        this.images = images;
        this.batch = batch;
        this.rng = new SplittableRandom(seed);
        this.order = new int[images.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.staging = new float[batch * PackedImages.IMAGE_BYTES];
        this.out = Nd4j.create(DataType.FLOAT, batch, ModelSpec.CHANNELS, ModelSpec.IMAGE_SIZE, ModelSpec.IMAGE_SIZE);
        this.cursor = order.length; // shuffle on first use
    }

    /** The next batch (the same INDArray each call, refilled). */
    public INDArray next() {
        if (cursor + batch > order.length) {
            shuffle();
            cursor = 0;
            epoch++;
        }
        for (int i = 0; i < batch; i++) {
            images.copyScaled(order[cursor + i], staging, i * PackedImages.IMAGE_BYTES);
        }
        cursor += batch;
        out.data().setData(staging);
        return out;
    }

    /** Epochs started so far (1 during the first pass over the data). */
    public long epoch() {
        return epoch;
    }

    /** Images per batch. */
    public int batchSize() {
        return batch;
    }

    /** Full batches per epoch. */
    public int batchesPerEpoch() {
        return order.length / batch;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
