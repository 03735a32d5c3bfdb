package org.celebadcgan.testutil;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/** A network's parameters in PyTorch's order (conv weight, conv bias, BN gamma, BN beta), with their gradients. */
public final class NetParams {

    private NetParams() {
    }

    /** Trainable parameter views, in the order torch.nn.Module.parameters() yields them. */
    public static List<INDArray> trainable(MultiLayerNetwork net) {
        List<INDArray> out = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            for (String name : order(layer)) {
                INDArray p = layer.paramTable().get(name);
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The gradient views matching {@link #trainable} (same offsets in the flat gradient vector). */
    public static List<INDArray> gradients(MultiLayerNetwork net) {
        return viewsAtSameOffsets(net, net.getFlattenedGradients());
    }

    /** Views into {@code flat} (laid out like the network's parameters) matching {@link #trainable}. */
    public static List<INDArray> viewsAtSameOffsets(MultiLayerNetwork net, INDArray flat) {
        INDArray params = net.params();
        INDArray f = flat.reshape(flat.length());
        List<INDArray> out = new ArrayList<>();
        for (INDArray p : trainable(net)) {
            long off = p.offset() - params.offset();
            out.add(f.get(NDArrayIndex.interval(off, off + p.length())));
        }
        return out;
    }

    /** BatchNorm running means, in layer order. */
    public static List<INDArray> runningMeans(MultiLayerNetwork net) {
        List<INDArray> out = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchNormalization) {
                out.add(layer.getParam("mean"));
            }
        }
        return out;
    }

    /** Fills parameters as make_parity_fixture.py's fill_params does, from the same generator. */
    public static void fill(MultiLayerNetwork net, ParityRandom rng) {
        for (Layer layer : net.getLayers()) {
            boolean bn = layer.conf().getLayer() instanceof BatchNormalization;
            for (String name : order(layer)) {
                INDArray p = layer.paramTable().get(name);
                if (p != null) {
                    double offset = bn && name.equals("gamma") ? 1.0 : 0.0;
                    p.assign(Nd4j.create(rng.uniform((int) p.length(), 0.05, offset), p.shape(), 'c'));
                }
            }
            if (bn) {
                layer.getParam("mean").assign(0);
                layer.getParam("var").assign(1);
            }
        }
    }

    private static List<String> order(Layer layer) {
        return layer.conf().getLayer() instanceof BatchNormalization ? List.of("gamma", "beta") : List.of("W", "b");
    }

    /**
     * max|a - e| / max(max|e|, floor): the error relative to the tensor's scale (element-wise ratios blow up near
     * zero), or to {@code floor} where the tensor is smaller than that.
     */
    public static double relativeError(INDArray actual, INDArray expected, double floor) {
        INDArray a = actual.reshape(actual.length()).castTo(expected.dataType());
        INDArray e = expected.reshape(expected.length());
        double scale = Math.max(Math.max(e.amaxNumber().doubleValue(), floor), 1e-12);
        return a.sub(e).amaxNumber().doubleValue() / scale;
    }
}
