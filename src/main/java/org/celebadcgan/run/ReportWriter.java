package org.celebadcgan.run;

import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.RunReport;
import org.celebadcgan.train.TrainingState;

import java.io.IOException;

/** {@code index.html}, regenerated with every checkpoint and at the end (after the checkpoint and grids). */
public final class ReportWriter implements RunListener {

    private final OutputRoot out;
    private final String title;
    private final String configJson;
    private final int every;

    /** {@code configJson}: the run's config with secrets already masked. */
    public ReportWriter(OutputRoot out, String title, String configJson, int every) {
        this.out = out;
        this.title = title;
        this.configJson = configJson;
        this.every = every;
    }

    @Override
    public long nextStatePoint(long step) {
        return RunListener.nextMultiple(step, every);
    }

    @Override
    public void stateReached(TrainingState state, RoundEvent last) throws IOException {
        RunReport.write(out, title, configJson);
    }
}
