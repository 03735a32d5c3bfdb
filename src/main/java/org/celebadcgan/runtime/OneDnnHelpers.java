package org.celebadcgan.runtime;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.reflect.Field;

/**
 * Puts DL4J's oneDNN helpers into convolution and BatchNorm layers.
 * <p>
 * DL4J 1.0.0-M2.1 never creates them itself: {@code BaseMKLDNNHelper.mklDnnEnabled()} looks for
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()}, which M2.1 moved and renamed, so the check fails
 * and the layers fall back to DL4J's own im2col path (about 6x slower for convolutions, measured in
 * docs/performance.md). Transposed convolutions need no helper: their libnd4j op uses oneDNN directly.
 */
public final class OneDnnHelpers {

    private OneDnnHelpers() {
    }

    /**
     * Installs the helpers when the loaded native build has oneDNN, or on the CUDA backend, where the same helpers
     * route convolution and batch norm through libnd4j's ops (cuDNN in the cudnn build) instead of DL4J's im2col
     * path (1,064 native ops per seed step on that path against 357 through the helpers, bench-step); returns
     * how many layers got one.
     */
    public static int install(MultiLayerNetwork net) {
        if (!NativeBuild.hasOneDnn() && !NativeBuild.cudaBackend()) {
            return 0;
        }
        int installed = 0;
        for (Layer layer : net.getLayers()) {
            // Exactly ConvolutionLayer: Deconvolution2DLayer extends it but runs its own op.
            if (layer.getClass() == ConvolutionLayer.class) {
                set(layer, ConvolutionLayer.class, new MKLDNNConvHelper(DataType.FLOAT));
                installed++;
            } else if (layer instanceof BatchNormalization) {
                set(layer, BatchNormalization.class, new MKLDNNBatchNormHelper(DataType.FLOAT));
                installed++;
            }
        }
        return installed;
    }

    /** The helper a layer will use, or null: for tests and diagnostics. */
    public static Object helperOf(Layer layer) {
        return layer.getHelper();
    }

    private static void set(Layer layer, Class<?> owner, Object helper) {
        try {
            Field f = owner.getDeclaredField("helper");
            f.setAccessible(true);
            f.set(layer, helper);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install " + helper.getClass().getSimpleName() + " into "
                    + owner.getName() + " (DL4J version changed?)", e);
        }
    }
}
