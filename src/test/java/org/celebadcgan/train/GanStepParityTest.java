package org.celebadcgan.train;

import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.testutil.NetParams;
import org.celebadcgan.testutil.ParityFixture;
import org.celebadcgan.testutil.ParityRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's GAN step against PyTorch's on the same weights and inputs (fixtures from scripts/make_parity_fixture.py):
 * forward outputs, losses, every parameter gradient of one D step and one G step, BatchNorm running means, and
 * Adam at t = 1 and t = 2 for a given gradient. Tolerance: 1e-4 of each tensor's largest magnitude (float32).
 */
class GanStepParityTest {

    static final double TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0} z{1} g{2} d{3} batch {4}")
    @CsvSource({"paper, 16, 4, 4, 4, 1234", "seed, 16, 4, 4, 4, 5678"})
    void stepMatchesPyTorch(String arch, int zDim, int gWidth, int dWidth, int batch, long seed) throws Exception {
        ParityFixture fx = ParityFixture.load(String.format("/parity/%s-z%d-g%d-d%d-b%d-s%d.bin",
                arch, zDim, gWidth, dWidth, batch, seed));
        ModelSpec spec = new ModelSpec(Architecture.parse(arch), zDim, gWidth, dWidth);
        GanPair pair = GanPair.create(spec, 0);
        ParityRandom rng = new ParityRandom(seed);
        NetParams.fill(pair.generator(), rng);
        NetParams.fill(pair.discriminator(), rng);
        INDArray real = array(rng, 1.0, batch, 3, 64, 64);
        INDArray z1 = array(rng, 1.5, batch, zDim, 1, 1);
        INDArray z2 = array(rng, 1.5, batch, zDim, 1, 1);
        Deque<INDArray> noise = new ArrayDeque<>(List.of(z1, z2));
        GanStep step = new GanStep(pair, AdamSettings.dcgan(), z -> z.assign(noise.removeFirst()));

        // Forward passes in train mode (output() changes no state).
        close("G(z1)", pair.generator().output(z1, true), fx.get("fake"));
        close("D(real)", pair.discriminator().output(real, true), fx.get("d_logits_real"));
        close("D(G(z1))", pair.discriminator().output(fx.get("fake"), true), fx.get("d_logits_fake"));

        // (1) D step: loss, every gradient, running means.
        step.discriminatorGradient(real);
        double lossD = step.takeFigures().lossD();
        assertEquals(fx.scalar("loss_d"), lossD, TOLERANCE * Math.abs(fx.scalar("loss_d")), "D loss");
        List<INDArray> dGrads = NetParams.viewsAtSameOffsets(pair.discriminator(), step.discriminatorGradientView());
        double dFloor = noiseFloor(fx, "d_grad.", dGrads.size());
        for (int i = 0; i < dGrads.size(); i++) {
            close("D gradient " + i, dGrads.get(i), fx.get("d_grad." + i), dFloor);
        }
        List<INDArray> means = NetParams.runningMeans(pair.discriminator());
        for (int i = 0; i < means.size(); i++) {
            close("D running mean " + i, means.get(i), fx.get("d_running_mean." + i));
        }

        // Adam on D at t = 1 with PyTorch's gradient; then D continues from PyTorch's weights so the G step
        // compares gradients on identical inputs.
        INDArray dGradFromTorch = flatLike(pair.discriminator().params(), pair, false, fx, "d_grad.");
        step.adamD().step(GanStep.flat(pair.discriminator().params()), dGradFromTorch, 0);
        List<INDArray> dParams = NetParams.trainable(pair.discriminator());
        for (int i = 0; i < dParams.size(); i++) {
            close("D after Adam t=1, param " + i, dParams.get(i), fx.get("d_after_adam1." + i));
            dParams.get(i).assign(fx.get("d_after_adam1." + i).reshape(dParams.get(i).shape()));
        }

        // (2) G step: loss and every gradient, through D.
        step.generatorGradient();
        double lossG = step.takeFigures().lossG();
        assertEquals(fx.scalar("loss_g"), lossG, TOLERANCE * Math.abs(fx.scalar("loss_g")), "G loss");
        List<INDArray> gGrads = NetParams.gradients(pair.generator());
        double gFloor = noiseFloor(fx, "g_grad.", gGrads.size());
        for (int i = 0; i < gGrads.size(); i++) {
            close("G gradient " + i, gGrads.get(i), fx.get("g_grad." + i), gFloor);
        }
        INDArray gGradFromTorch = flatLike(pair.generator().params(), pair, true, fx, "g_grad.");
        step.adamG().step(GanStep.flat(pair.generator().params()), gGradFromTorch, 0);
        List<INDArray> gParams = NetParams.trainable(pair.generator());
        for (int i = 0; i < gParams.size(); i++) {
            close("G after Adam t=1, param " + i, gParams.get(i), fx.get("g_after_adam1." + i));
        }

        // Adam on D at t = 2 with a synthetic gradient drawn after z2, as the script does.
        INDArray g2 = Nd4j.zeros(pair.discriminator().params().dataType(), pair.discriminator().params().length());
        for (INDArray view : NetParams.viewsAtSameOffsets(pair.discriminator(), g2)) {
            view.assign(Nd4j.create(rng.uniform((int) view.length(), 0.01, 0)));
        }
        step.adamD().step(GanStep.flat(pair.discriminator().params()), g2, 1);
        for (int i = 0; i < dParams.size(); i++) {
            close("D after Adam t=2, param " + i, dParams.get(i), fx.get("d_after_adam2." + i));
        }
    }

    private static INDArray flatLike(INDArray params, GanPair pair, boolean generator, ParityFixture fx,
                                     String prefix) {
        var net = generator ? pair.generator() : pair.discriminator();
        INDArray flat = Nd4j.zeros(params.dataType(), params.length());
        List<INDArray> views = NetParams.viewsAtSameOffsets(net, flat);
        for (int i = 0; i < views.size(); i++) {
            views.get(i).assign(fx.get(prefix + i).reshape(views.get(i).length()));
        }
        return flat;
    }

    private static INDArray array(ParityRandom rng, double scale, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Nd4j.create(rng.uniform((int) n, scale, 0), shape, 'c');
    }

    /**
     * A conv bias right before BatchNorm has a true gradient of zero, so both frameworks return float noise
     * (~1e-7) there: a tensor whose largest value is under 1% of the network's largest gradient (this floor) is
     * noise, compared against the network's largest gradient instead of its own largest value.
     */
    private static double noiseFloor(ParityFixture fx, String prefix, int count) {
        double max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, fx.get(prefix + i).amaxNumber().doubleValue());
        }
        return 0.01 * max;
    }

    static void close(String what, INDArray actual, INDArray expected) {
        close(what, actual, expected, 0);
    }

    static void close(String what, INDArray actual, INDArray expected, double floor) {
        assertEquals(expected.length(), actual.length(), what + ": size");
        boolean noise = floor > 0 && expected.amaxNumber().doubleValue() < floor;
        double err = NetParams.relativeError(actual, expected, noise ? floor * 100 : floor);
        assertTrue(err <= TOLERANCE, what + ": relative error " + err + " > " + TOLERANCE);
    }
}
