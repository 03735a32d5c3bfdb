package org.celebadcgan.train;

import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.model.GanPair;

import java.util.function.Consumer;

/**
 * Loops the GAN step over in-memory batches in one process: the reference the Spark trainer must reproduce,
 * and the demo's trainer until then. Logs mean figures every {@code logEvery} steps.
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

    public SingleProcessTrainer(GanPair pair, AdamSettings adam, NoiseSource noise, BatchMaker batches,
                                int logEvery, Consumer<String> log) {
        this.step = new GanStep(pair, adam, noise);
        this.batches = batches;
        this.logEvery = logEvery;
        this.log = log;
    }

    /** Runs {@code steps} steps; returns the last step's figures. Fails fast on a non-finite loss. */
    public StepResult train(long steps, StepListener listener) {
        ProgressLog progress = new ProgressLog(steps, batches.batchSize());
        StepResult last = null;
        for (long s = 1; s <= steps; s++) {
            last = step.step(batches.next());
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
