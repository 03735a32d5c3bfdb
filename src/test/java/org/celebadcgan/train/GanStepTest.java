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
        StepResult r = step.step(realBatch(4, 3));
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
        StepResult first = step.step(real);
        StepResult last = first;
        for (int i = 0; i < 15; i++) {
            last = step.step(real);
        }
        assertTrue(last.lossD() < first.lossD(), first + " -> " + last);
        assertTrue(last.dReal() > first.dReal(), first + " -> " + last);
    }

    @Test
    void bceMatchesTheClosedForm() {
        INDArray logits = Nd4j.create(new float[]{-30f, -1f, 0f, 2f, 40f}, new long[]{5, 1, 1, 1});
        INDArray eps = Nd4j.create(DataType.FLOAT, 5, 1, 1, 1);
        double[] p = new double[1];
        double loss = BceWithLogits.lossAndEpsilon(logits, 1, 1.0 / 5, eps, p);
        double expected = 0;
        for (double x : new double[]{-30, -1, 0, 2, 40}) {
            expected += Math.log1p(Math.exp(-x)); // -log(sigmoid(x)), fine in double for these values
        }
        assertEquals(expected / 5, loss, 1e-9);
        assertEquals((BceWithLogits.sigmoid(2) - 1) / 5, eps.getDouble(3), 1e-7);
        assertTrue(Double.isFinite(BceWithLogits.lossAndEpsilon(logits, 0, 1, eps, p)), "no overflow at x=40");
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
}
