package org.celebadcgan.train;

/**
 * Averages the whole state every K steps: G and D parameters with their BatchNorm running statistics, and both
 * networks' Adam moments. The first synchronisation of the trainer; with K = 1 the workers are averaged every step.
 *
 * @param stepsPerRound K
 */
public record StateAveraging(int stepsPerRound) implements SyncPolicy {

    public StateAveraging {
        if (stepsPerRound < 1) {
            throw new IllegalArgumentException("train.syncEvery must be at least 1, got " + stepsPerRound);
        }
    }

    @Override
    public float[][] contribute(GanStep step, long roundsDone) {
        return step.exportState(roundsDone).arrays();
    }

    @Override
    public void combine(float[][] into, float[][] other) {
        for (int a = 0; a < into.length; a++) {
            float[] x = into[a];
            float[] y = other[a];
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
        }
    }

    @Override
    public TrainingState next(TrainingState before, float[][] combined, int workers, int steps) {
        if (workers > 1) {
            for (float[] x : combined) {
                for (int i = 0; i < x.length; i++) {
                    x[i] /= workers;
                }
            }
        }
        return before.withArrays(combined, before.step() + steps, before.round() + 1);
    }
}
