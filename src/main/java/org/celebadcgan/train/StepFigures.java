package org.celebadcgan.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The progress figures of GAN steps (losses, D outputs), summed per example on the device and read to the host only
 * when asked, once per round or log interval: a read per step would synchronise a GPU every step.
 */
final class StepFigures {

    static final int LOSS_D = 0;
    static final int LOSS_G = 1;
    static final int D_REAL = 2;
    static final int D_FAKE_D = 3;
    static final int D_FAKE_G = 4;

    private final int batch;
    private final INDArray sums;
    private final INDArray[] rows = new INDArray[5];
    private long dHalves;
    private long gHalves;

    StepFigures(int batch) {
        this.batch = batch;
        this.sums = Nd4j.create(DataType.FLOAT, 5, batch);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = sums.getRow(i).reshape(batch, 1, 1, 1); // views, made once
        }
    }

    /** The per-example sums of one figure, shaped as D's logits. */
    INDArray row(int figure) {
        return rows[figure];
    }

    void countDiscriminatorHalf() {
        dHalves++;
    }

    void countGeneratorHalf() {
        gHalves++;
    }

    /** True while figures are summed and not yet taken. */
    boolean pending() {
        return dHalves + gHalves > 0;
    }

    /**
     * Means since the last call (one host read), then starts again; a figure of a half not run since is NaN.
     * D's loss is the mean of its real and fake terms, as the step reports it.
     */
    StepResult take() {
        double[] s = sums.sum(1).toDoubleVector();
        sums.assign(0);
        double d = (double) dHalves * batch;
        double g = (double) gHalves * batch;
        dHalves = 0;
        gHalves = 0;
        return new StepResult(s[LOSS_D] / (2 * d), s[LOSS_G] / g, s[D_REAL] / d, s[D_FAKE_D] / d, s[D_FAKE_G] / g);
    }
}
