package org.celebadcgan.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network's flat gradient cut into buckets in backward order, as PyTorch DDP fuses its gradients: the backward pass
 * finishes the last layers first, and a bucket is handed to the reducer as soon as its first layer is done, so its
 * all-reduce runs while backward goes on. Consecutive layers join one bucket until it holds at least
 * {@code bucketBytes} (fewer, larger messages: each ring all-reduce costs 2(N-1) latencies); 0 gives one bucket, the
 * whole gradient once backward ends (no overlap). The cut depends only on the model and the size, so every rank and
 * the in-process simulation reduce the same ranges in the same order (the same bits).
 */
public final class GradientBuckets {

    /** Per layer: the bucket its backward completes, or -1. */
    private final int[] completes;
    /** Per bucket, in the order they complete: [from, to) in the flat gradient's elements. */
    private final long[][] ranges;

    GradientBuckets(MultiLayerNetwork net, long bucketBytes) {
        if (bucketBytes < 0) {
            throw new IllegalArgumentException("bucket bytes must be at least 0, got " + bucketBytes);
        }
        Layer[] layers = net.getLayers();
        long[] starts = layerStarts(net);
        long total = starts[layers.length];
        completes = new int[layers.length];
        Arrays.fill(completes, -1);
        List<long[]> out = new ArrayList<>();
        long to = total;
        for (int i = layers.length - 1; i >= 0; i--) {
            long from = starts[i];
            boolean full = bucketBytes > 0 && (to - from) * Float.BYTES >= bucketBytes;
            if (from < to && (i == 0 || full)) { // (parameter-free first layers add no empty bucket)
                completes[i] = out.size();
                out.add(new long[]{from, to});
                to = from;
            }
        }
        ranges = out.toArray(new long[0][]);
    }

    /** Where each layer's gradient starts in the flat gradient, plus the total at index {@code layers}. */
    static long[] layerStarts(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        INDArray flat = GanStep.flat(net.getFlattenedGradients());
        long[] starts = new long[layers.length + 1];
        long at = 0;
        for (int i = 0; i < layers.length; i++) {
            INDArray g = layers[i].getGradientsViewArray();
            long n = g == null ? 0 : g.length();
            // views of one buffer, as RunningStats reads them: the same data, offsets in elements
            if (n > 0 && (g.data().address() != flat.data().address() || g.offset() - flat.offset() != at)) {
                throw new IllegalStateException("layer " + i + "'s gradient is not next in the flat gradient");
            }
            starts[i] = at;
            at += n;
        }
        starts[layers.length] = at;
        if (at != flat.length()) {
            throw new IllegalStateException("layers' gradients cover " + at + " of " + flat.length() + " elements");
        }
        return starts;
    }

    /** The bucket that layer {@code layer}'s backward completes, or -1. */
    int completedBy(int layer) {
        return completes[layer];
    }

    /** Bucket {@code b}'s first element. */
    public long from(int b) {
        return ranges[b][0];
    }

    /** One past bucket {@code b}'s last element. */
    public long to(int b) {
        return ranges[b][1];
    }

    /** How many buckets. */
    public int count() {
        return ranges.length;
    }
}
