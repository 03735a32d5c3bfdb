package org.celebadcgan.run;

import org.celebadcgan.data.PackedImages;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.SampleGrid;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.model.Sampler;
import org.celebadcgan.train.TrainingState;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * 8x8 grids from fixed noise every samples.everySteps ({@code samples/step-NNNNNNNN.png}, {@code latest.png}), and
 * once {@code real.png} for comparison. The noise is made once from the seed and stored with the run
 * ({@code samples/fixed_noise.bin}), so successive grids, also across resumes, show the same 64 latents.
 */
public final class SampleGrids implements RunListener {

    static final String NOISE = "samples/fixed_noise.bin";
    private static final int COUNT = 64;

    private final OutputRoot out;
    private final ModelSpec spec;
    private final long seed;
    private final int every;
    private final List<byte[]> real;
    private Sampler sampler;
    private INDArray noise;

    /** {@code real}: up to 64 training images for real.png. */
    public SampleGrids(OutputRoot out, ModelSpec spec, long seed, int every, List<byte[]> real) {
        this.out = out;
        this.spec = spec;
        this.seed = seed;
        this.every = every;
        this.real = real;
    }

    @Override
    public void started(TrainingState start) throws IOException {
        if (!out.exists("samples/real.png")) {
            PackedImages p = new PackedImages(real.subList(0, Math.min(COUNT, real.size())));
            float[] v = new float[p.count() * PackedImages.IMAGE_BYTES];
            for (int i = 0; i < p.count(); i++) {
                p.copyScaled(i, v, i * PackedImages.IMAGE_BYTES);
            }
            write(Nd4j.create(v, new long[]{p.count(), 3, 64, 64}, 'c'), "samples/real.png");
        }
        sampler = new Sampler(spec);
        noise = fixedNoise();
    }

    @Override
    public long nextStatePoint(long step) {
        return RunListener.nextMultiple(step, every);
    }

    @Override
    public void stateReached(TrainingState state, RoundEvent last) throws IOException {
        String grid = String.format("samples/step-%08d.png", state.step());
        write(sampler.load(state.g()).images(noise), grid);
        out.copy(grid, "samples/latest.png");
    }

    private void write(INDArray images, String file) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        int n = (int) Math.min(COUNT, images.size(0));
        int cols = Math.min(8, n);
        SampleGrid.write(images, n / cols, cols, png);
        out.write(file, png.toByteArray());
    }

    private INDArray fixedNoise() throws IOException {
        long[] shape = {COUNT, spec.zDim(), 1, 1};
        if (out.exists(NOISE) && out.length(NOISE) == (long) COUNT * spec.zDim() * 4) {
            java.nio.FloatBuffer f = ByteBuffer.wrap(out.read(NOISE)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] v = new float[f.remaining()];
            f.get(v);
            return Nd4j.create(v, shape, 'c');
        }
        INDArray z = sampler.latents(COUNT, seed + 2, 0);
        ByteBuffer b = ByteBuffer.allocate(4 * (int) z.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(z.data().asFloat());
        out.write(NOISE, b.array());
        return z;
    }
}
