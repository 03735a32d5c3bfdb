package org.celebadcgan.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.celebadcgan.testutil.ParityRandom;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our SWD against Karras et al.'s reference code (scripts/make_swd_fixture.py runs it with numpy and scipy on two
 * small image sets): same images, same neighbourhood positions and directions (SplitMix64 in both), same result
 * within 1e-4 relative, per level.
 */
class SwdParityTest {

    private static final String DIR = "/parity/swd/";

    @Test
    void matchesTheReferenceImplementationPerLevel() throws IOException {
        JsonNode expected;
        byte[] bytes;
        try (InputStream json = getClass().getResourceAsStream(DIR + "expected.json");
             InputStream bin = getClass().getResourceAsStream(DIR + "images.bin")) {
            expected = new ObjectMapper().readTree(json);
            bytes = bin.readAllBytes();
        }
        int images = expected.get("images_per_set").asInt();
        int imageBytes = 3 * 64 * 64;
        assertEquals(2 * images * imageBytes, bytes.length);
        float[][][] pyramids = new float[2 * images][][];
        for (int i = 0; i < 2 * images; i++) {
            float[] f = new float[imageBytes];
            for (int j = 0; j < imageBytes; j++) {
                f[j] = bytes[i * imageBytes + j] & 0xFF;
            }
            pyramids[i] = LaplacianPyramid.of(f, 3, 64, Neighbourhoods.LEVELS);
        }
        ParityRandom rng = new ParityRandom(expected.get("seed").asLong());
        int per = Neighbourhoods.PER_IMAGE;
        int h = Neighbourhoods.SIZE / 2;
        double sum = 0;
        for (int l = 0; l < Neighbourhoods.LEVELS; l++) {
            int size = 64 >> l;
            float[][] sets = new float[2][images * per * Neighbourhoods.LENGTH];
            for (int set = 0; set < 2; set++) {
                for (int img = 0; img < images; img++) {
                    int[] xs = new int[per];
                    int[] ys = new int[per];
                    for (int k = 0; k < per; k++) {
                        xs[k] = h + rng.below(size - 2 * h);
                        ys[k] = h + rng.below(size - 2 * h);
                    }
                    Neighbourhoods.extract(pyramids[set * images + img][l], size, xs, ys, per, sets[set],
                            img * Neighbourhoods.PER_IMAGE_FLOATS);
                }
            }
            double[][] dirs = new double[SlicedWasserstein.REPEATS][Neighbourhoods.LENGTH
                    * SlicedWasserstein.DIRECTIONS];
            for (double[] repeat : dirs) {
                for (int i = 0; i < repeat.length; i++) {
                    repeat[i] = rng.uniform();
                }
            }
            DescriptorSet a = DescriptorSet.normalised(new float[][]{sets[0]});
            DescriptorSet b = DescriptorSet.normalised(new float[][]{sets[1]});
            double ours = SlicedWasserstein.levelDistance(a.level(0), b.level(0), a.count(), dirs) * 1e3;
            double ref = expected.get("swd_levels").get(l).asDouble();
            assertTrue(ref > 10, "the fixture's sets differ at level " + l + ": " + ref);
            System.out.printf("SWD parity level %d (%d px): reference %.6f ours %.6f relative error %.2e%n", l, size,
                    ref, ours, Math.abs(ours - ref) / ref);
            assertEquals(ref, ours, 1e-4 * ref, "level " + l + " (" + size + " px)");
            sum += ours;
        }
        assertEquals(expected.get("swd").asDouble(), sum / Neighbourhoods.LEVELS, 1e-4 * expected.get("swd").asDouble());
    }
}
