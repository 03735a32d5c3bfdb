package org.celebadcgan.data;

import java.util.Arrays;

/** Bit-exact port of Pillow's 8-bit RGB bilinear resize, plus torchvision's Resize(int) sizing and CenterCrop. */
public final class PilResize {

    /** Pillow's fixed-point precision for 8-bit resampling: 32 - 8 - 2. */
    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** Rounding constant added before the fixed-point shift. */
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    /** Pillow's bilinear (triangle) filter support. */
    private static final double BILINEAR_SUPPORT = 1.0;

    private PilResize() {
    }

    /**
     * Resizes interleaved RGB bytes exactly as Pillow's {@code ImagingResample} does with the bilinear filter:
     * antialiased (support scaled when downscaling), fixed-point coefficients, horizontal pass into an 8-bit
     * intermediate image first, then the vertical pass; a pass runs only if its dimension changes.
     *
     * @param rgb       interleaved RGB, row-major, {@code width * height * 3} bytes
     * @param width     source width
     * @param height    source height
     * @param newWidth  target width
     * @param newHeight target height
     * @return interleaved RGB, {@code newWidth * newHeight * 3} bytes (a new array)
     */
    public static byte[] resizeBilinear(byte[] rgb, int width, int height, int newWidth, int newHeight) {
        if (width <= 0 || height <= 0 || newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + width + "x" + height + " -> "
                    + newWidth + "x" + newHeight);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + (width * height * 3) + " RGB bytes for " + width + "x"
                    + height + ", got " + rgb.length);
        }
        boolean needHorizontal = newWidth != width;
        boolean needVertical = newHeight != height;
        if (!needHorizontal && !needVertical) {
            return rgb.clone();
        }

        // Pillow always computes the vertical coefficients first; they bound the rows the horizontal pass needs.
        Coeffs v = coeffs(height, newHeight);
        int ksizeV = v.ksize();
        int[] boundsV = v.bounds().clone(); // shifted below when the horizontal pass skips rows
        int[] kkV = v.kk();
        int yFirst = boundsV[0];
        int yLast = boundsV[newHeight * 2 - 2] + boundsV[newHeight * 2 - 1];

        byte[] src = rgb;
        int srcWidth = width;
        if (needHorizontal) {
            Coeffs h = coeffs(width, newWidth);
            int ksizeH = h.ksize();
            int[] boundsH = h.bounds();
            int[] kkH = h.kk();
            for (int i = 0; i < newHeight; i++) {
                boundsV[i * 2] -= yFirst;
            }
            int rows = yLast - yFirst;
            byte[] tmp = new byte[newWidth * rows * 3];
            horizontal(rgb, width, yFirst, rows, tmp, newWidth, ksizeH, boundsH, kkH);
            src = tmp;
            srcWidth = newWidth;
        }
        if (!needVertical) {
            return src;
        }
        byte[] out = new byte[srcWidth * newHeight * 3];
        vertical(src, srcWidth, out, newHeight, ksizeV, boundsV, kkV);
        return out;
    }

    /**
     * Output size of torchvision's {@code Resize(shortSide)} for a PIL image: the short side becomes
     * {@code shortSide}, the long side {@code int(shortSide * long / short)} (truncated).
     *
     * @return {newWidth, newHeight}
     */
    public static int[] resizedSize(int width, int height, int shortSide) {
        if (width <= 0 || height <= 0 || shortSide <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + width + "x" + height + ", " + shortSide);
        }
        int shortEdge = Math.min(width, height);
        int longEdge = Math.max(width, height);
        // Python: int(requested_new_short * long / short) -- true division of exact ints, then truncation.
        int newLong = (int) ((double) ((long) shortSide * longEdge) / shortEdge);
        return width <= height ? new int[] {shortSide, newLong} : new int[] {newLong, shortSide};
    }

    /**
     * torchvision's {@code CenterCrop(size)} of interleaved RGB, returned in CHW order (R plane, G plane, B plane).
     * Offsets are {@code int(round((dim - size) / 2.0))} with Python's round-half-to-even.
     *
     * @throws IllegalArgumentException if the image is smaller than {@code size} in either dimension
     */
    public static byte[] centerCropChw(byte[] rgb, int width, int height, int size) {
        return centerCropChw(rgb, width, height, size, false);
    }

    /**
     * As {@link #centerCropChw(byte[], int, int, int)}; with {@code bgr} the input is interleaved BGR (the JDK
     * JPEG decoder's layout, which the resize handles as well as RGB) and the output is still R, G, B planes.
     */
    public static byte[] centerCropChw(byte[] rgb, int width, int height, int size, boolean bgr) {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive: " + size);
        }
        if (width < size || height < size) {
            throw new IllegalArgumentException("image " + width + "x" + height + " is smaller than crop " + size);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + (width * height * 3) + " RGB bytes for " + width + "x"
                    + height + ", got " + rgb.length);
        }
        int top = (int) Math.rint((height - size) / 2.0);
        int left = (int) Math.rint((width - size) / 2.0);
        int plane = size * size;
        byte[] out = new byte[plane * 3];
        int first = bgr ? 2 * plane : 0;
        int third = bgr ? 0 : 2 * plane;
        int o = 0;
        for (int y = 0; y < size; y++) {
            int s = ((top + y) * width + left) * 3;
            for (int x = 0; x < size; x++, s += 3, o++) {
                out[first + o] = rgb[s];
                out[plane + o] = rgb[s + 1];
                out[third + o] = rgb[s + 2];
            }
        }
        return out;
    }

    /** Fixed-point filter weights for one (input size, output size) pair; immutable once made. */
    private record Coeffs(int ksize, int[] bounds, int[] kk) {
    }

    /** A job resizes the same few size pairs ~200k times: compute each pair's weights once. */
    private static final java.util.concurrent.ConcurrentHashMap<Long, Coeffs> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Coeffs coeffs(int inSize, int outSize) {
        return CACHE.computeIfAbsent(((long) inSize << 32) | outSize, key -> {
            int ksize = ksize(inSize, outSize);
            int[] bounds = new int[outSize * 2];
            int[] kk = new int[outSize * ksize];
            precomputeCoeffs(inSize, outSize, ksize, bounds, kk);
            return new Coeffs(ksize, bounds, kk);
        });
    }

    /** Pillow's maximum number of coefficients per output sample: {@code (int) ceil(support) * 2 + 1}. */
    private static int ksize(int inSize, int outSize) {
        double filterscale = Math.max((double) inSize / outSize, 1.0);
        return (int) Math.ceil(BILINEAR_SUPPORT * filterscale) * 2 + 1;
    }

    /**
     * Pillow's {@code precompute_coeffs} (bilinear, box = whole image) followed by {@code normalize_coeffs_8bpc}.
     * Fills {@code bounds} with (xmin, count) pairs and {@code kk} with fixed-point weights, {@code ksize} per output.
     */
    private static void precomputeCoeffs(int inSize, int outSize, int ksize, int[] bounds, int[] kk) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = BILINEAR_SUPPORT * filterscale;
        double ss = 1.0 / filterscale;
        double[] k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = bilinear((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            int base = xx * ksize;
            for (int x = 0; x < xmax; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                kk[base + x] = w < 0
                        ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                        : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            // remaining kk[base + xmax .. base + ksize) stay 0, as in Pillow
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
    }

    private static double bilinear(double x) {
        if (x < 0.0) {
            x = -x;
        }
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /** Pillow's {@code clip8}: fixed-point sum to an unsigned byte, clamped. */
    private static byte clip8(int in) {
        int v = in >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
    }

    /** Horizontal pass over source rows {@code [offset, offset + rows)} into {@code out} ({@code outWidth} wide). */
    private static void horizontal(byte[] in, int inWidth, int offset, int rows, byte[] out, int outWidth,
                                   int ksize, int[] bounds, int[] kk) {
        int o = 0;
        for (int yy = 0; yy < rows; yy++) {
            int rowBase = (yy + offset) * inWidth * 3;
            for (int xx = 0; xx < outWidth; xx++) {
                int xmin = bounds[xx * 2];
                int xmax = bounds[xx * 2 + 1];
                int kb = xx * ksize;
                int ss0 = HALF;
                int ss1 = HALF;
                int ss2 = HALF;
                int s = rowBase + xmin * 3;
                for (int x = 0; x < xmax; x++, s += 3) {
                    int w = kk[kb + x];
                    ss0 += (in[s] & 0xFF) * w;
                    ss1 += (in[s + 1] & 0xFF) * w;
                    ss2 += (in[s + 2] & 0xFF) * w;
                }
                out[o++] = clip8(ss0);
                out[o++] = clip8(ss1);
                out[o++] = clip8(ss2);
            }
        }
    }

    /**
     * Vertical pass: {@code in} is {@code width} wide; {@code bounds} are relative to its first row. Accumulates whole
     * rows at a time (same sums as Pillow's per-pixel loop, in a cache- and SIMD-friendly order).
     */
    private static void vertical(byte[] in, int width, byte[] out, int outHeight, int ksize, int[] bounds, int[] kk) {
        int stride = width * 3;
        int[] acc = new int[stride];
        for (int yy = 0; yy < outHeight; yy++) {
            int ymin = bounds[yy * 2];
            int ymax = bounds[yy * 2 + 1];
            int kb = yy * ksize;
            Arrays.fill(acc, HALF);
            for (int y = 0; y < ymax; y++) {
                int w = kk[kb + y];
                int base = (ymin + y) * stride;
                for (int c = 0; c < stride; c++) {
                    acc[c] += (in[base + c] & 0xFF) * w;
                }
            }
            int o = yy * stride;
            for (int c = 0; c < stride; c++) {
                out[o + c] = clip8(acc[c]);
            }
        }
    }
}
