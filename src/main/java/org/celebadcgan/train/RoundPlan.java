package org.celebadcgan.train;

import org.celebadcgan.model.ModelSpec;

import java.io.Serializable;

/**
 * What every worker needs to know besides the state: the model, Adam, its share of the global batch, the run's seed
 * and how workers keep in step.
 *
 * @param model       architecture and widths
 * @param adam        optimiser settings
 * @param workerBatch images per step on one worker (global batch / workers)
 * @param seed        the run's seed
 * @param sync        what is synchronised, and every how many steps
 */
public record RoundPlan(ModelSpec model, AdamSettings adam, int workerBatch, long seed, SyncPolicy sync)
        implements Serializable {

    /** Averaging the whole state every {@code stepsPerRound} steps. */
    public RoundPlan(ModelSpec model, AdamSettings adam, int workerBatch, long seed, int stepsPerRound) {
        this(model, adam, workerBatch, seed, new StateAveraging(stepsPerRound));
    }

    /** K: steps between synchronisations. */
    public int stepsPerRound() {
        return sync.stepsPerRound();
    }
}
