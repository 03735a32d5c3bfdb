package org.celebadcgan.attributes;

import org.celebadcgan.model.Sampler;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the vector arithmetic needs of a generator: latent vectors to start from, and the faces of any latents. A
 * checkpoint's {@link Sampler} is the real one; tests also use pictures as their own latents, to check the
 * arithmetic with the real classifier where a tiny generator draws no faces.
 */
public interface FaceSource {

    /** Values per latent vector. */
    int zDim();

    /** {@code n} latents [n, zDim, 1, 1] drawn from {@code seed}. */
    INDArray latents(int n, long seed);

    /** The faces [n, 3, 64, 64] in [-1, 1] of latents [n, zDim, 1, 1], drawn as one batch. */
    INDArray images(INDArray latents);

    /** A checkpoint's generator. */
    static FaceSource of(Sampler sampler) {
        return new FaceSource() {
            @Override
            public int zDim() {
                return sampler.spec().zDim();
            }

            @Override
            public INDArray latents(int n, long seed) {
                return sampler.latents(n, seed, 0);
            }

            @Override
            public INDArray images(INDArray latents) {
                return sampler.images(latents);
            }
        };
    }
}
