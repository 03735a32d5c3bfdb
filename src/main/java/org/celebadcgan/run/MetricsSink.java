package org.celebadcgan.run;

import org.celebadcgan.config.ConfigChange;
import org.celebadcgan.io.MetricsLog;
import org.celebadcgan.io.MetricsRecord;

import org.celebadcgan.train.TrainingState;

import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;

/** {@code metrics.jsonl}: one record per log interval, and one per setting changed when the run resumed. */
public final class MetricsSink implements RunListener {

    private final MetricsLog log;
    private final int every;
    private final List<ConfigChange> changesNow;
    private final IntervalFigures interval;

    /** {@code changesNow}: changes accepted by this start (written once, at its step). */
    public MetricsSink(MetricsLog log, int every, List<ConfigChange> changesNow, LongSupplier nanoClock) {
        this.log = log;
        this.every = every;
        this.changesNow = changesNow;
        this.interval = new IntervalFigures(nanoClock);
    }

    @Override
    public void started(TrainingState start) throws IOException {
        for (ConfigChange c : changesNow) {
            log.append(MetricsRecord.change(c.step(), c.key(), c.from(), c.to()));
        }
        interval.start();
    }

    @Override
    public void roundEnded(RoundEvent e) throws IOException {
        interval.add(e);
        if (e.reaches(every)) {
            log.append(interval.close(e));
        }
    }
}
