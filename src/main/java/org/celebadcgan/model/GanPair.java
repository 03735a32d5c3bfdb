package org.celebadcgan.model;

import org.celebadcgan.runtime.OneDnnHelpers;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A generator and a discriminator built from one {@link ModelSpec}, initialised from one seed. */
public final class GanPair {

    private final ModelSpec spec;
    private final MultiLayerNetwork generator;
    private final MultiLayerNetwork discriminator;

    private GanPair(ModelSpec spec, MultiLayerNetwork generator, MultiLayerNetwork discriminator) {
        this.spec = spec;
        this.generator = generator;
        this.discriminator = discriminator;
    }

    /** Builds both networks; G is initialised from {@code seed}, D from a seed derived from it. */
    public static GanPair create(ModelSpec spec, long seed) {
        MultiLayerNetwork g = NetworkBuilder.generator(spec, seed);
        MultiLayerNetwork d = NetworkBuilder.discriminator(spec, seed ^ 0x5DEECE66DL);
        OneDnnHelpers.install(g);
        OneDnnHelpers.install(d);
        return new GanPair(spec, g, d);
    }

    public ModelSpec spec() {
        return spec;
    }

    public MultiLayerNetwork generator() {
        return generator;
    }

    public MultiLayerNetwork discriminator() {
        return discriminator;
    }
}
