package org.celebadcgan.attributes;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arithmetic with the real classifier, on generated pictures used as their own latents (a generator that is
 * the identity): a tiny test-sized GAN draws no faces to choose from, while pictures keep every step checkable:
 * the exemplars' true attributes, the mean and result faces (exact pixel averages), the target rate.
 */
class VectorArithmeticTest {

    private static final int ZDIM = 3 * 64 * 64;
    private static final int SEEDS = 8;

    /** Pictures as latents: the pool of seed s is the generated faces of seed s; a latent's face is itself. */
    static final class Pictures implements FaceSource {
        @Override
        public int zDim() {
            return ZDIM;
        }

        @Override
        public INDArray latents(int n, long seed) {
            return LabeledImages.generated(n, seed, Recipe.ATTRIBUTES).features(0, n).reshape(n, ZDIM, 1, 1);
        }

        @Override
        public INDArray images(INDArray latents) {
            return latents.reshape(latents.size(0), 3, 64, 64);
        }
    }

    @Test
    void topIndicesAreTheLargestScoresBestFirst() {
        assertArrayEquals(new int[]{3, 1, 0}, VectorArithmetic.topIndices(new double[]{0.5, 0.7, 0.1, 0.9, 0.5}, 3));
    }

    @Test
    void exemplarsHaveTheirConceptAndTheResultIsTheTargetMoreOftenThanChanceOverSeeds() {
        AttributeClassifier classifier = TrainedClassifier.get();
        double resultRate = 0;
        double poolRate = 0;
        int targets = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            VectorArithmetic.Outcome o = VectorArithmetic.run(new Pictures(), classifier, Recipe.SMILE, 256, seed);
            LabeledImages truth = LabeledImages.generated(o.poolSize(), seed, Recipe.ATTRIBUTES);
            for (VectorArithmetic.Choice c : o.choices()) {
                for (int i : c.indices()) {
                    for (var want : c.concept().wants().entrySet()) {
                        int a = Recipe.ATTRIBUTES.indexOf(want.getKey());
                        assertEquals(want.getValue(), truth.labels().get(i)[a], c.concept().name() + " #" + i);
                    }
                }
            }
            // Row c of the figure: three exemplars then their mean; then the result vector c0 - c1 + c2.
            INDArray img = o.images();
            INDArray[] means = new INDArray[3];
            for (int c = 0; c < 3; c++) {
                means[c] = truth.features(o.choices().get(c).indices()).mean(0);
                assertEquals(0, means[c].distance1(img.get(NDArrayIndex.point(4 * c + 3))), 1e-2, "mean " + c);
            }
            INDArray result = means[0].sub(means[1]).add(means[2]);
            assertEquals(0, result.distance1(img.get(NDArrayIndex.point(12))), 1e-2, "result vector");
            System.out.printf("seed %d: result target scores %s; result rate %.2f vs pool rate %.2f%n", seed,
                    java.util.Arrays.toString(o.resultScores()), o.resultTargetRate(), o.poolTargetRate());
            resultRate += o.resultTargetRate() / SEEDS;
            poolRate += o.poolTargetRate() / SEEDS;
            targets += o.resultScores()[0] > 0.5 ? 1 : 0;
        }
        // Pixel averages are blurry superpositions, so not every seed's result reads as a smiling man, and which do
        // depends on the classifier's last bits (its training is not bit-reproducible across JVMs: multi-threaded
        // float sums). Measured: 8 of 8 result vectors classified smiling men, result rate 1.00 vs pool rate 0.23;
        // with another training of the same classifier 5 of 8 (seeds 3, 5 and one more are not), result rate 0.69
        // vs pool rate 0.23. Chance is the pool rate; the test asks for half as much again.
        System.out.printf("%d of %d result vectors are smiling men; result rate %.3f vs pool rate %.3f%n", targets,
                SEEDS, resultRate, poolRate);
        assertTrue(resultRate > 1.5 * poolRate, "result rate " + resultRate + " vs chance " + poolRate);
    }

    @Test
    void everyRecipeNamesOnlyAttributesTheClassifierPredicts() {
        for (Recipe r : Recipe.values()) {
            for (Concept c : List.of(r.operands().get(0), r.operands().get(1), r.operands().get(2), r.target())) {
                assertTrue(Recipe.ATTRIBUTES.containsAll(c.wants().keySet()), c.name());
            }
        }
    }
}
