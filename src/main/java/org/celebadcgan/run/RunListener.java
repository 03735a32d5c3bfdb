package org.celebadcgan.run;

import org.celebadcgan.train.TrainingState;

import java.io.IOException;

/**
 * Something that follows a training run: it hears every round's figures and, at the steps it asks for, gets the
 * state (which the driver holds only at those points). A new kind of output is a new listener, not an edit to the
 * loop.
 */
public interface RunListener {

    /** Once, right before the first round, with the state the run starts or resumes from. */
    default void started(TrainingState start) throws IOException {
    }

    /** After every round. */
    default void roundEnded(RoundEvent event) throws IOException {
    }

    /** The first step after {@code step} at which this listener needs the state; Long.MAX_VALUE for never. */
    default long nextStatePoint(long step) {
        return Long.MAX_VALUE;
    }

    /** The state at the end of the round that reached a point this listener asked for, and at the run's end. */
    default void stateReached(TrainingState state, RoundEvent last) throws IOException {
    }

    /** The next multiple of {@code every} after {@code step}: the points of an every-N-steps listener. */
    static long nextMultiple(long step, long every) {
        return (step / every + 1) * every;
    }
}
