package org.celebadcgan.train;

import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.testutil.NetParams;
import org.celebadcgan.testutil.ParityFixture;
import org.celebadcgan.testutil.ParityRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thirty full GAN steps of our {@link GanStep} against PyTorch's (scripts/make_multistep_fixture.py) from the same
 * weights, real batches and noise: catches what one step cannot (gradient buffers carried between steps, Adam's
 * moments and bias correction over many steps, state the G step leaves for the next D step).
 * <p>
 * Tolerance is what float32 itself allows, measured by the fixture: PyTorch runs whose initial weights differ by
 * half an ulp agree to ~1e-6 for five steps, then jump apart (1e-4 at step 7, ~2e-2 by step 20, 3.8e-2 in the
 * final parameters): this tiny GAN is chaotic in float32. So each step's five figures (losses, mean D outputs) must
 * lie within {@value #SPREAD_FACTOR} times that ensemble's spread at that step, never less than 1e-5 relative, and
 * the final parameters within {@value #SPREAD_FACTOR} times the ensemble's final spread, never less than 1e-3.
 * The early steps are the sharp check; the late ones catch a trajectory that leaves PyTorch's float32 envelope.
 */
class GanStepMultiStepParityTest {

    static final String FIXTURE = "/parity/multistep-paper-z16-g8-d8-b8-n30-s4242.bin";
    static final int Z_DIM = 16;
    static final int WIDTH = 8;
    static final int BATCH = 8;
    static final int STEPS = 30;
    static final long SEED = 4242;
    static final double SPREAD_FACTOR = 3;
    static final double LOSS_FLOOR = 1e-5;
    static final double PARAM_FLOOR = 1e-3;
    static final String[] CURVES = {"loss_d", "loss_g", "d_real", "d_fake", "g_fake"};

    @Test
    void thirtyStepsFollowPyTorch() throws Exception {
        ParityFixture fx = ParityFixture.load(FIXTURE);
        Run run = Run.of(SEED, AdamSettings.dcgan());
        double[][] curves = run.steps(STEPS);
        double[] err = stepErrors(curves, fx);
        double worstG = worst(NetParams.trainable(run.pair.generator()), fx, "g_final.");
        double worstD = worst(NetParams.trainable(run.pair.discriminator()), fx, "d_final.");
        // The figures docs/performance.md quotes.
        StringBuilder bySteps = new StringBuilder();
        for (int s = 0; s < STEPS; s++) {
            bySteps.append(String.format(Locale.ROOT, " %.0e/%.0e", err[s], fx.get("spread_by_step").getDouble(s)));
        }
        System.out.printf(Locale.ROOT, "multistep parity, %d steps: max rel error steps 1-5 %.2e, 1-10 %.2e, all %.2e;"
                        + " final G params %.2e, D params %.2e; PyTorch's ulp ensemble: final params %.2e, float32 vs"
                        + " float64 losses %.2e, params %.2e%nours/ensemble by step:%s%n",
                STEPS, max(err, 5), max(err, 10), max(err, STEPS), worstG, worstD, fx.scalar("spread_params"),
                fx.scalar("drift_losses"), fx.scalar("drift_params"), bySteps);
        for (int s = 0; s < STEPS; s++) {
            double tol = stepTolerance(fx, s);
            assertTrue(err[s] <= tol, "step " + (s + 1) + ": relative error " + err[s] + " > " + tol);
        }
        double paramTol = Math.max(PARAM_FLOOR, SPREAD_FACTOR * fx.scalar("spread_params"));
        assertTrue(worstG <= paramTol, "final G params: relative error " + worstG + " > " + paramTol);
        assertTrue(worstD <= paramTol, "final D params: relative error " + worstD + " > " + paramTol);
    }

    /**
     * The trainer carries a worker's whole state between rounds as a {@link TrainingState}: with K = 1 every step
     * starts on networks restored from the last one's export. Thirty steps that way, each on a newly built pair,
     * must give exactly the continuous run's figures and parameters (nothing the step needs is left out of the
     * state: parameters, BatchNorm statistics, Adam moments, the step counter).
     */
    @Test
    void stepsThroughExportedStateMatchTheContinuousRun() throws Exception {
        Run continuous = Run.of(SEED, AdamSettings.dcgan());
        double[][] expected = continuous.steps(STEPS);
        ThroughState restored = ThroughState.run(UnaryOperator.identity());
        for (int k = 0; k < CURVES.length; k++) {
            for (int s = 0; s < STEPS; s++) {
                assertTrue(expected[k][s] == restored.curves[k][s], CURVES[k] + " at step " + (s + 1)
                        + ": continuous " + expected[k][s] + ", through exported state " + restored.curves[k][s]);
            }
        }
        assertTrue(continuous.pair.generator().params().equals(restored.last.generator().params()), "final G");
        assertTrue(continuous.pair.discriminator().params().equals(restored.last.discriminator().params()), "final D");
    }

    /** ... and that comparison can fail: a state that loses G's Adam moments gives another run. */
    @Test
    void aStateWithoutAdamMomentsIsCaught() {
        Run continuous = Run.of(SEED, AdamSettings.dcgan());
        double[][] expected = continuous.steps(STEPS);
        ThroughState lossy = ThroughState.run(st -> new TrainingState(st.g(), st.d(), new float[st.gM().length],
                new float[st.gV().length], st.dM(), st.dV(), st.step(), st.round()));
        boolean differs = false;
        for (int s = 1; s < STEPS; s++) {
            differs |= expected[1][s] != lossy.curves[1][s];
        }
        assertTrue(differs, "dropping G's Adam moments went unnoticed");
    }

    /** Each step on a newly built pair restored from the previous step's exported (and {@code alter}ed) state. */
    private record ThroughState(double[][] curves, GanPair last) {
        static ThroughState run(UnaryOperator<TrainingState> alter) {
            Run first = Run.of(SEED, AdamSettings.dcgan());
            TrainingState state = first.step.exportState(0);
            ParityRandom rng = first.rng;
            double[][] curves = new double[CURVES.length][STEPS];
            GanPair pair = null;
            for (int s = 0; s < STEPS; s++) {
                pair = GanPair.create(new ModelSpec(Architecture.PAPER, Z_DIM, WIDTH, WIDTH), 99);
                GanStep step = new GanStep(pair, AdamSettings.dcgan(), z -> z.assign(array(rng, 1.5, z.shape())));
                step.importState(alter.apply(state));
                step.step(array(rng, 1.0, BATCH, 3, 64, 64));
                StepResult r = step.takeFigures();
                double[] v = {r.lossD(), r.lossG(), r.dReal(), r.dFakeD(), r.dFakeG()};
                for (int k = 0; k < v.length; k++) {
                    curves[k][s] = v[k];
                }
                state = step.exportState(s + 1);
            }
            return new ThroughState(curves, pair);
        }
    }

    /** The comparison can fail: a 2% larger Adam step leaves the envelope within the first steps. */
    @Test
    void aDifferentLearningRateIsCaught() throws Exception {
        ParityFixture fx = ParityFixture.load(FIXTURE);
        Run run = Run.of(SEED, new AdamSettings(2.04e-4, 0.5, 0.999, 1e-8));
        double[] err = stepErrors(run.steps(STEPS), fx);
        int firstOut = -1;
        for (int s = 0; s < STEPS && firstOut < 0; s++) {
            if (err[s] > stepTolerance(fx, s)) {
                firstOut = s + 1;
            }
        }
        assertTrue(firstOut > 0, "a 2% larger learning rate went unnoticed");
        System.out.println("lr 2.04e-4 leaves the envelope at step " + firstOut);
    }

    private static double stepTolerance(ParityFixture fx, int s) {
        return Math.max(LOSS_FLOOR, SPREAD_FACTOR * fx.get("spread_by_step").getDouble(s));
    }

    /** Per step, the largest relative error over the five curves. */
    private static double[] stepErrors(double[][] curves, ParityFixture fx) {
        double[] err = new double[curves[0].length];
        for (int s = 0; s < err.length; s++) {
            for (int k = 0; k < CURVES.length; k++) {
                double expected = fx.get(CURVES[k]).getDouble(s);
                err[s] = Math.max(err[s], Math.abs(curves[k][s] - expected) / Math.max(Math.abs(expected), 1e-12));
            }
        }
        return err;
    }

    private static double max(double[] v, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, v[i]);
        }
        return m;
    }

    private static double worst(List<INDArray> params, ParityFixture fx, String prefix) {
        double worst = 0;
        for (int i = 0; i < params.size(); i++) {
            worst = Math.max(worst, NetParams.relativeError(params.get(i), fx.get(prefix + i), 0));
        }
        return worst;
    }

    /** Our step on the fixture's inputs: real batch, then the D step's noise, then the G step's, per step. */
    private static final class Run {
        final GanPair pair;
        final ParityRandom rng;
        final GanStep step;

        private Run(GanPair pair, ParityRandom rng, AdamSettings adam) {
            this.pair = pair;
            this.rng = rng;
            this.step = new GanStep(pair, adam, z -> z.assign(array(rng, 1.5, z.shape())));
        }

        static Run of(long seed, AdamSettings adam) {
            GanPair pair = GanPair.create(new ModelSpec(Architecture.PAPER, Z_DIM, WIDTH, WIDTH), 0);
            ParityRandom rng = new ParityRandom(seed);
            NetParams.fill(pair.generator(), rng);
            NetParams.fill(pair.discriminator(), rng);
            return new Run(pair, rng, adam);
        }

        /** Runs {@code n} steps; returns {loss D, loss G, D(x), D(G(z)), D(G(z'))} per step. */
        double[][] steps(int n) {
            double[][] out = new double[5][n];
            for (int s = 0; s < n; s++) {
                step.step(array(rng, 1.0, BATCH, 3, 64, 64));
                StepResult r = step.takeFigures();
                out[0][s] = r.lossD();
                out[1][s] = r.lossG();
                out[2][s] = r.dReal();
                out[3][s] = r.dFakeD();
                out[4][s] = r.dFakeG();
            }
            return out;
        }
    }

    private static INDArray array(ParityRandom rng, double scale, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Nd4j.create(rng.uniform((int) n, scale, 0), shape, 'c');
    }
}
