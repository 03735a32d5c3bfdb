package org.celebadcgan.attributes;

import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.runtime.OneDnnHelpers;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A small CNN that tells, for each of a few CelebA attributes, the probability that a 64 x 64 face shows it (one
 * sigmoid per attribute). Four strided convolutions (8, 16, 32, 32 channels, 64 -> 4 pixels) and one output layer:
 * about 50k parameters, trained in seconds on one core, which is all that telling a smile, a jaw or glasses needs.
 */
public final class AttributeClassifier {

    private static final int BATCH = 32;

    private final List<String> attributes;
    private final MultiLayerNetwork net;

    /** An untrained classifier for {@code attributes}, initialised from {@code seed}. */
    public AttributeClassifier(List<String> attributes, long seed) {
        this.attributes = List.copyOf(attributes);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(2e-3))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
        int in = ModelSpec.CHANNELS;
        for (int out : new int[]{8, 16, 32, 32}) { // 64 -> 32 -> 16 -> 8 -> 4 pixels
            list.layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nIn(in).nOut(out)
                    .activation(new ActivationLReLU(0.2)).build());
            in = out;
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(attributes.size())
                .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build());
        MultiLayerConfiguration conf = list.setInputType(
                InputType.convolutional(ModelSpec.IMAGE_SIZE, ModelSpec.IMAGE_SIZE, ModelSpec.CHANNELS)).build();
        net = new MultiLayerNetwork(conf);
        net.init();
        OneDnnHelpers.install(net);
    }

    public List<String> attributes() {
        return attributes;
    }

    /** Trains on images {@code from} to {@code to} of {@code data} for {@code epochs}, shuffled from {@code seed}. */
    public AttributeClassifier train(LabeledImages data, int from, int to, int epochs, long seed) {
        if (to - from < 1) {
            throw new IllegalArgumentException("no images to train the attribute classifier on");
        }
        int[] order = IntStream.range(from, to).toArray();
        SplittableRandom r = new SplittableRandom(seed);
        for (int e = 0; e < epochs; e++) {
            for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates, so each epoch sees a new batch mix
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int b = 0; b < order.length; b += BATCH) {
                int[] idx = Arrays.copyOfRange(order, b, Math.min(order.length, b + BATCH));
                net.fit(new DataSet(data.features(idx), data.targets(idx)));
            }
        }
        return this;
    }

    /** Probabilities [n, attributes] for images [n, 3, 64, 64] in [-1, 1]. */
    public INDArray probabilities(INDArray images) {
        return net.output(images, false);
    }

    /** Accuracy per attribute (threshold 0.5) on images {@code from} to {@code to} of {@code data}. */
    public Map<String, Double> accuracy(LabeledImages data, int from, int to) {
        int[] right = new int[attributes.size()];
        for (int b = from; b < to; b += 256) {
            int end = Math.min(to, b + 256);
            INDArray p = probabilities(data.features(b, end));
            for (int i = b; i < end; i++) {
                for (int a = 0; a < right.length; a++) {
                    right[a] += (p.getDouble(i - b, a) > 0.5) == data.labels().get(i)[a] ? 1 : 0;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int a = 0; a < right.length; a++) {
            out.put(attributes.get(a), right[a] / (double) Math.max(1, to - from));
        }
        return out;
    }
}
