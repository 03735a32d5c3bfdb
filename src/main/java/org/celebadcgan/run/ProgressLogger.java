package org.celebadcgan.run;

import org.celebadcgan.io.MetricsRecord;
import org.celebadcgan.train.ProgressLog;
import org.celebadcgan.train.StepResult;

import org.celebadcgan.train.TrainingState;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The progress line every log.everySteps, as GAN users know it from the DCGAN tutorial, with images per second, ETA
 * and what the last round cost: {@code [400/2000][epoch 3] Loss_D ... | 81.2 img/s | ETA 5m12s | round 100: ...}.
 */
public final class ProgressLogger implements RunListener {

    private final int every;
    private final Consumer<String> log;
    private final IntervalFigures interval;

    public ProgressLogger(int every, Consumer<String> log, LongSupplier nanoClock) {
        this.every = every;
        this.log = log;
        this.interval = new IntervalFigures(nanoClock);
    }

    @Override
    public void started(TrainingState start) {
        interval.start();
    }

    @Override
    public void roundEnded(RoundEvent e) {
        interval.add(e);
        if (e.reaches(every)) {
            double eta = interval.etaSeconds(e);
            StepResult means = interval.means();
            MetricsRecord r = interval.close(e);
            log.accept(ProgressLog.format(e.step(), e.totalSteps(), e.epoch(), means, r.imagesPerSec(), eta)
                    + String.format(Locale.ROOT, " | round %d: compute %.0f ms slowest / %.0f ms median, sync %.0f ms",
                    e.round(), e.computeMsMax(), e.computeMsMedian(), e.syncMs()));
        }
    }
}
