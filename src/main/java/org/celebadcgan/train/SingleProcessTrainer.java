package org.celebadcgan.train;

import org.celebadcgan.rng.Seeds;
import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.model.GanPair;

import java.util.function.Consumer;

/**
 * Loops the GAN step over in-memory batches in one process: the reference the Spark trainer must reproduce (same
 * batches and noise as its worker 0 when it has one worker). Logs mean figures every {@code logEvery} steps.
 */
public final class SingleProcessTrainer {

    /** Called after every step with the 1-based step number (for samples and checkpoints). */
    public interface StepListener {
        void afterStep(long step, StepResult result);
    }

    private final GanStep step;
    private final BatchMaker batches;
    private final int logEvery;
    private final Consumer<String> log;

    private final long seed;
    private final int stepsPerRound;

    /**
     * @param seed          the run's seed: noise is re-seeded every {@code stepsPerRound} steps from (seed, round, 0),
     *                      exactly as worker 0 of the distributed trainer does
     * @param stepsPerRound K, the distributed trainer's steps per round
     */
    public SingleProcessTrainer(GanPair pair, AdamSettings adam, long seed, int stepsPerRound, BatchMaker batches,
                                int logEvery, Consumer<String> log) {
        this.step = new GanStep(pair, adam, z -> {
            throw new IllegalStateException("noise not set");
        });
        this.seed = seed;
        this.stepsPerRound = stepsPerRound;
        this.batches = batches;
        this.logEvery = logEvery;
        this.log = log;
    }

    /** The trainer's state now, as the distributed trainer exchanges it. */
    public TrainingState state(long round) {
        return step.exportState(round);
    }

    /** Runs {@code steps} steps; returns the last step's figures. Fails fast on a non-finite loss. */
    public StepResult train(long steps, StepListener listener) {
        ProgressLog progress = new ProgressLog(steps, batches.batchSize());
        StepResult last = null;
        for (long s = 1; s <= steps; s++) {
            if ((s - 1) % stepsPerRound == 0) {
                step.setNoise(new GaussianNoise(Seeds.noise(seed, (s - 1) / stepsPerRound, 0)));
            }
            step.step(batches.batchAt(s - 1));
            last = step.takeFigures(); // per step: this in-process trainer reports every step to its listener
            if (!last.isFinite()) {
                throw new IllegalStateException("training diverged at step " + s + ": " + last);
            }
            progress.add(last);
            if (s % logEvery == 0 || s == steps) {
                log.accept(progress.line(s, batches.epoch()));
            }
            listener.afterStep(s, last);
        }
        return last;
    }
}
