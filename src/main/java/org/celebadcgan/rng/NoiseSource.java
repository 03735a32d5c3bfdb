package org.celebadcgan.rng;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Fills a noise batch [B, zDim, 1, 1] in place. */
@FunctionalInterface
public interface NoiseSource {
    void fill(INDArray z);
}
