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
    void exemplarsHaveTheirConceptAndTheResultIsTheTargetMoreOftenThanChance() {
        AttributeClassifier classifier = TrainedClassifier.get();
        for (long seed = 1; seed <= 3; seed++) {
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
            assertTrue(o.resultScores()[0] > 0.5, "the result vector's face is a smiling man: " + o.resultScores()[0]);
            assertTrue(o.resultTargetRate() > o.poolTargetRate(), o.resultTargetRate() + " vs " + o.poolTargetRate());
        }
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
