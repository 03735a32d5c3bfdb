package org.celebadcgan.data;

import org.celebadcgan.model.ModelSpec;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Preprocessed 3 x 64 x 64 images as unsigned bytes in CHW order (12,288 per image): a quarter of the memory of
 * floats. Holds references to the arrays it is given (a shard's rows are not copied); scaling to [-1, 1] happens
 * only when a batch is made.
 */
public final class PackedImages {

    /** Bytes per packed image. */
    public static final int IMAGE_BYTES = ModelSpec.imageValues();

    private final List<byte[]> images;

    public PackedImages(List<byte[]> images) {
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).length != IMAGE_BYTES) {
                throw new IllegalArgumentException("image " + i + " has " + images.get(i).length + " bytes, expected "
                        + IMAGE_BYTES);
            }
        }
        this.images = images;
    }

    /** Splits one buffer of whole images. */
    public static PackedImages of(byte[] data) {
        if (data.length % IMAGE_BYTES != 0) {
            throw new IllegalArgumentException("packed data of " + data.length + " bytes is not a whole number of "
                    + IMAGE_BYTES + "-byte images");
        }
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < data.length; i += IMAGE_BYTES) {
            list.add(java.util.Arrays.copyOfRange(data, i, i + IMAGE_BYTES));
        }
        return new PackedImages(list);
    }

    public int count() {
        return images.size();
    }

    /** Image {@code index}'s bytes (the array itself). */
    public byte[] get(int index) {
        return images.get(index);
    }

    /** Writes image {@code index} scaled to [-1, 1] ((x/255 - 0.5) / 0.5) into {@code out} at {@code offset}. */
    public void copyScaled(int index, float[] out, int offset) {
        byte[] img = images.get(index);
        for (int i = 0; i < IMAGE_BYTES; i++) {
            out[offset + i] = (img[i] & 0xFF) / 127.5f - 1f;
        }
    }

    /** Packs a 64 x 64 RGB picture as CHW bytes. */
    public static byte[] pack(BufferedImage img) {
        int s = ModelSpec.IMAGE_SIZE;
        if (img.getWidth() != s || img.getHeight() != s) {
            throw new IllegalArgumentException("expected a " + s + "x" + s + " image, got " + img.getWidth() + "x"
                    + img.getHeight());
        }
        int plane = s * s;
        byte[] out = new byte[IMAGE_BYTES];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = img.getRGB(x, y);
                int p = y * s + x;
                out[p] = (byte) (rgb >> 16);
                out[plane + p] = (byte) (rgb >> 8);
                out[2 * plane + p] = (byte) rgb;
            }
        }
        return out;
    }

    /** {@code n} generated faces drawn directly at 64 x 64 (the demo's in-memory data set). */
    public static PackedImages generatedFaces(int n, long seed) {
        SyntheticFaces faces = new SyntheticFaces(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // CelebA's 178x218 aspect, centre-cropped to a square, as the real preprocessing does.
            BufferedImage full = faces.draw(i, 64, 78);
            out.add(pack(full.getSubimage(0, 7, 64, 64)));
        }
        return new PackedImages(out);
    }
}
