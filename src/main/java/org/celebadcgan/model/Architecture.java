package org.celebadcgan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two DCGAN layouts of shared/REFERENCE.md. Each is a function of its widths, so small test and demo models
 * come from the same definition as the full ones.
 */
public enum Architecture {
    /** The reference tutorial's: G 1024-512-256-128-3 with BN on every block, D hidden 32 with biases, no padding. */
    SEED(128, 32),
    /** The DCGAN paper at half width, as PyTorch's example: ngf = ndf = 64, no biases, no BN on D's input. */
    PAPER(64, 64);

    private final int defaultGWidth;
    private final int defaultDWidth;

    Architecture(int defaultGWidth, int defaultDWidth) {
        this.defaultGWidth = defaultGWidth;
        this.defaultDWidth = defaultDWidth;
    }

    /** The generator width (ngf) the architecture is defined with. */
    public int defaultGWidth() {
        return defaultGWidth;
    }

    /** The discriminator width (ndf, or hidden for seed) the architecture is defined with. */
    public int defaultDWidth() {
        return defaultDWidth;
    }

    /** Parses "seed" or "paper" (any case). */
    public static Architecture parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown architecture '" + name + "' (expected seed or paper)");
        }
    }

    /** Lower-case name as users type it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Generator blocks for noise of {@code zDim} values (shaped zDim x 1 x 1) and width {@code w}:
     * z -> 8w x 4x4 -> 4w x 8x8 -> 2w x 16x16 -> w x 32x32 -> 3 x 64x64. Both layouts share it; seed also
     * normalises the 3-channel output before tanh, as the reference tutorial does.
     */
    public List<ConvBlock> generator(int zDim, int w) {
        List<ConvBlock> blocks = new ArrayList<>();
        blocks.add(new ConvBlock(zDim, 8 * w, 4, 1, 0, false, true, BlockActivation.RELU));
        blocks.add(new ConvBlock(8 * w, 4 * w, 4, 2, 1, false, true, BlockActivation.RELU));
        blocks.add(new ConvBlock(4 * w, 2 * w, 4, 2, 1, false, true, BlockActivation.RELU));
        blocks.add(new ConvBlock(2 * w, w, 4, 2, 1, false, true, BlockActivation.RELU));
        blocks.add(new ConvBlock(w, 3, 4, 2, 1, false, this == SEED, BlockActivation.TANH));
        return blocks;
    }

    /** Discriminator blocks for a 3 x 64 x 64 input and width {@code w}; the last block yields one logit. */
    public List<ConvBlock> discriminator(int w) {
        List<ConvBlock> blocks = new ArrayList<>();
        if (this == SEED) {
            // 3x64x64 -> w x31x31 -> 2w x14x14 -> 4w x11x11 -> 4w x4x4 -> 1x1x1 (k4, no padding, biases)
            blocks.add(new ConvBlock(3, w, 4, 2, 0, true, true, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(w, 2 * w, 4, 2, 0, true, true, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(2 * w, 4 * w, 4, 1, 0, true, true, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(4 * w, 4 * w, 4, 2, 0, true, true, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(4 * w, 1, 4, 2, 0, true, false, BlockActivation.NONE));
        } else {
            // 3x64x64 -> w x32x32 -> 2w x16x16 -> 4w x8x8 -> 8w x4x4 -> 1x1x1 (no BN on the input layer)
            blocks.add(new ConvBlock(3, w, 4, 2, 1, false, false, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(w, 2 * w, 4, 2, 1, false, true, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(2 * w, 4 * w, 4, 2, 1, false, true, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(4 * w, 8 * w, 4, 2, 1, false, true, BlockActivation.LEAKY_RELU));
            blocks.add(new ConvBlock(8 * w, 1, 4, 1, 0, false, false, BlockActivation.NONE));
        }
        return blocks;
    }
}
