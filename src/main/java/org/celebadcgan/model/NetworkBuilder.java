package org.celebadcgan.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;

/**
 * Turns a list of {@link ConvBlock}s into a loss-less DL4J network: one builder for G and D of both architectures.
 * <p>
 * The networks have no output layer: losses and their gradients are computed by the GAN step, which pushes
 * epsilons through {@code backpropGradient}. Optimisation is the step's too (see {@code train.Adam}), so DL4J's
 * own updater is a no-op.
 */
public final class NetworkBuilder {

    /** PyTorch's BatchNorm2d defaults: eps 1e-5, momentum 0.1 (DL4J's decay = 1 - momentum). */
    static final double BN_EPS = 1e-5;
    static final double BN_DECAY = 0.9;

    private NetworkBuilder() {
    }

    /** The generator: transposed convolutions from zDim x 1 x 1 noise to a 3 x 64 x 64 image. */
    public static MultiLayerNetwork generator(ModelSpec spec, long seed) {
        return build(spec.generatorBlocks(), true, InputType.convolutional(1, 1, spec.zDim()), seed);
    }

    /** The discriminator: strided convolutions from a 3 x 64 x 64 image to one logit (shape 1 x 1 x 1). */
    public static MultiLayerNetwork discriminator(ModelSpec spec, long seed) {
        return build(spec.discriminatorBlocks(), false,
                InputType.convolutional(ModelSpec.IMAGE_SIZE, ModelSpec.IMAGE_SIZE, ModelSpec.CHANNELS), seed);
    }

    static MultiLayerNetwork build(List<ConvBlock> blocks, boolean transposed, InputType input, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                // Used by output() (sample grids); training runs in GanStep's own workspaces (train.NetworkPass).
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                // Truncate gives PyTorch's output sizes (Strict rejects seed D's 31 -> 14; Same ignores padding).
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
        for (ConvBlock b : blocks) {
            if (transposed) {
                list.layer(new Deconvolution2D.Builder(b.kernel(), b.kernel())
                        .nIn(b.in()).nOut(b.out())
                        .stride(b.stride(), b.stride()).padding(b.padding(), b.padding())
                        .hasBias(b.bias())
                        .activation(b.batchNorm() ? BlockActivation.NONE.toDl4j() : b.activation().toDl4j())
                        .build());
            } else {
                list.layer(new ConvolutionLayer.Builder(b.kernel(), b.kernel())
                        .nIn(b.in()).nOut(b.out())
                        .stride(b.stride(), b.stride()).padding(b.padding(), b.padding())
                        .hasBias(b.bias())
                        .activation(b.batchNorm() ? BlockActivation.NONE.toDl4j() : b.activation().toDl4j())
                        .build());
            }
            if (b.batchNorm()) {
                // BatchNormalization.activation(...) is silently ignored by DL4J: the activation is its own layer.
                list.layer(new BatchNormalization.Builder()
                        .nOut(b.out()).eps(BN_EPS).decay(BN_DECAY).useLogStd(false)
                        .build());
                if (b.activation() != BlockActivation.NONE) {
                    list.layer(new ActivationLayer.Builder().activation(b.activation().toDl4j()).build());
                }
            }
        }
        MultiLayerConfiguration conf = list.setInputType(input).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DcganInit.apply(net, seed);
        return net;
    }
}
