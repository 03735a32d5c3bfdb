package org.celebadcgan.io;

import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;

/** Tiles a batch of generated images ([N, 3, 64, 64] in [-1, 1]) into one PNG grid, 2-pixel gutters. */
public final class SampleGrid {

    private static final int GUTTER = 2;

    private SampleGrid() {
    }

    /** Renders the first {@code rows * cols} images. */
    public static BufferedImage render(INDArray images, int rows, int cols) {
        int n = (int) images.size(0);
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        if (n < rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " grid needs " + rows * cols
                    + " images, got " + n);
        }
        float[] v = images.dup('c').data().asFloat();
        int plane = h * w;
        BufferedImage grid = new BufferedImage(cols * (w + GUTTER) + GUTTER, rows * (h + GUTTER) + GUTTER,
                BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < rows * cols; k++) {
            int ox = GUTTER + (k % cols) * (w + GUTTER);
            int oy = GUTTER + (k / cols) * (h + GUTTER);
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

    /** Writes the grid as PNG. */
    public static void write(INDArray images, int rows, int cols, OutputStream out) throws IOException {
        if (!ImageIO.write(render(images, rows, cols), "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }

    private static int toByte(float x) {
        return Math.max(0, Math.min(255, Math.round((x + 1f) * 127.5f)));
    }
}
