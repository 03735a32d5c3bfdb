package org.celebadcgan.runtime;

import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native build is chosen by what the CPU supports, and oneDNN helpers are in effect when it has oneDNN. */
class NativeBuildTest {

    private static final Set<String> AVX512 = Set.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq");
    private static final Set<String> AVX2 = Set.of("avx2", "fma", "sse4_2");

    @Test
    void autoPicksTheFastestBuildTheCpuRuns() {
        assertEquals("-onednn-avx512", NativeBuild.choose(null, AVX512, ext -> true));
        assertEquals("-onednn-avx2", NativeBuild.choose("auto", AVX2, ext -> true));
        assertEquals("", NativeBuild.choose("auto", Set.of("sse4_2"), ext -> true), "old CPU: plain build");
        assertEquals("", NativeBuild.choose("auto", Set.of(), ext -> true), "unknown CPU: plain build");
        assertEquals("-onednn-avx2", NativeBuild.choose("auto", AVX512, ext -> ext.equals("-onednn-avx2")),
                "avx512 jar missing: next best");
    }

    @Test
    void explicitRequestsAreHonouredOrRefusedClearly() {
        assertEquals("", NativeBuild.choose("plain", AVX512, ext -> true));
        assertEquals("-onednn-avx2", NativeBuild.choose("onednn-avx2", AVX512, ext -> true));
        var missing = assertThrows(IllegalStateException.class,
                () -> NativeBuild.choose("onednn-avx512", AVX512, ext -> false));
        assertTrue(missing.getMessage().contains("onednn-avx512"));
        var bad = assertThrows(IllegalArgumentException.class, () -> NativeBuild.choose("fast", AVX512, e -> true));
        assertTrue(bad.getMessage().contains(NativeBuild.ENV));
    }

    @Test
    void oneDnnHelpersAreInEffectWhenTheBuildHasOneDnn() {
        GanPair pair = GanPair.create(new ModelSpec(Architecture.SEED, 16, 8, 8), 1);
        int convs = 0;
        int norms = 0;
        for (var net : new org.deeplearning4j.nn.multilayer.MultiLayerNetwork[]{pair.generator(),
                pair.discriminator()}) {
            for (Layer layer : net.getLayers()) {
                Object helper = OneDnnHelpers.helperOf(layer);
                if (!NativeBuild.hasOneDnn() || layer instanceof Deconvolution2DLayer) {
                    assertNull(helper, layer.toString());
                } else if (layer.getClass() == org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class) {
                    assertInstanceOf(MKLDNNConvHelper.class, helper);
                    convs++;
                } else if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                    assertInstanceOf(MKLDNNBatchNormHelper.class, helper);
                    norms++;
                }
            }
        }
        if (NativeBuild.hasOneDnn()) {
            assertEquals(5, convs);
            assertEquals(9, norms);
        }
    }
}
