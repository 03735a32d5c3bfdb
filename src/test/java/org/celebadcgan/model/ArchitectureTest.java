package org.celebadcgan.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both architectures against the tables of shared/REFERENCE.md: parameter counts and every block's output shape. */
class ArchitectureTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"seed, 12658438, 430625", "paper, 3576704, 2765568"})
    void trainableParameterCountsMatchTheReference(String arch, long g, long d) {
        ModelSpec spec = ModelSpec.of(Architecture.parse(arch), 100);
        GanPair pair = GanPair.create(spec, 1);
        assertEquals(g, LayerTable.trainableParams(pair.generator()), "G");
        assertEquals(d, LayerTable.trainableParams(pair.discriminator()), "D");
        assertEquals(g, spec.generatorBlocks().stream().mapToLong(ConvBlock::trainableParams).sum(), "G blocks");
        assertEquals(d, spec.discriminatorBlocks().stream().mapToLong(ConvBlock::trainableParams).sum(), "D blocks");
    }

    @Test
    void seedBlocksProduceTheTabledShapes() {
        ModelSpec spec = ModelSpec.of(Architecture.SEED, 100);
        GanPair pair = GanPair.create(spec, 1);
        assertEquals(List.of("1024x4x4", "512x8x8", "256x16x16", "128x32x32", "3x64x64"),
                blockOutputs(pair.generator(), Nd4j.randn(DataType.FLOAT, 2, 100, 1, 1)));
        assertEquals(List.of("32x31x31", "64x14x14", "128x11x11", "128x4x4", "1x1x1"),
                blockOutputs(pair.discriminator(), Nd4j.randn(DataType.FLOAT, 2, 3, 64, 64)));
    }

    @Test
    void paperBlocksProduceTheTabledShapes() {
        ModelSpec spec = ModelSpec.of(Architecture.PAPER, 100);
        GanPair pair = GanPair.create(spec, 1);
        assertEquals(List.of("512x4x4", "256x8x8", "128x16x16", "64x32x32", "3x64x64"),
                blockOutputs(pair.generator(), Nd4j.randn(DataType.FLOAT, 2, 100, 1, 1)));
        assertEquals(List.of("64x32x32", "128x16x16", "256x8x8", "512x4x4", "1x1x1"),
                blockOutputs(pair.discriminator(), Nd4j.randn(DataType.FLOAT, 2, 3, 64, 64)));
    }

    @Test
    void blockLayoutFollowsThePaper() {
        // seed: BN on every G block including the 3-channel output; paper: none on G's output nor on D's input.
        assertTrue(Architecture.SEED.generator(100, 128).get(4).batchNorm());
        assertFalse(Architecture.PAPER.generator(100, 64).get(4).batchNorm());
        assertFalse(Architecture.PAPER.discriminator(64).get(0).batchNorm());
        assertTrue(Architecture.SEED.discriminator(32).stream().allMatch(ConvBlock::bias));
        assertTrue(Architecture.PAPER.discriminator(64).stream().noneMatch(ConvBlock::bias));
        assertEquals(BlockActivation.TANH, Architecture.SEED.generator(100, 128).get(4).activation());
        assertEquals(0.2, BlockActivation.LEAKY_SLOPE);
    }

    @Test
    void generatorOutputIsInTanhRange() {
        GanPair pair = GanPair.create(new ModelSpec(Architecture.PAPER, 100, 8, 8), 3);
        INDArray fake = pair.generator().output(Nd4j.randn(DataType.FLOAT, 4, 100, 1, 1), true);
        assertArrayEquals(new long[]{4, 3, 64, 64}, fake.shape());
        assertTrue(fake.maxNumber().doubleValue() <= 1.0 && fake.minNumber().doubleValue() >= -1.0);
    }

    @Test
    void unknownArchitectureIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("resnet"));
        assertTrue(e.getMessage().contains("resnet"));
    }

    /** Output shape after each block (the activation layer ending it, or the conv when it has none). */
    private static List<String> blockOutputs(MultiLayerNetwork net, INDArray input) {
        List<INDArray> acts = net.feedForward(input, true);
        List<String> shapes = new ArrayList<>();
        var layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            boolean endsBlock = i == layers.length - 1
                    || layers[i + 1].conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
            if (endsBlock) {
                long[] s = acts.get(i + 1).shape();
                shapes.add(s[1] + "x" + s[2] + "x" + s[3]);
            }
        }
        return shapes;
    }
}
