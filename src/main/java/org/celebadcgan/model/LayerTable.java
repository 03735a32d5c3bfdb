package org.celebadcgan.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;

import java.util.List;
import java.util.Locale;

/** Prints a network as the tutorial's {@code print(netG)} does, with each layer's output shape and parameters. */
public final class LayerTable {

    private LayerTable() {
    }

    /** Trainable parameters as PyTorch counts them: everything but BatchNorm's running mean and variance. */
    public static long trainableParams(MultiLayerNetwork net) {
        long n = 0;
        for (Layer layer : net.getLayers()) {
            for (var e : layer.paramTable().entrySet()) {
                if (!isRunningStat(layer, e.getKey())) {
                    n += e.getValue().length();
                }
            }
        }
        return n;
    }

    static boolean isRunningStat(Layer layer, String param) {
        return layer.conf().getLayer() instanceof BatchNormalization
                && (param.equals(BatchNormalizationParamInitializer.GLOBAL_MEAN)
                || param.equals(BatchNormalizationParamInitializer.GLOBAL_VAR)
                || param.equals(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
    }

    /** The table for one network; {@code name} is "G" or "D", {@code inputSize} its input's side length. */
    public static String render(String name, List<ConvBlock> blocks, boolean transposed, int inputSize,
                                MultiLayerNetwork net) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-4s %-50s %-14s %12s%n", "#", "layer", "output", "params"));
        int size = inputSize;
        int i = 1;
        for (ConvBlock b : blocks) {
            size = b.outputSize(size, transposed);
            String shape = b.out() + "x" + size + "x" + size;
            long convParams = (long) b.in() * b.out() * b.kernel() * b.kernel() + (b.bias() ? b.out() : 0);
            String conv = String.format(Locale.ROOT, "%s(%d, %d, k%d, s%d, p%d%s)",
                    transposed ? "ConvTranspose2d" : "Conv2d", b.in(), b.out(), b.kernel(), b.stride(), b.padding(),
                    b.bias() ? "" : ", no bias");
            sb.append(row(String.valueOf(i), conv, shape, convParams));
            if (b.batchNorm()) {
                sb.append(row("", "BatchNorm2d(" + b.out() + ")", shape, 2L * b.out()));
            }
            if (b.activation() != BlockActivation.NONE) {
                sb.append(row("", b.activation().label(), shape, 0));
            }
            i++;
        }
        sb.append(String.format(Locale.ROOT, "%s trainable parameters: %d%n", name, trainableParams(net)));
        return sb.toString();
    }

    private static String row(String index, String layer, String shape, long params) {
        return String.format(Locale.ROOT, "%-4s %-50s %-14s %,12d%n", index, layer, shape, params);
    }
}
