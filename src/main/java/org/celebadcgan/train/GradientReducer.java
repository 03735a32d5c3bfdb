package org.celebadcgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link GanStep} does with a network's flat gradient before its Adam step: nothing on one worker; in gradients
 * mode, replace it in place by its mean over the workers (spark.RingGradients), so every rank applies the same update.
 * The gradient arrives in buckets ({@link GradientBuckets}), each as soon as the backward pass has finished it, so a
 * reducer may work on one bucket while backward computes the layers before it; {@link #finish()} waits for them all.
 */
public interface GradientReducer {

    /** Leaves the gradient as it is: one worker, or workers that synchronise their states instead. */
    GradientReducer LOCAL = new GradientReducer() {
        @Override
        public void reduce(INDArray gradient, long from, long to) {
        }

        @Override
        public void finish() {
        }
    };

    /**
     * Replaces elements {@code from} (inclusive) to {@code to} of {@code gradient} (a 1-D view of a network's flat
     * gradient buffer, BatchNorm statistics' slots zero) by their reduction, in place: now, or before {@link #finish()}
     * returns. The caller does not touch that range until then.
     */
    void reduce(INDArray gradient, long from, long to);

    /** Returns when every range handed to {@link #reduce} since the last call is reduced. */
    void finish();
}
