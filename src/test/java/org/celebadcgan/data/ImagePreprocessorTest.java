package org.celebadcgan.data;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad or unusual input file: a clear reason, never an exception; unusual formats come out RGB. */
class ImagePreprocessorTest {

    private final ImagePreprocessor pre = new ImagePreprocessor();

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "writer for " + format);
        return out.toByteArray();
    }

    static byte[] face() throws IOException {
        return SynthWriter.jpeg(new SyntheticFaces(3).render(0, 178, 218));
    }

    private void assertSkipped(SkipReason reason, byte[] bytes) {
        DecodeResult r = pre.process("x.jpg", bytes);
        assertNull(r.pixels(), "skipped");
        assertEquals(reason, r.reason(), String.valueOf(r.detail()));
    }

    @Test
    void celebaSizedJpegBecomes64x64Chw() throws IOException {
        DecodeResult r = pre.process("000001.jpg", face());
        assertTrue(r.isOk(), String.valueOf(r.detail()));
        assertEquals(3 * 64 * 64, r.pixels().length);
    }

    @Test
    void zeroByteFileIsSkippedAsEmpty() {
        assertSkipped(SkipReason.EMPTY_FILE, new byte[0]);
    }

    @Test
    void textFileIsNotAnImage() {
        assertSkipped(SkipReason.NOT_AN_IMAGE, "name,smiling\n1,yes\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void truncatedJpegIsDetectedThoughImageIoDecodesIt() throws IOException {
        byte[] jpeg = face();
        assertSkipped(SkipReason.TRUNCATED, Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
    }

    @Test
    void corruptJpegIsSkipped() throws IOException {
        byte[] jpeg = face();
        byte[] bad = jpeg.clone();
        Arrays.fill(bad, 20, 600, (byte) 0x5A); // tables and frame header destroyed
        DecodeResult r = pre.process("x.jpg", bad);
        assertNull(r.pixels());
        assertTrue(r.reason() == SkipReason.CORRUPT || r.reason() == SkipReason.NOT_AN_IMAGE
                || r.reason() == SkipReason.TRUNCATED, r.reason() + " " + r.detail());
    }

    @Test
    void greyscaleJpegIsReplicatedToThreeEqualChannels() throws IOException {
        BufferedImage grey = new BufferedImage(100, 120, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 100; x++) {
                grey.getRaster().setSample(x, y, 0, (x + y) % 256);
            }
        }
        DecodeResult r = pre.process("g.jpg", encode(grey, "jpeg"));
        assertTrue(r.isOk(), String.valueOf(r.detail()));
        byte[] p = r.pixels();
        for (int i = 0; i < 4096; i++) {
            assertEquals(p[i], p[4096 + i]);
            assertEquals(p[i], p[8192 + i]);
        }
        // Stored grey values, not the JDK's gamma-converted ones: a mid-grey stays mid-grey.
        BufferedImage flat = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                flat.getRaster().setSample(x, y, 0, 100);
            }
        }
        DecodeResult f = pre.process("f.png", encode(flat, "png"));
        assertEquals(100, f.pixels()[2000] & 0xFF);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        // An Adobe CMYK JPEG as Photoshop and PIL write them (scripts/make_decode_fixture.py): cyan ink.
        byte[] jpeg = resource("/decode/cmyk-cyan.jpg");
        byte[] pil = resource("/decode/cmyk-cyan.rgb");
        DecodeResult r = pre.process("cmyk.jpg", jpeg);
        assertTrue(r.isOk(), r.reason() + " " + r.detail());
        int[] rgb = {r.pixels()[2000] & 0xFF, r.pixels()[4096 + 2000] & 0xFF, r.pixels()[8192 + 2000] & 0xFF};
        // TwelveMonkeys converts through a CMYK profile, PIL naively: the same colour, not the same numbers.
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(rgb[c] - (pil[c] & 0xFF)) <= 60, "channel " + c + ": " + Arrays.toString(rgb)
                    + " vs PIL " + (pil[0] & 0xFF) + "," + (pil[1] & 0xFF) + "," + (pil[2] & 0xFF));
        }
        assertTrue(rgb[0] < rgb[1] - 80 && rgb[0] < rgb[2] - 80, "cyan: " + Arrays.toString(rgb));
    }

    static byte[] resource(String name) throws IOException {
        try (var in = ImagePreprocessorTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " missing: run scripts/make_decode_fixture.py");
            }
            return in.readAllBytes();
        }
    }

    @Test
    void jpegPreprocessingMatchesPilWithinOneGreyLevel() throws IOException {
        DecodeResult r = pre.process("face.jpg", resource("/decode/face.jpg"));
        byte[] expected = resource("/decode/face.chw");
        assertTrue(r.isOk());
        long sum = 0;
        int max = 0;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((r.pixels()[i] & 0xFF) - (expected[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        double mad = sum / (double) expected.length;
        assertTrue(mad <= 1.0, "mean absolute difference " + mad + " (max " + max + ") against PIL");
    }

    @Test
    void pngWithAlphaDropsAlphaAndKeepsColour() throws IOException {
        BufferedImage argb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                argb.setRGB(x, y, (x < 32 ? 0x00 : 0xFF) << 24 | 0x20A0E0); // half fully transparent
            }
        }
        DecodeResult r = pre.process("a.png", encode(argb, "png"));
        assertTrue(r.isOk());
        assertEquals(0x20, r.pixels()[10] & 0xFF, "transparent pixel keeps its colour, as PIL's convert('RGB')");
        assertEquals(0xA0, r.pixels()[4096 + 10] & 0xFF);
        assertEquals(0xE0, r.pixels()[8192 + 10] & 0xFF);
    }

    @Test
    void sixteenBitPngIsReducedToEightBits() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.getRaster().setSample(x, y, 0, 0xC812);
            }
        }
        DecodeResult r = pre.process("16.png", encode(img, "png"));
        assertTrue(r.isOk(), String.valueOf(r.detail()));
        assertEquals(0xC8, r.pixels()[100] & 0xFF);
    }

    @Test
    void verySmallImageIsSkipped() throws IOException {
        assertSkipped(SkipReason.TOO_SMALL, encode(new BufferedImage(10, 12, BufferedImage.TYPE_3BYTE_BGR), "jpeg"));
    }

    @Test
    void hugeDimensionsAreRefusedFromTheHeaderBeforeDecoding() {
        assertSkipped(SkipReason.TOO_LARGE, pngHeaderOnly(100_000, 100_000));
    }

    /** A PNG whose header claims w x h, with no pixel data: decoding it would fail, reading the header works. */
    static byte[] pngHeaderOnly(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        b.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        CRC32 end = new CRC32();
        end.update("IEND".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt((int) end.getValue());
        return b.array();
    }
}
