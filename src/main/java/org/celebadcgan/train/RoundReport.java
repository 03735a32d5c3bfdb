package org.celebadcgan.train;

/**
 * What the driver learns about one finished round, whatever the transport.
 *
 * @param round           rounds done after it (1-based)
 * @param step            GAN steps done after it
 * @param steps           steps in this round
 * @param workers         workers that took part
 * @param figures         mean step figures over every worker and step
 * @param wallMs          driver wall time of the round
 * @param computeMsMax    the slowest worker's time in its steps
 * @param computeMsMedian the median worker's time in its steps
 * @param bytesMoved      bytes sent over the network in the round, all workers together
 */
public record RoundReport(long round, long step, int steps, int workers, StepResult figures, double wallMs,
                          double computeMsMax, double computeMsMedian, long bytesMoved) {

    /** Wall time not spent in the slowest worker's steps: exchange, scheduling, combining. */
    public double syncMs() {
        return Math.max(0, wallMs - computeMsMax);
    }
}
