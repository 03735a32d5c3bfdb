package org.celebadcgan.data;

import org.celebadcgan.model.ModelSpec;

import java.awt.image.BufferedImage;

/**
 * Preprocessed 3 x 64 x 64 images packed as unsigned bytes in CHW order (12,288 per image): a quarter of the
 * memory of floats. Scaling to [-1, 1] happens only when a batch is made.
 */
public final class PackedImages {

    /** Bytes per packed image. */
    public static final int IMAGE_BYTES = ModelSpec.imageValues();

    private final byte[] data;
    private final int count;

    public PackedImages(byte[] data) {
        if (data.length % IMAGE_BYTES != 0) {
            throw new IllegalArgumentException("packed data of " + data.length + " bytes is not a whole number of "
                    + IMAGE_BYTES + "-byte images");
        }
        this.data = data;
        this.count = data.length / IMAGE_BYTES;
    }

    public int count() {
        return count;
    }

    /** Writes image {@code index} scaled to [-1, 1] ((x/255 - 0.5) / 0.5) into {@code out} at {@code offset}. */
    public void copyScaled(int index, float[] out, int offset) {
        int base = index * IMAGE_BYTES;
        for (int i = 0; i < IMAGE_BYTES; i++) {
            out[offset + i] = (data[base + i] & 0xFF) / 127.5f - 1f;
        }
    }

    /** Packs a 64 x 64 RGB picture as CHW bytes into {@code out} at image slot {@code index}. */
    public static void pack(BufferedImage img, byte[] out, int index) {
        int s = ModelSpec.IMAGE_SIZE;
        if (img.getWidth() != s || img.getHeight() != s) {
            throw new IllegalArgumentException("expected a " + s + "x" + s + " image, got " + img.getWidth() + "x"
                    + img.getHeight());
        }
        int plane = s * s;
        int base = index * IMAGE_BYTES;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = img.getRGB(x, y);
                int p = y * s + x;
                out[base + p] = (byte) (rgb >> 16);
                out[base + plane + p] = (byte) (rgb >> 8);
                out[base + 2 * plane + p] = (byte) rgb;
            }
        }
    }

    /** {@code n} generated faces drawn directly at 64 x 64 (the demo's in-memory data set). */
    public static PackedImages generatedFaces(int n, long seed) {
        SyntheticFaces faces = new SyntheticFaces(seed);
        byte[] out = new byte[n * IMAGE_BYTES];
        for (int i = 0; i < n; i++) {
            // CelebA's 178x218 aspect, centre-cropped to a square, as the real preprocessing does.
            BufferedImage full = faces.draw(i, 64, 78);
            pack(full.getSubimage(0, 7, 64, 64), out, i);
        }
        return new PackedImages(out);
    }
}
