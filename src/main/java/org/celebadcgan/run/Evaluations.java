package org.celebadcgan.run;

import org.celebadcgan.eval.SlicedWasserstein;
import org.celebadcgan.io.MetricsLog;
import org.celebadcgan.io.MetricsRecord;
import org.celebadcgan.train.TrainingState;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The run's quality number: SWD x10^3 of generated vs real images at step 0 (so every run shows how far it has
 * come), every eval.everySteps and at the end; logged and written to {@code metrics.jsonl}, where the report and
 * the notebook draw it.
 */
public final class Evaluations implements RunListener {

    /** Scores a generator: its flat parameters to SWD against the run's real images. */
    public interface Scorer {
        SlicedWasserstein.Result score(float[] generatorParams);
    }

    private final int every;
    private final Scorer scorer;
    private final MetricsLog metrics;
    private final Consumer<String> log;
    private Double first;
    private long firstStep;
    private Double latest;
    private long latestStep;

    public Evaluations(int every, Scorer scorer, MetricsLog metrics, Consumer<String> log) {
        if (every < 1) {
            throw new IllegalArgumentException("eval.everySteps must be at least 1 for evaluations, got " + every);
        }
        this.every = every;
        this.scorer = scorer;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public void started(TrainingState start) throws IOException {
        if (start.step() == 0) {
            evaluate(start);
            return;
        }
        for (MetricsRecord r : metrics.records()) { // a resumed run: its earlier evaluations are in metrics.jsonl
            if (r.swd() != null) {
                first = r.swd();
                firstStep = r.step();
                break;
            }
        }
    }

    @Override
    public long nextStatePoint(long step) {
        return RunListener.nextMultiple(step, every);
    }

    @Override
    public void stateReached(TrainingState state, RoundEvent last) throws IOException {
        evaluate(state);
    }

    /** How far the run came, for its last line: "SWD x1e3 went from A at step 0 to B at step N". */
    public Optional<String> summary() {
        if (first == null || latest == null || latestStep == firstStep) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "SWD x1e3 went from %.1f at step %d to %.1f at step %d "
                + "(lower is better)", first, firstStep, latest, latestStep));
    }

    private void evaluate(TrainingState state) throws IOException {
        long t0 = System.nanoTime();
        SlicedWasserstein.Result r = scorer.score(state.g());
        metrics.append(MetricsRecord.evaluation(state.step(), r.average(), r.levelList()));
        double[] l = r.levels();
        log.accept(String.format(Locale.ROOT, "SWD x1e3 at step %d: %.1f (64 px %.1f, 32 px %.1f, 16 px %.1f; "
                + "lower is better) in %.1f s", state.step(), r.average(), l[0], l[1], l[2],
                (System.nanoTime() - t0) / 1e9));
        if (first == null) {
            first = r.average();
            firstStep = state.step();
        }
        latest = r.average();
        latestStep = state.step();
    }
}
