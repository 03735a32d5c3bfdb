package org.celebadcgan.model;

import java.util.List;

/**
 * What a DCGAN pair is made of: the architecture, the noise size and the two widths.
 *
 * @param arch   seed or paper
 * @param zDim   noise values per image
 * @param gWidth generator width (ngf)
 * @param dWidth discriminator width (ndf)
 */
public record ModelSpec(Architecture arch, int zDim, int gWidth, int dWidth) implements java.io.Serializable {

    /** Image side length; both architectures make and judge 3 x 64 x 64 images. */
    public static final int IMAGE_SIZE = 64;
    /** Image channels (RGB). */
    public static final int CHANNELS = 3;

    public ModelSpec {
        if (zDim < 1 || gWidth < 1 || dWidth < 1) {
            throw new IllegalArgumentException("zDim, gWidth and dWidth must be positive: " + zDim + ", " + gWidth
                    + ", " + dWidth);
        }
    }

    /** The architecture at its own widths. */
    public static ModelSpec of(Architecture arch, int zDim) {
        return new ModelSpec(arch, zDim, arch.defaultGWidth(), arch.defaultDWidth());
    }

    public List<ConvBlock> generatorBlocks() {
        return arch.generator(zDim, gWidth);
    }

    public List<ConvBlock> discriminatorBlocks() {
        return arch.discriminator(dWidth);
    }

    /** Values in one image (C x H x W). */
    public static int imageValues() {
        return CHANNELS * IMAGE_SIZE * IMAGE_SIZE;
    }
}
