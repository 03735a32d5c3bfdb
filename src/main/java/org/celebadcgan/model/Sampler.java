package org.celebadcgan.model;

import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.runtime.OneDnnHelpers;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Faces from a generator's parameters: the one sampler behind the sample grids, {@code generate}, {@code evaluate}
 * and {@code interpolate}. Only G is built. Sampling runs BatchNorm in train mode (batch statistics), as the DCGAN
 * tutorial samples its fixed-noise grids, so an image depends on the batch it is drawn with: callers that need
 * comparable images draw them in batches of the same size.
 */
public final class Sampler {

    private final ModelSpec spec;
    private final MultiLayerNetwork generator;
    private final INDArray params;

    /** A sampler for {@code spec}; load parameters with {@link #load} before drawing. */
    public Sampler(ModelSpec spec) {
        this.spec = spec;
        this.generator = NetworkBuilder.generator(spec, 0);
        OneDnnHelpers.install(generator);
        this.params = generator.params();
    }

    /** A sampler holding {@code generatorParams} (G's flat parameters, BatchNorm statistics included). */
    public static Sampler of(ModelSpec spec, float[] generatorParams) {
        return new Sampler(spec).load(generatorParams);
    }

    /** Loads G's flat parameters (as in a checkpoint or a training state); returns this. */
    public Sampler load(float[] generatorParams) {
        if (generatorParams.length != params.length()) {
            throw new IllegalArgumentException("generator parameters: " + generatorParams.length + " values, the "
                    + "model " + spec.arch().id() + " G width " + spec.gWidth() + " has " + params.length());
        }
        params.assign(Nd4j.createFromArray(generatorParams).reshape(params.shape()));
        return this;
    }

    public ModelSpec spec() {
        return spec;
    }

    /**
     * {@code n} latent vectors [n, zDim, 1, 1] drawn N(0, 1) from {@code seed}; with {@code truncation > 0}, values
     * whose magnitude exceeds it are drawn again (the truncation trick: fewer, more typical faces).
     */
    public INDArray latents(int n, long seed, double truncation) {
        INDArray z = Nd4j.create(DataType.FLOAT, n, spec.zDim(), 1, 1);
        GaussianNoise noise = new GaussianNoise(seed);
        noise.fill(z);
        if (truncation > 0) {
            INDArray redraw = Nd4j.create(DataType.FLOAT, z.shape());
            float t = (float) truncation;
            for (int round = 0; round < 10_000; round++) {
                boolean clean = true;
                noise.fill(redraw);
                for (long i = 0; i < z.length(); i++) {
                    if (Math.abs(z.getFloat(i)) > t) {
                        z.putScalar(i, redraw.getFloat(i));
                        clean = false;
                    }
                }
                if (clean) {
                    break;
                }
            }
        }
        return z;
    }

    /** G(z) for latents [n, zDim, 1, 1], as one batch: [n, 3, 64, 64] with values in [-1, 1] (a new array). */
    public INDArray images(INDArray z) {
        return generator.output(z, true);
    }
}
