package org.celebadcgan.attributes;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The DCGAN paper's vector arithmetic (section 6.3), with the classifier choosing the exemplars: draw many faces,
 * score each for the recipe's three concepts, average the latents of the top {@link #PER_CONCEPT} per concept,
 * combine the averages (first - second + third), and render the result with small uniform noise around it, as the
 * paper's Figure 7 does. The result's images are scored for the target concept against the pool's base rate.
 */
public final class VectorArithmetic {

    /** Exemplars averaged per concept (the paper averages three). */
    public static final int PER_CONCEPT = 3;
    /** Faces drawn with the result vector: the vector itself and this many noisy copies. */
    public static final int RESULT_FACES = 8;
    /** The paper's noise around the result vector: uniform in [-0.25, 0.25] per value. */
    public static final double NOISE = 0.25;
    /**
     * Faces per generator batch. The generator runs BatchNorm on batch statistics, so every batch, the pool's and the
     * final one, has this size; the final one is topped up with pool latents so its statistics match the pool's.
     */
    public static final int BATCH = 64;

    private VectorArithmetic() {
    }

    /**
     * One concept's exemplars.
     *
     * @param concept the concept
     * @param indices pool indices of the chosen latents, best first
     * @param scores  their scores for the concept
     */
    public record Choice(Concept concept, int[] indices, double[] scores) {
    }

    /**
     * What the arithmetic produced.
     *
     * @param recipe        the recipe
     * @param poolSize      faces drawn and scored
     * @param choices       the three operands' exemplars
     * @param images        [3 * 4 + RESULT_FACES, 3, 64, 64]: per operand its exemplars and the face of their mean,
     *                      then the result vector's face and its noisy copies
     * @param resultScores  the target concept's score of each result face (the vector's first)
     * @param poolTargetRate fraction of the pool whose target score is over 0.5: the rate by chance
     */
    public record Outcome(Recipe recipe, int poolSize, List<Choice> choices, INDArray images, double[] resultScores,
                          double poolTargetRate) {

        /** Fraction of the result faces whose target score is over 0.5. */
        public double resultTargetRate() {
            return Arrays.stream(resultScores).filter(s -> s > 0.5).count() / (double) resultScores.length;
        }
    }

    /** Runs {@code recipe} on {@code pool} faces from {@code faces} (rounded up to whole batches), seeded. */
    public static Outcome run(FaceSource faces, AttributeClassifier classifier, Recipe recipe, int pool, long seed) {
        int n = Math.max(1, (pool + BATCH - 1) / BATCH) * BATCH;
        int zDim = faces.zDim();
        float[][] z = rows(faces.latents(n, seed), n, zDim);
        List<String> attrs = classifier.attributes();
        double[][] probs = new double[n][];
        for (int b = 0; b < n; b += BATCH) {
            double[][] p = classifier.probabilities(faces.images(batch(Arrays.copyOfRange(z, b, b + BATCH), zDim)))
                    .toDoubleMatrix();
            System.arraycopy(p, 0, probs, b, BATCH);
        }

        List<Choice> choices = new ArrayList<>();
        List<float[]> shown = new ArrayList<>();
        float[][] means = new float[3][];
        List<Concept> operands = recipe.operands();
        for (int c = 0; c < 3; c++) {
            Concept concept = operands.get(c);
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = concept.score(attrs, probs[i]);
            }
            int[] top = topIndices(scores, PER_CONCEPT);
            double[] topScores = Arrays.stream(top).mapToDouble(i -> scores[i]).toArray();
            choices.add(new Choice(concept, top, topScores));
            means[c] = new float[zDim];
            for (int i : top) {
                shown.add(z[i]);
                for (int d = 0; d < zDim; d++) {
                    means[c][d] += z[i][d] / top.length;
                }
            }
            shown.add(means[c]);
        }
        float[] result = new float[zDim];
        for (int d = 0; d < zDim; d++) {
            result[d] = means[0][d] - means[1][d] + means[2][d];
        }
        shown.add(result);
        SplittableRandom noise = new SplittableRandom(seed ^ 0x41524954484DL); // "ARITHM": apart from the pool's
        for (int v = 1; v < RESULT_FACES; v++) {
            float[] copy = result.clone();
            for (int d = 0; d < zDim; d++) {
                copy[d] += (float) ((noise.nextDouble() * 2 - 1) * NOISE);
            }
            shown.add(copy);
        }

        int special = shown.size();
        List<float[]> finalBatch = new ArrayList<>(shown);
        for (int i = 0; finalBatch.size() < Math.max(BATCH, special); i++) {
            finalBatch.add(z[i % n]); // filler: only there for the batch statistics, never shown
        }
        INDArray images = faces.images(batch(finalBatch.toArray(new float[0][]), zDim));
        INDArray kept = images.get(NDArrayIndex.interval(0, special)).dup();
        double[][] finalProbs = classifier.probabilities(kept).toDoubleMatrix();
        double[] resultScores = new double[RESULT_FACES];
        for (int v = 0; v < RESULT_FACES; v++) {
            resultScores[v] = recipe.target().score(attrs, finalProbs[special - RESULT_FACES + v]);
        }
        long hits = Arrays.stream(probs).filter(p -> recipe.target().score(attrs, p) > 0.5).count();
        return new Outcome(recipe, n, choices, kept, resultScores, hits / (double) n);
    }

    /** Indices of the {@code k} largest scores, largest first (lower index first among equals). */
    static int[] topIndices(double[] scores, int k) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : a - b);
        return Arrays.stream(idx, 0, Math.min(k, idx.length)).mapToInt(Integer::intValue).toArray();
    }

    private static float[][] rows(INDArray latents, int n, int zDim) {
        return latents.reshape(n, zDim).toFloatMatrix();
    }

    private static INDArray batch(float[][] latents, int zDim) {
        return Nd4j.createFromArray(latents).reshape(latents.length, zDim, 1, 1);
    }
}
