package org.celebadcgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary cross-entropy on logits, in the numerically stable form PyTorch's {@code BCEWithLogitsLoss} uses.
 * Computed in Java: DL4J's XENT loss clips probabilities at 1e-5, which kills G's gradient when D is sure.
 */
final class BceWithLogits {

    private BceWithLogits() {
    }

    /**
     * Mean loss over the batch for one {@code target} (0 or 1), writing {@code scale * dLoss/dLogit} into
     * {@code epsilon} (same shape as {@code logits}); {@code scale} folds in the batch mean and any loss weight.
     * Also accumulates the mean sigmoid into {@code probability[0]}.
     */
    static double lossAndEpsilon(INDArray logits, double target, double scale, INDArray epsilon,
                                 double[] probability) {
        long n = logits.length();
        double loss = 0;
        double p = 0;
        for (long i = 0; i < n; i++) {
            double x = logits.getDouble(i);
            // max(x,0) - x*t + log(1 + exp(-|x|))
            loss += Math.max(x, 0) - x * target + Math.log1p(Math.exp(-Math.abs(x)));
            double s = sigmoid(x);
            p += s;
            epsilon.putScalar(i, scale * (s - target));
        }
        probability[0] = p / n;
        return loss / n;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
