package org.celebadcgan.rng;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Standard normal noise from its own seeded ND4J generator, so a seed gives the same noise on any thread. */
public final class GaussianNoise implements NoiseSource {

    private final Random rng;

    public GaussianNoise(long seed) {
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    @Override
    public void fill(INDArray z) {
        Nd4j.getExecutioner().exec(new GaussianDistribution(z, 0.0, 1.0), rng);
    }
}
