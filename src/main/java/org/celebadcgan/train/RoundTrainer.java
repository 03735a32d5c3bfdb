package org.celebadcgan.train;

import java.util.function.Consumer;

/**
 * The driver's handle on synchronous training, whatever carries it (today one Spark job per round): trains from a
 * state to a target step in rounds of the policy's K steps (the last one shorter if need be), reports each round as
 * it ends, and returns the state at the target.
 */
public interface RoundTrainer {

    /** Trains from {@code state} to {@code targetStep}; {@code onRound} sees every round's report in order. */
    TrainingState train(TrainingState state, long targetStep, Consumer<RoundReport> onRound);

    /** K: steps per round. */
    int stepsPerRound();

    /** Whether {@code onRound} fires as each round ends (false: all of a segment's rounds once it has ended). */
    default boolean reportsAsRoundsEnd() {
        return true;
    }
}
