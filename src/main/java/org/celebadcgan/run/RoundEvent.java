package org.celebadcgan.run;

import org.celebadcgan.train.StepResult;

/**
 * What listeners hear at the end of every round: where the run is, the round's figures and what it cost.
 *
 * @param step            GAN steps done
 * @param totalSteps      steps the run goes to (train.steps)
 * @param round           rounds done
 * @param epoch           epoch of the last step (data.Epochs)
 * @param steps           steps in this round
 * @param workers         workers that took part
 * @param images          images trained on in this round, all workers together
 * @param figures         mean losses, D(x) and D(G(z)) over the round's steps and workers
 * @param wallMs          the round's wall time on the driver
 * @param computeMsMax    the slowest worker's time in its steps
 * @param computeMsMedian the median worker's
 * @param syncMs          the rest: exchange, scheduling, combining
 * @param bytesMoved      bytes sent over the network in the round
 */
public record RoundEvent(long step, long totalSteps, long round, long epoch, int steps, int workers, long images,
                         StepResult figures, double wallMs, double computeMsMax, double computeMsMedian,
                         double syncMs, long bytesMoved) {

    /** True for the run's last round. */
    public boolean last() {
        return step >= totalSteps;
    }

    /** True when a multiple of {@code every} was reached in this round, or it is the last. */
    public boolean reaches(long every) {
        return last() || step / every > (step - steps) / every;
    }
}
