package org.celebadcgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link GanStep} does with a network's flat gradient just before its Adam step: nothing on one worker; in
 * gradients mode, replace it in place by its mean over the workers (spark.RingGradients), so every rank applies the
 * same update.
 */
@FunctionalInterface
public interface GradientReducer {

    /** Leaves the gradient as it is: one worker, or workers that synchronise their states instead. */
    GradientReducer LOCAL = gradient -> { };

    /**
     * Replaces {@code gradient} (a 1-D view of a network's flat gradient buffer, BatchNorm statistics' slots zero) by
     * its reduction, in place.
     */
    void reduce(INDArray gradient);
}
