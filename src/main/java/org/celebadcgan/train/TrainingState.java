package org.celebadcgan.train;

import java.io.Serializable;

/**
 * Everything that defines where training is: G and D parameters (BatchNorm running statistics included), both
 * networks' Adam moments, the step counter (Adam's t) and the round. The driver broadcasts it, workers return
 * theirs, and the driver averages them; checkpoints store it.
 *
 * @param g     G's flat parameters
 * @param d     D's flat parameters
 * @param gM    G's Adam first moment
 * @param gV    G's Adam second moment
 * @param dM    D's Adam first moment
 * @param dV    D's Adam second moment
 * @param step  GAN steps taken
 * @param round rounds completed
 */
public record TrainingState(float[] g, float[] d, float[] gM, float[] gV, float[] dM, float[] dV, long step,
                            long round) implements Serializable {

    /** The six arrays in a fixed order (for summing and averaging). */
    float[][] arrays() {
        return new float[][]{g, d, gM, gV, dM, dV};
    }

    /** A state with the same counters whose arrays are {@code arrays} (same order as {@link #arrays()}). */
    TrainingState withArrays(float[][] a, long newStep, long newRound) {
        return new TrainingState(a[0], a[1], a[2], a[3], a[4], a[5], newStep, newRound);
    }
}
