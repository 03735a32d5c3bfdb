package org.celebadcgan.train;

import org.celebadcgan.model.ModelSpec;

import java.io.Serializable;

/**
 * What every worker needs to know besides the state: the model, Adam, its share of the global batch, the run's seed
 * and the steps per round (K).
 *
 * @param model          architecture and widths
 * @param adam           optimiser settings
 * @param workerBatch    images per step on one worker (global batch / workers)
 * @param seed           the run's seed
 * @param stepsPerRound  K: steps between synchronisations
 */
public record RoundPlan(ModelSpec model, AdamSettings adam, int workerBatch, long seed, int stepsPerRound)
        implements Serializable {
}
