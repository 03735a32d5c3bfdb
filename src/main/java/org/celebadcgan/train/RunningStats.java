package org.celebadcgan.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BatchNorm running mean and variance of one network.
 * <p>
 * DL4J moves them through the gradient path: backprop writes {@code (1-decay) * (running - batch)} into their
 * gradient slots and a no-op updater subtracts it. We apply that right after each backprop and zero the slots,
 * so the statistics follow every batch in order (as PyTorch's buffers do) and Adam never sees them.
 */
final class RunningStats {

    private final List<INDArray> paramViews = new ArrayList<>();
    private final List<INDArray> gradViews = new ArrayList<>();
    /** The layer each view belongs to. */
    private final List<Integer> layerOf = new ArrayList<>();

    RunningStats(MultiLayerNetwork net) {
        INDArray params = GanStep.flat(net.params());
        INDArray grads = GanStep.flat(net.getFlattenedGradients());
        Layer[] layers = net.getLayers();
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            if (!(layer.conf().getLayer() instanceof BatchNormalization)) {
                continue;
            }
            for (String name : List.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                    BatchNormalizationParamInitializer.GLOBAL_VAR)) {
                INDArray p = layer.getParam(name);
                // Param views share the flat buffer; the gradient vector has the same layout.
                long offset = p.offset() - params.offset();
                var range = NDArrayIndex.interval(offset, offset + p.length());
                paramViews.add(params.get(range));
                gradViews.add(grads.get(range));
                layerOf.add(l);
            }
        }
    }

    /** Folds the last backprop's batch statistics into the running ones and clears their gradient slots. */
    void applyAndClear() {
        for (int i = 0; i < paramViews.size(); i++) {
            paramViews.get(i).subi(gradViews.get(i));
            gradViews.get(i).assign(0);
        }
    }

    /**
     * As {@link #applyAndClear()} for layer {@code layer} alone: right after its backprop, before its gradient is
     * handed on while the layers before it still run.
     */
    void applyAndClear(int layer) {
        for (int i = 0; i < paramViews.size(); i++) {
            if (layerOf.get(i) == layer) {
                paramViews.get(i).subi(gradViews.get(i));
                gradViews.get(i).assign(0);
            }
        }
    }

    /** How many running values (means and variances) the network has. */
    int length() {
        long n = 0;
        for (INDArray p : paramViews) {
            n += p.length();
        }
        return Math.toIntExact(n);
    }

    /** The running values in layer order, means before variances (a copy). */
    float[] values() {
        float[] all = new float[length()];
        int at = 0;
        for (INDArray p : paramViews) {
            float[] v = p.toFloatVector();
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    /** Sets the running values from {@code values}, starting at {@code from}, laid out as {@link #values()}. */
    void set(float[] values, int from) {
        int at = from;
        for (INDArray p : paramViews) {
            int n = (int) p.length();
            p.assign(Nd4j.createFromArray(Arrays.copyOfRange(values, at, at + n)));
            at += n;
        }
    }

    /** Discards the last backprop's batch statistics (a pass that must not move them). */
    void clear() {
        for (INDArray g : gradViews) {
            g.assign(0);
        }
    }
}
