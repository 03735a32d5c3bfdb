package org.celebadcgan.run;

import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.checkpoint.RunMeta;
import org.celebadcgan.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** A checkpoint every checkpoint.everySteps and at the end, with the run's metadata (state.json). */
public final class CheckpointWriter implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

    private final CheckpointStore store;
    private final RunMeta run;
    private final int every;

    /** {@code run}: the metadata of every checkpoint of this run (the epoch is filled in at each). */
    public CheckpointWriter(CheckpointStore store, RunMeta run, int every) {
        this.store = store;
        this.run = run;
        this.every = every;
    }

    @Override
    public long nextStatePoint(long step) {
        return RunListener.nextMultiple(step, every);
    }

    @Override
    public void stateReached(TrainingState state, RoundEvent last) throws IOException {
        String name = store.save(state, new RunMeta(run.seed(), run.model(), last.epoch(), run.configHash(),
                run.configJson(), run.identity(), run.changes()));
        LOG.info("checkpoint {} written (step {}, epoch {})", name, state.step(), last.epoch());
    }
}
