package org.celebadcgan.data;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks PilResize against Pillow outputs written by scripts/make_resize_fixture.py. */
class PilResizeTest {

    private static final String DIR = "/resize/";
    private static final int CROP = 64;

    private record Case(String name, int width, int height, int resizeWidth, int resizeHeight, boolean torchvision) {
    }

    @TestFactory
    List<DynamicTest> resizeAndCenterCropMatchPillowBitForBit() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                byte[] rgb = loadRgb(c);
                int[] size = c.torchvision()
                        ? PilResize.resizedSize(c.width(), c.height(), CROP)
                        : new int[] {c.resizeWidth(), c.resizeHeight()};
                assertArrayEquals(new int[] {c.resizeWidth(), c.resizeHeight()}, size, c.name() + ": resize size");
                byte[] resized = PilResize.resizeBilinear(rgb, c.width(), c.height(), size[0], size[1]);
                byte[] actual = PilResize.centerCropChw(resized, size[0], size[1], CROP);
                byte[] expected = resource(c.name() + ".chw");
                assertEquals(expected.length, actual.length, c.name() + ": output length");
                int max = 0;
                long sum = 0;
                int differing = 0;
                for (int i = 0; i < expected.length; i++) {
                    int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
                    max = Math.max(max, d);
                    sum += d;
                    if (d != 0) {
                        differing++;
                    }
                }
                double mean = (double) sum / expected.length;
                String report = c.name() + ": max abs diff " + max + ", mean abs diff " + mean + ", "
                        + differing + " of " + expected.length + " values differ";
                assertTrue(mean <= 1.0, report);
                assertEquals(0, max, report);
            }));
        }
        return tests;
    }

    @Test
    void resizedSizeScalesShortSideTo64AndTruncatesLongSide() {
        assertArrayEquals(new int[] {64, 78}, PilResize.resizedSize(178, 218, 64));
        assertArrayEquals(new int[] {78, 64}, PilResize.resizedSize(218, 178, 64));
        assertArrayEquals(new int[] {64, 64}, PilResize.resizedSize(100, 100, 64));
        assertArrayEquals(new int[] {86, 64}, PilResize.resizedSize(131, 97, 64));
    }

    @Test
    void centerCropRejectsImageSmallerThanCrop() {
        byte[] small = new byte[63 * 80 * 3];
        assertThrows(IllegalArgumentException.class, () -> PilResize.centerCropChw(small, 63, 80, 64));
        byte[] shortImage = new byte[80 * 63 * 3];
        assertThrows(IllegalArgumentException.class, () -> PilResize.centerCropChw(shortImage, 80, 63, 64));
    }

    @Test
    void centerCropRoundsOffsetsHalfToEvenAndWritesChannelPlanes() {
        // 3 x 3 image cropped to 2: offsets round(0.5) = 0 (Python rounds half to even), so the top-left 2 x 2.
        byte[] rgb = new byte[3 * 3 * 3];
        for (int p = 0; p < 9; p++) {
            rgb[p * 3] = (byte) p;
            rgb[p * 3 + 1] = (byte) (10 + p);
            rgb[p * 3 + 2] = (byte) (20 + p);
        }
        byte[] chw = PilResize.centerCropChw(rgb, 3, 3, 2);
        assertArrayEquals(new byte[] {0, 1, 3, 4, 10, 11, 13, 14, 20, 21, 23, 24}, chw);
        // 5 wide cropped to 2: round(1.5) = 2.
        byte[] wide = new byte[5 * 2 * 3];
        for (int p = 0; p < 10; p++) {
            wide[p * 3] = (byte) p;
        }
        byte[] out = PilResize.centerCropChw(wide, 5, 2, 2);
        assertArrayEquals(new byte[] {2, 3, 7, 8}, Arrays.copyOf(out, 4));
    }

    @Test
    void sameSizeResizeReturnsACopy() {
        byte[] rgb = {1, 2, 3, 4, 5, 6};
        byte[] out = PilResize.resizeBilinear(rgb, 2, 1, 2, 1);
        assertArrayEquals(rgb, out);
        assertFalse(out == rgb, "resize must not return its input array");
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream("cases.txt"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                cases.add(new Case(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), f[5].equals("torchvision")));
            }
        }
        assertFalse(cases.isEmpty(), "no cases in cases.txt");
        return cases;
    }

    private static byte[] loadRgb(Case c) throws IOException {
        BufferedImage img;
        try (InputStream in = stream(c.name() + ".png")) {
            img = ImageIO.read(in);
        }
        assertNotNull(img, c.name() + ".png is not a readable image");
        assertEquals(c.width(), img.getWidth(), c.name() + ": width");
        assertEquals(c.height(), img.getHeight(), c.name() + ": height");
        int[] argb = img.getRGB(0, 0, c.width(), c.height(), null, 0, c.width());
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return rgb;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream stream(String name) {
        InputStream in = PilResizeTest.class.getResourceAsStream(DIR + name);
        assertNotNull(in, "missing test resource " + DIR + name);
        return in;
    }
}
