package org.celebadcgan.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DCGAN init: conv weights N(0, 0.02), BN gamma N(1, 0.02), beta 0; a seed gives the same weights. */
class DcganInitTest {

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        ModelSpec spec = ModelSpec.of(Architecture.PAPER, 100);
        GanPair a = GanPair.create(spec, 11);
        GanPair b = GanPair.create(spec, 11);
        GanPair c = GanPair.create(spec, 12);
        assertEquals(a.generator().params(), b.generator().params());
        assertEquals(a.discriminator().params(), b.discriminator().params());
        assertNotEquals(a.generator().params(), c.generator().params());
    }

    @Test
    void weightsHaveTheDcganDistribution() {
        GanPair pair = GanPair.create(ModelSpec.of(Architecture.SEED, 100), 5);
        for (var net : new org.deeplearning4j.nn.multilayer.MultiLayerNetwork[]{pair.generator(),
                pair.discriminator()}) {
            for (Layer layer : net.getLayers()) {
                var conf = layer.conf().getLayer();
                if (conf instanceof ConvolutionLayer) {
                    INDArray w = layer.getParam("W");
                    if (w.length() > 10_000) {
                        assertEquals(0.0, w.meanNumber().doubleValue(), 1e-3, "weight mean");
                        assertEquals(0.02, w.stdNumber().doubleValue(), 1e-3, "weight std");
                    }
                } else if (conf instanceof BatchNormalization) {
                    INDArray gamma = layer.getParam("gamma");
                    if (gamma.length() >= 256) {
                        assertEquals(1.0, gamma.meanNumber().doubleValue(), 5e-3, "gamma mean");
                        assertEquals(0.02, gamma.stdNumber().doubleValue(), 5e-3, "gamma std");
                    }
                    assertEquals(0.0, layer.getParam("beta").amaxNumber().doubleValue(), "beta");
                    assertEquals(0.0, layer.getParam("mean").amaxNumber().doubleValue(), "running mean");
                    assertTrue(layer.getParam("var").minNumber().doubleValue() == 1.0, "running var");
                }
            }
        }
    }
}
