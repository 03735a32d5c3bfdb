package org.celebadcgan.data;

import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.rng.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Cuts packed images into batches of [B, 3, 64, 64] floats in [-1, 1], reusing one staging array and one INDArray
 * (the hot path allocates nothing). The batch of step s is a pure function of (seed, worker, s): epoch
 * e = s / batchesPerEpoch is a permutation seeded from (seed, e, worker), so retried tasks and resumed runs see the
 * same batches. A trailing partial batch is dropped, as DataLoader(drop_last=True) does.
 */
public final class BatchMaker {

    private PackedImages images;
    private final int batch;
    private final long seed;
    private final int worker;
    private final int[] order;
    private final float[] staging;
    private final INDArray out;
    private long orderEpoch = -1;
    private long nextStep;

    public BatchMaker(PackedImages images, int batch, long seed) {
        this(images, batch, seed, 0);
    }

    public BatchMaker(PackedImages images, int batch, long seed, int worker) {
        if (batch < 1 || batch > images.count()) {
            throw new IllegalArgumentException("batch " + batch + " needs between 1 and " + images.count()
                    + " images");
        }
        this.images = images;
        this.batch = batch;
        this.seed = seed;
        this.worker = worker;
        this.order = new int[images.count()];
        this.staging = new float[batch * PackedImages.IMAGE_BYTES];
        this.out = Nd4j.create(DataType.FLOAT, batch, ModelSpec.CHANNELS, ModelSpec.IMAGE_SIZE, ModelSpec.IMAGE_SIZE);
    }

    /** The next batch (the same INDArray each call, refilled). */
    public INDArray next() {
        return batchAt(nextStep++);
    }

    /** The batch of step {@code step} (0-based); subsequent {@link #next()} calls continue from there. */
    public INDArray batchAt(long step) {
        long epoch = Epochs.indexOf(step, batchesPerEpoch());
        int first = (int) (step % batchesPerEpoch()) * batch;
        if (epoch != orderEpoch) {
            shuffle(epoch);
        }
        for (int i = 0; i < batch; i++) {
            images.copyScaled(order[first + i], staging, i * PackedImages.IMAGE_BYTES);
        }
        out.data().setData(staging);
        nextStep = step + 1;
        return out;
    }

    /** Epoch of the last batch made, counted from 1 (0 before any). */
    public long epoch() {
        return orderEpoch + 1;
    }

    /**
     * Reads from {@code other} from now on, keeping the buffers: a worker's shard arrives as a fresh list of the same
     * persisted images every round. Batch order depends only on (seed, worker, step), so it is unchanged.
     */
    public void rebind(PackedImages other) {
        if (other.count() != images.count()) {
            throw new IllegalArgumentException("rebind needs " + images.count() + " images, got " + other.count());
        }
        images = other;
    }

    /** The run seed batch order derives from. */
    public long seed() {
        return seed;
    }

    /** Whose batches these are (the shuffle seed's worker part). */
    public int worker() {
        return worker;
    }

    /** Images in the underlying set. */
    public int imageCount() {
        return images.count();
    }

    /** Images per batch. */
    public int batchSize() {
        return batch;
    }

    /** Full batches per epoch. */
    public int batchesPerEpoch() {
        return Epochs.batchesPerEpoch(order.length, batch);
    }

    private void shuffle(long epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.shuffle(seed, epoch, worker));
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        orderEpoch = epoch;
    }
}
