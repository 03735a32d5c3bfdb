package org.celebadcgan.train;

/**
 * What one GAN step reports, the figures of the tutorial's progress line.
 *
 * @param lossD  D loss: mean of BCE(D(x), 1) and BCE(D(G(z)), 0)
 * @param lossG  G loss: BCE(D(G(z')), 1), the non-saturating loss
 * @param dReal  mean D(x) (a probability)
 * @param dFakeD mean D(G(z)) in the D step, before D's update
 * @param dFakeG mean D(G(z')) in the G step, after D's update
 */
public record StepResult(double lossD, double lossG, double dReal, double dFakeD, double dFakeG) {

    /** True when every figure is a finite number. */
    public boolean isFinite() {
        return Double.isFinite(lossD) && Double.isFinite(lossG) && Double.isFinite(dReal)
                && Double.isFinite(dFakeD) && Double.isFinite(dFakeG);
    }
}
