package org.celebadcgan.train;

import java.io.Serializable;

/**
 * What keeps the workers' networks in step: what a worker contributes at a sync point, how two contributions
 * combine, and the state every worker continues from. A transport (how contributions travel: spark.SparkTrainer)
 * moves them; the policy alone says what they are, so another policy is another class, not flags through the
 * trainer.
 */
public interface SyncPolicy extends Serializable {

    /** Local GAN steps each worker runs between sync points (K). */
    int stepsPerRound();

    /** What a worker contributes after its steps of a round (its own arrays: the caller may keep them). */
    float[][] contribute(GanStep step, long roundsDone);

    /** Folds {@code other} into {@code into}, element by element; transports call it in a fixed order. */
    void combine(float[][] into, float[][] other);

    /** The state every worker continues from after a round of {@code steps} combined from {@code workers}. */
    TrainingState next(TrainingState before, float[][] combined, int workers, int steps);
}
