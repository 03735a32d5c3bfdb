package org.celebadcgan.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

/**
 * The DCGAN initialisation: conv weights N(0, 0.02), BatchNorm gamma N(1, 0.02) and beta 0, as the paper and the
 * tutorial's {@code weights_init}. Conv biases (seed D only) get PyTorch's default U(-1/sqrt(fan_in), +).
 * Seeded with {@link java.util.Random}, whose sequence the JDK specifies, so a seed gives the same weights everywhere.
 */
public final class DcganInit {

    static final double WEIGHT_STD = 0.02;

    private DcganInit() {
    }

    /** Overwrites every parameter of {@code net} from {@code seed}; BatchNorm running stats go to mean 0, var 1. */
    public static void apply(MultiLayerNetwork net, long seed) {
        Random rng = new Random(seed);
        for (Layer layer : net.getLayers()) {
            Map<String, INDArray> params = layer.paramTable();
            var conf = layer.conf().getLayer();
            if (conf instanceof ConvolutionLayer conv) { // Deconvolution2D is a ConvolutionLayer too
                INDArray w = params.get("W");
                fill(w, rng, 0.0, WEIGHT_STD);
                INDArray b = params.get("b");
                if (b != null) {
                    long fanIn = conv.getNIn() * conv.getKernelSize()[0] * conv.getKernelSize()[1];
                    double bound = 1.0 / Math.sqrt(fanIn);
                    float[] v = new float[(int) b.length()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                    }
                    b.assign(Nd4j.create(v, b.shape(), 'c'));
                }
            } else if (conf instanceof BatchNormalization) {
                fill(params.get(BatchNormalizationParamInitializer.GAMMA), rng, 1.0, WEIGHT_STD);
                params.get(BatchNormalizationParamInitializer.BETA).assign(0);
                params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).assign(0);
                params.get(BatchNormalizationParamInitializer.GLOBAL_VAR).assign(1);
            }
        }
    }

    private static void fill(INDArray target, Random rng, double mean, double std) {
        float[] v = new float[(int) target.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * rng.nextGaussian());
        }
        target.assign(Nd4j.create(v, target.shape(), 'c'));
    }
}
