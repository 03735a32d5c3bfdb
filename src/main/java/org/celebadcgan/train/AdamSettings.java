package org.celebadcgan.train;

/**
 * Adam's hyper-parameters; {@link #dcgan()} gives the paper's.
 *
 * @param lr    learning rate
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param eps   PyTorch's epsilon (added to the bias-corrected root)
 */
public record AdamSettings(double lr, double beta1, double beta2, double eps) implements java.io.Serializable {

    public AdamSettings {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("invalid Adam settings: lr=" + lr + " beta1=" + beta1 + " beta2="
                    + beta2 + " eps=" + eps);
        }
    }

    /** lr 2e-4, betas (0.5, 0.999), eps 1e-8: the DCGAN paper and PyTorch's example. */
    public static AdamSettings dcgan() {
        return new AdamSettings(2e-4, 0.5, 0.999, 1e-8);
    }
}
