package org.celebadcgan.io;

import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns a batch of generated images ([N, 3, 64, 64] in [-1, 1]) into pictures: one grid with 2-pixel gutters, or
 * one image alone.
 */
public final class SampleGrid {

    private static final int GUTTER = 2;

    private SampleGrid() {
    }

    /** Renders the first {@code rows * cols} images. */
    public static BufferedImage render(INDArray images, int rows, int cols) {
        int n = (int) images.size(0);
        if (n < rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " grid needs " + rows * cols
                    + " images, got " + n);
        }
        return tile(images, rows, cols, GUTTER);
    }

    /** Image {@code k} of the batch alone, at its own size (64x64), no gutter. */
    public static BufferedImage single(INDArray images, int k) {
        return tile(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(k, k + 1)), 1, 1, 0);
    }

    /** Writes the grid as PNG. */
    public static void write(INDArray images, int rows, int cols, OutputStream out) throws IOException {
        png(render(images, rows, cols), out);
    }

    /** The PNG file of {@code image}. */
    public static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        png(image, out);
        return out.toByteArray();
    }

    private static void png(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }

    private static BufferedImage tile(INDArray images, int rows, int cols, int gutter) {
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        float[] v = images.dup('c').data().asFloat();
        int plane = h * w;
        BufferedImage grid = new BufferedImage(cols * (w + gutter) + gutter, rows * (h + gutter) + gutter,
                BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < rows * cols; k++) {
            int ox = gutter + (k % cols) * (w + gutter);
            int oy = gutter + (k / cols) * (h + gutter);
            int base = k * 3 * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    grid.setRGB(ox + x, oy + y, (toByte(v[base + p]) << 16) | (toByte(v[base + plane + p]) << 8)
                            | toByte(v[base + 2 * plane + p]));
                }
            }
        }
        return grid;
    }

    private static int toByte(float x) {
        return Math.max(0, Math.min(255, Math.round((x + 1f) * 127.5f)));
    }
}
