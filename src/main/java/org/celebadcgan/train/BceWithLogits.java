package org.celebadcgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binary cross-entropy on logits, in the numerically stable form PyTorch's {@code BCEWithLogitsLoss} uses, as ND4J
 * ops on the device: nothing is read back to the host (on a GPU a read is a synchronisation per step). DL4J's XENT
 * loss is not used because it clips probabilities at 1e-5, which kills G's gradient when D is sure.
 */
final class BceWithLogits {

    private final INDArray work;

    /** Buffers for logits of shape [batch, 1, 1, 1]. */
    BceWithLogits(int batch) {
        this.work = Nd4j.create(DataType.FLOAT, batch, 1, 1, 1);
    }

    /**
     * For one {@code target} (0 or 1): writes {@code scale * dLoss/dLogit} into {@code epsilon}, adds each example's
     * loss {@code max(x,0) - x*t + log(1 + exp(-|x|))} to {@code lossSum} and its sigmoid to {@code probabilitySum}
     * (all of the logits' shape; sums stay on the device until {@link StepFigures#take()}).
     */
    void accumulate(INDArray logits, double target, double scale, INDArray epsilon, INDArray lossSum,
                    INDArray probabilitySum) {
        if (target == 0) {
            Nd4j.exec(new Sigmoid(logits, epsilon));                 // dLoss/dx = sigmoid(x)
            probabilitySum.addi(epsilon);
            epsilon.muli(scale);
            Nd4j.exec(new RectifiedLinear(logits, work, 0));         // max(x, 0)
        } else if (target == 1) {
            // dLoss/dx = sigmoid(x) - 1 = -sigmoid(-x): this form keeps its precision where D is sure (x >> 0),
            // where 1 - sigmoid(x) in float would cancel to a few bits
            Nd4j.exec(new Sigmoid(logits.mul(-1, work), epsilon));
            probabilitySum.addi(1).subi(epsilon);
            epsilon.muli(-scale);
            Nd4j.exec(new RectifiedLinear(work, work, 0));           // max(x, 0) - x = max(-x, 0)
        } else {
            throw new IllegalArgumentException("target must be 0 or 1, got " + target);
        }
        lossSum.addi(work);
        // + log(1 + exp(-|x|)): never overflows
        Nd4j.exec(new Abs(logits, work));
        Nd4j.exec(new Exp(work.negi(), work));
        Nd4j.exec(new Log1p(work, work));
        lossSum.addi(work);
    }
}
