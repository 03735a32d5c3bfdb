package org.celebadcgan.model;

import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.rng.NoiseSource;
import org.celebadcgan.runtime.OneDnnHelpers;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Faces from a generator's parameters: the one sampler behind the sample grids, {@code generate}, {@code evaluate}
 * and {@code interpolate}. Only G is built. Sampling runs BatchNorm in train mode (batch statistics), as the DCGAN
 * tutorial samples its fixed-noise grids, so an image depends on the batch it is drawn with: images are drawn in
 * consecutive batches of {@link #BATCH} (the grids' 64), and the same latents in the same order give the same images.
 */
public final class Sampler {

    /** Images drawn per batch: the sample grids' 64, also bounding memory whatever the count. */
    public static final int BATCH = 64;

    /** Redraw rounds before a truncation is declared too tight to reach (T = 0.01 needs about a thousand). */
    private static final int MAX_REDRAWS = 10_000;
    /** Below this sin(angle) two latents are taken as parallel: slerp's weights would divide by ~0. */
    private static final double PARALLEL = 1e-6;

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
     * whose magnitude exceeds it are drawn again (the truncation trick: fewer, more typical faces). The same
     * arguments give the same latents.
     */
    public INDArray latents(int n, long seed, double truncation) {
        if (!(truncation >= 0)) {
            throw new IllegalArgumentException("truncation must be positive (or 0 for none), got " + truncation);
        }
        INDArray z = Nd4j.create(DataType.FLOAT, n, spec.zDim(), 1, 1);
        GaussianNoise noise = new GaussianNoise(seed);
        noise.fill(z);
        return truncation > 0 ? truncated(z, noise, (float) truncation) : z;
    }

    /**
     * {@code z} with every value beyond +-t redrawn from {@code noise}, again and again, until all lie within: a
     * normal truncated to [-t, t]. Each round draws only as many values as are still out, so the result is a
     * function of the noise stream alone.
     */
    static INDArray truncated(INDArray z, NoiseSource noise, float t) {
        float[] v = z.dup('c').data().asFloat();
        int[] out = outside(v, t, null);
        for (int round = 0; out.length > 0; round++) {
            if (round == MAX_REDRAWS) {
                throw new IllegalArgumentException("truncation " + t + " is too tight: " + out.length
                        + " values still beyond it after " + MAX_REDRAWS + " redraws");
            }
            INDArray draw = Nd4j.create(DataType.FLOAT, out.length);
            noise.fill(draw);
            float[] d = draw.data().asFloat();
            for (int j = 0; j < out.length; j++) {
                v[out[j]] = d[j];
            }
            out = outside(v, t, out);
        }
        return Nd4j.create(v, z.shape(), 'c');
    }

    /** Indices of {@code v} with |value| > t: among {@code among}, or all when null. */
    private static int[] outside(float[] v, float t, int[] among) {
        int n = among == null ? v.length : among.length;
        int[] out = new int[n];
        int k = 0;
        for (int j = 0; j < n; j++) {
            int i = among == null ? j : among[j];
            if (Math.abs(v[i]) > t) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * Spherical interpolation from {@code a} (t = 0) to {@code b} (t = 1) along the great circle between them, as
     * DCGAN and ProGAN walk latent space: a Gaussian latent's norm concentrates near sqrt(zDim), and a straight line
     * would cut through the less typical middle. Nearly parallel (or zero) vectors fall back to the straight line.
     * The endpoints come back exactly.
     */
    public static float[] slerp(float[] a, float[] b, double t) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("slerp of vectors of " + a.length + " and " + b.length + " values");
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        double omega = Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(aa * bb))));
        double sin = Math.sin(omega);
        double wa;
        double wb;
        if (!(sin > PARALLEL)) { // also NaN, from a zero vector
            wa = 1 - t;
            wb = t;
        } else {
            wa = Math.sin((1 - t) * omega) / sin;
            wb = Math.sin(t * omega) / sin;
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    /** {@link #slerp(float[], float[], double)} of each pair of rows of two latent batches [n, zDim, 1, 1]. */
    public static INDArray slerp(INDArray from, INDArray to, double t) {
        if (!Arrays.equals(from.shape(), to.shape())) {
            throw new IllegalArgumentException("slerp of latents " + Arrays.toString(from.shape()) + " and "
                    + Arrays.toString(to.shape()));
        }
        int n = (int) from.size(0);
        int d = (int) (from.length() / n);
        float[] a = from.dup('c').data().asFloat();
        float[] b = to.dup('c').data().asFloat();
        float[] out = new float[a.length];
        for (int r = 0; r < n; r++) {
            int at = r * d;
            System.arraycopy(slerp(Arrays.copyOfRange(a, at, at + d), Arrays.copyOfRange(b, at, at + d), t), 0, out,
                    at, d);
        }
        return Nd4j.create(out, from.shape(), 'c');
    }

    /**
     * Row r walks by slerp from {@code from}'s latent r to {@code to}'s in {@code steps} images: [rows * steps, 3,
     * 64, 64], row-major. Each column (one t for every row) is drawn as {@code images} draws rows latents, so the
     * first and last columns are exactly {@code images(from)} and {@code images(to)}.
     */
    public INDArray interpolation(INDArray from, INDArray to, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 steps, got " + steps);
        }
        INDArray[] columns = new INDArray[steps];
        for (int c = 0; c < steps; c++) {
            double t = (double) c / (steps - 1);
            columns[c] = images(slerp(from, to, t)); // t = 0 and 1 give from and to exactly
        }
        INDArray stacked = Nd4j.stack(0, columns); // [steps, rows, 3, h, w]
        long[] s = stacked.shape();
        return stacked.permute(1, 0, 2, 3, 4).dup('c').reshape('c', s[1] * s[0], s[2], s[3], s[4]);
    }

    /**
     * G(z) for latents [n, zDim, 1, 1]: [n, 3, 64, 64] with values in [-1, 1] (a new array), drawn in batches of
     * {@link #BATCH}: latents 0-63 as one, 64-127 as the next, ...
     */
    public INDArray images(INDArray z) {
        long n = z.size(0);
        if (n <= BATCH) {
            return generator.output(z, true);
        }
        INDArray[] batches = new INDArray[(int) ((n + BATCH - 1) / BATCH)];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = generator.output(z.get(NDArrayIndex.interval((long) b * BATCH, Math.min(n,
                    (long) (b + 1) * BATCH))).dup('c'), true);
        }
        return Nd4j.concat(0, batches);
    }
}
