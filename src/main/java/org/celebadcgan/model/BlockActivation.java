package org.celebadcgan.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/** The activations DCGAN uses, with the slopes of the paper. */
public enum BlockActivation {
    RELU("ReLU"), LEAKY_RELU("LeakyReLU(0.2)"), TANH("Tanh"), NONE("");

    /** LeakyReLU slope from the DCGAN paper (PyTorch's nn.LeakyReLU(0.2)). */
    public static final double LEAKY_SLOPE = 0.2;

    private final String label;

    BlockActivation(String label) {
        this.label = label;
    }

    /** How the layer table prints it. */
    public String label() {
        return label;
    }

    IActivation toDl4j() {
        return switch (this) {
            case RELU -> new ActivationReLU();
            case LEAKY_RELU -> new ActivationLReLU(LEAKY_SLOPE);
            case TANH -> new ActivationTanH();
            case NONE -> new ActivationIdentity();
        };
    }
}
