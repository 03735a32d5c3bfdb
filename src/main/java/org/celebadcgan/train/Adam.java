package org.celebadcgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam over one network's flat parameter vector, with PyTorch's arithmetic.
 * <p>
 * libnd4j's adam_updater computes {@code lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)}; PyTorch adds eps to the
 * bias-corrected root, {@code lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}. Passing
 * {@code eps * sqrt(1-b2^t)} to the op makes the two identical. The moments live here (not in DL4J's updater)
 * so they can be averaged across workers and checkpointed as two flat arrays.
 */
public final class Adam {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final INDArray m;
    private final INDArray v;

    public Adam(AdamSettings settings, long numParams) {
        this.lr = settings.lr();
        this.beta1 = settings.beta1();
        this.beta2 = settings.beta2();
        this.eps = settings.eps();
        this.m = Nd4j.zeros(DataType.FLOAT, numParams);
        this.v = Nd4j.zeros(DataType.FLOAT, numParams);
    }

    /**
     * One Adam step at 0-based {@code iteration}: turns {@code gradient} into the update in place and subtracts it
     * from {@code params}. Nothing is allocated.
     */
    public void step(INDArray params, INDArray gradient, long iteration) {
        double epsT = eps * Math.sqrt(1 - Math.pow(beta2, iteration + 1));
        Nd4j.exec(new AdamUpdater(gradient, v, m, lr, beta1, beta2, epsT, Math.toIntExact(iteration)));
        params.subi(gradient);
    }

    /** First moment (a live view: callers that keep it must dup). */
    public INDArray firstMoment() {
        return m;
    }

    /** Second moment (a live view). */
    public INDArray secondMoment() {
        return v;
    }
}
