package org.celebadcgan.train;

import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step's contract beyond numerical parity: who moves when, determinism, and the reported figures. */
class GanStepTest {

    private static final ModelSpec SMALL = new ModelSpec(Architecture.SEED, 16, 8, 8);

    private static INDArray realBatch(int b, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, b, 3, 64, 64).muli(2).subi(1);
    }

    @Test
    void generatorDoesNotMoveInTheDStepNorDiscriminatorInTheGStep() {
        GanPair pair = GanPair.create(SMALL, 3);
        GanStep step = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(4));
        INDArray real = realBatch(4, 1);

        INDArray gBefore = pair.generator().params().dup();
        INDArray dBefore = pair.discriminator().params().dup();
        step.updateDiscriminator(real);
        assertEquals(gBefore, pair.generator().params(), "G (weights and BN statistics) unchanged by the D step");
        assertNotEquals(dBefore, pair.discriminator().params(), "D moved in the D step");

        INDArray dAfterDStep = pair.discriminator().params().dup();
        step.updateGenerator();
        assertEquals(dAfterDStep, pair.discriminator().params(),
                "D (weights and BN statistics) unchanged by the G step");
        assertNotEquals(gBefore, pair.generator().params(), "G moved in the G step");
    }

    @Test
    void sameSeedsGiveBitIdenticalRuns() {
        INDArray a = run(5, 9);
        INDArray b = run(5, 9);
        INDArray c = run(5, 10);
        assertEquals(a, b);
        assertNotEquals(a, c, "other noise seed, other result");
    }

    private static INDArray run(long modelSeed, long noiseSeed) {
        GanPair pair = GanPair.create(SMALL, modelSeed);
        GanStep step = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(noiseSeed));
        INDArray real = realBatch(4, 2);
        for (int i = 0; i < 3; i++) {
            step.step(real);
        }
        return Nd4j.concat(0, pair.generator().params().reshape(-1), pair.discriminator().params().reshape(-1));
    }

    @Test
    void figuresAreProbabilitiesAndLossesArePositive() {
        GanPair pair = GanPair.create(SMALL, 3);
        GanStep step = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(4));
        step.step(realBatch(4, 3));
        StepResult r = step.takeFigures();
        assertTrue(r.isFinite());
        assertTrue(r.lossD() > 0 && r.lossG() > 0, r.toString());
        for (double p : new double[]{r.dReal(), r.dFakeD(), r.dFakeG()}) {
            assertTrue(p > 0 && p < 1, r.toString());
        }
        assertEquals(1, step.iteration());
    }

    @Test
    void discriminatorLearnsToSeparateRealFromFakeOnAFixedBatch() {
        GanPair pair = GanPair.create(SMALL, 3);
        GanStep step = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(4));
        INDArray real = realBatch(8, 4);
        step.step(real);
        StepResult first = step.takeFigures();
        StepResult last = first;
        for (int i = 0; i < 15; i++) {
            step.step(real);
            last = step.takeFigures();
        }
        assertTrue(last.lossD() < first.lossD(), first + " -> " + last);
        assertTrue(last.dReal() > first.dReal(), first + " -> " + last);
    }

    @Test
    void bceMatchesTheClosedFormOnTheDevice() {
        double[] xs = {-30, -1, 0, 2, 40, 100};
        INDArray logits = Nd4j.create(new float[]{-30f, -1f, 0f, 2f, 40f, 100f}, new long[]{6, 1, 1, 1});
        BceWithLogits bce = new BceWithLogits(6);
        for (int target = 0; target <= 1; target++) {
            INDArray eps = Nd4j.create(DataType.FLOAT, 6, 1, 1, 1);
            INDArray loss = Nd4j.zeros(DataType.FLOAT, 6, 1, 1, 1);
            INDArray prob = Nd4j.zeros(DataType.FLOAT, 6, 1, 1, 1);
            bce.accumulate(logits, target, 1.0 / 6, eps, loss, prob);
            bce.accumulate(logits, target, 1.0 / 6, eps, loss, prob); // sums: twice the single values
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                // -log(sigmoid(x)) and -log(1 - sigmoid(x)) in the overflow-free form, in double
                double expected = Math.max(x, 0) - x * target + Math.log1p(Math.exp(-Math.abs(x)));
                assertEquals(2 * expected, loss.getDouble(i), 1e-5 * Math.max(1, expected), "loss at x=" + x);
                assertTrue(Double.isFinite(loss.getDouble(i)), "no overflow at x=" + x);
                assertEquals(2 * sigmoid(x), prob.getDouble(i), 1e-6, "sigmoid at x=" + x);
                assertEquals((sigmoid(x) - target) / 6, eps.getDouble(i), 1e-7, "epsilon at x=" + x);
            }
        }
    }

    /** The logistic function in double, the reference for the device's float one. */
    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Test
    void figuresAreReadOncePerRequestAndAveragedOverSteps() {
        GanPair pair = GanPair.create(SMALL, 3);
        GanStep a = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(4));
        GanPair pair2 = GanPair.create(SMALL, 3);
        GanStep b = new GanStep(pair2, AdamSettings.dcgan(), new GaussianNoise(4));
        double[] sums = new double[5];
        for (int i = 0; i < 3; i++) {
            a.step(realBatch(4, 20 + i));
            StepResult r = a.takeFigures();
            double[] v = {r.lossD(), r.lossG(), r.dReal(), r.dFakeD(), r.dFakeG()};
            for (int k = 0; k < 5; k++) {
                sums[k] += v[k] / 3;
            }
        }
        for (int i = 0; i < 3; i++) {
            b.step(realBatch(4, 20 + i));
        }
        StepResult mean = b.takeFigures();
        double[] m = {mean.lossD(), mean.lossG(), mean.dReal(), mean.dFakeD(), mean.dFakeG()};
        for (int k = 0; k < 5; k++) {
            assertEquals(sums[k], m[k], 1e-5 * Math.abs(sums[k]), "figure " + k);
        }
        assertNull(b.takeFigures(), "taken: nothing pending");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"seed", "paper"})
    void workspacesChangeNothingOverManySteps(String arch) {
        // The parity test covers step 1, when workspaces are still learning their size (everything spills);
        // from step 2 on arrays live in reused workspace memory, where aliasing would show.
        ModelSpec spec = new ModelSpec(Architecture.parse(arch), 16, 8, 8);
        INDArray[] results = new INDArray[2];
        for (int w = 0; w < 2; w++) {
            GanPair pair = GanPair.create(spec, 3);
            GanStep step = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(4), w == 0);
            for (int i = 0; i < 4; i++) {
                step.step(realBatch(4, 10 + i));
            }
            results[w] = Nd4j.concat(0, pair.generator().params().reshape(-1),
                    pair.discriminator().params().reshape(-1));
        }
        assertEquals(results[1], results[0], "workspace path equals the allocate-everything path");
    }

    /** Records a copy of each bucket as it is handed over, and when finish() came. */
    private static final class Recorder implements GradientReducer {
        final java.util.List<float[]> copies = new java.util.ArrayList<>();
        final java.util.List<long[]> ranges = new java.util.ArrayList<>();
        final java.util.List<Integer> finishedAfter = new java.util.ArrayList<>();

        @Override
        public void reduce(INDArray gradient, long from, long to) {
            copies.add(gradient.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).toFloatVector());
            ranges.add(new long[]{from, to});
        }

        @Override
        public void finish() {
            finishedAfter.add(ranges.size());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"seed", "paper"})
    void bucketsReachTheReducerFinalAsBackwardEndsEachAndTogetherAreTheWholeGradient(String arch) {
        ModelSpec spec = new ModelSpec(Architecture.parse(arch), 16, 8, 8);
        Recorder[] seen = new Recorder[2];
        INDArray[] params = new INDArray[2];
        long[] bucketBytes = {0, 8 << 10};
        int[] sizes = new int[2];
        for (int v = 0; v < 2; v++) {
            GanPair pair = GanPair.create(spec, 3);
            GanStep step = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(4));
            seen[v] = new Recorder();
            step.setGradientReducer(seen[v], bucketBytes[v]);
            sizes[0] = (int) pair.discriminator().numParams();
            sizes[1] = (int) pair.generator().numParams();
            for (int i = 0; i < 2; i++) {
                step.step(realBatch(4, 10 + i));
            }
            params[v] = Nd4j.concat(0, pair.generator().params().reshape(-1),
                    pair.discriminator().params().reshape(-1));
        }
        Recorder whole = seen[0];
        Recorder cut = seen[1];
        // Whole: D's then G's gradient, each once per step, each followed by finish().
        assertEquals(4, whole.ranges.size());
        assertEquals(java.util.List.of(1, 2, 3, 4), whole.finishedAfter);
        assertTrue(cut.ranges.size() > 8, arch + ": " + cut.ranges.size() + " buckets in 2 steps at 8 KiB");
        int at = 0;
        for (int call = 0; call < 4; call++) { // D, G, D, G
            int n = sizes[call % 2];
            float[] joined = new float[n];
            long expectFrom = n;
            int start = at;
            while (at < cut.ranges.size() && expectFrom > 0) {
                long[] r = cut.ranges.get(at);
                assertEquals(expectFrom, r[1], "buckets come last layer first and leave no gap");
                System.arraycopy(cut.copies.get(at), 0, joined, (int) r[0], (int) (r[1] - r[0]));
                expectFrom = r[0];
                at++;
            }
            assertEquals(0, expectFrom, "the buckets cover the gradient");
            assertTrue(at - start > 1, "more than one bucket");
            assertEquals(at, cut.finishedAfter.get(call), "finish() once every bucket of the gradient is out");
            // As handed over, the buckets already hold the final gradient: D's sum over both batches, BatchNorm
            // statistics' slots cleared; the same bits as the whole gradient handed over after backward.
            assertTrue(java.util.Arrays.equals(whole.copies.get(call), joined), "call " + call);
        }
        assertEquals(params[0], params[1], "bucketing changes nothing else in the step");
    }
}
