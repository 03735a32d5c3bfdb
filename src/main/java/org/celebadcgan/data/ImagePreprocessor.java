package org.celebadcgan.data;

import org.celebadcgan.model.ModelSpec;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes one image file and preprocesses it as torchvision's {@code Resize(64)} + {@code CenterCrop(64)} on a PIL
 * image: RGB (grey replicated, CMYK/YCCK converted, alpha dropped, 16-bit reduced), short side resized to 64 with
 * Pillow's antialiased bilinear filter, centre crop, packed as 3 x 64 x 64 bytes (CHW). Bad files come back as a
 * {@link DecodeResult} with a reason, never as an exception. Holds a reusable JPEG reader: one instance per
 * thread (Spark tasks make their own).
 */
public final class ImagePreprocessor {

    /** Shorter sides below this are refused (CelebA's are 178). */
    public static final int MIN_SIDE = 32;
    /** Images with more pixels than this are refused from the header, before any decoding. */
    public static final long MAX_PIXELS = 40_000_000L;

    private final int size = ModelSpec.IMAGE_SIZE;

    /** The JDK's JPEG reader (native libjpeg), reused: the fastest for baseline and progressive RGB/grey JPEGs. */
    private final ImageReader jpegReader = jdkJpegReader();

    /** Preprocesses the bytes of the file {@code name}. */
    public DecodeResult process(String name, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return DecodeResult.skipped(name, SkipReason.EMPTY_FILE, "0 bytes");
        }
        Decoded d = null;
        if (isJpeg(bytes) && jpegReader != null) {
            d = decode(name, bytes, jpegReader);
            if (d.result == null && d.image == null) {
                d = null; // CMYK/YCCK and other types the JDK reader refuses: try the registered readers
            }
        }
        if (d == null) {
            try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    return DecodeResult.skipped(name, SkipReason.NOT_AN_IMAGE, "no image reader recognises it");
                }
                ImageReader reader = readers.next();
                try {
                    d = decode(name, bytes, reader);
                } finally {
                    reader.dispose();
                }
            } catch (IOException e) {
                return DecodeResult.skipped(name, SkipReason.CORRUPT, e.getMessage());
            }
            if (d.result == null && d.image == null) {
                return DecodeResult.skipped(name, SkipReason.CORRUPT, d.error);
            }
        }
        if (d.result != null) {
            return d.result;
        }
        if (isJpeg(bytes) && !endsWithEoi(bytes)) {
            // ImageIO fills a JPEG cut short with grey and, for some cuts, says nothing.
            return DecodeResult.skipped(name, SkipReason.TRUNCATED, "JPEG without its end-of-image marker");
        }
        BufferedImage image = d.image;
        int w = image.getWidth();
        int h = image.getHeight();
        boolean bgr = image.getType() == BufferedImage.TYPE_3BYTE_BGR;
        // BGR goes through the resize as is (channels are independent); the crop writes the planes in RGB order.
        byte[] pixels = bgr ? ((DataBufferByte) image.getRaster().getDataBuffer()).getData() : toRgb(image);
        int[] resized = PilResize.resizedSize(w, h, size);
        byte[] small = resized[0] == w && resized[1] == h ? pixels
                : PilResize.resizeBilinear(pixels, w, h, resized[0], resized[1]);
        return DecodeResult.ok(name, PilResize.centerCropChw(small, resized[0], resized[1], size, bgr));
    }

    /** A decoded image, a decision (skip), or neither (this reader cannot read it: {@code error} says why). */
    private record Decoded(BufferedImage image, DecodeResult result, String error) {
    }

    private Decoded decode(String name, byte[] bytes, ImageReader reader) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if ((long) w * h > MAX_PIXELS) {
                return new Decoded(null, DecodeResult.skipped(name, SkipReason.TOO_LARGE,
                        w + "x" + h + " from the header"), null);
            }
            if (Math.min(w, h) < MIN_SIDE) {
                return new Decoded(null, DecodeResult.skipped(name, SkipReason.TOO_SMALL, w + "x" + h), null);
            }
            Warnings warnings = new Warnings();
            reader.addIIOReadWarningListener(warnings);
            try {
                BufferedImage image = reader.read(0);
                if (reader == jpegReader && image.getRaster().getNumBands() == 4) {
                    // The JDK hands CMYK/YCCK JPEGs back as raw ink bands; TwelveMonkeys converts them.
                    return new Decoded(null, null, "4-channel JPEG");
                }
                if (warnings.first != null) {
                    return new Decoded(null, DecodeResult.skipped(name, SkipReason.TRUNCATED, warnings.first), null);
                }
                return new Decoded(image, null, null);
            } finally {
                reader.removeAllIIOReadWarningListeners();
            }
        } catch (javax.imageio.IIOException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("Unsupported Image Type") || msg.contains("Unsupported JPEG process")) {
                return new Decoded(null, null, msg); // e.g. CMYK for the JDK reader: another reader may do it
            }
            return new Decoded(null, skippedFor(name, e), null);
        } catch (IOException | RuntimeException e) {
            return new Decoded(null, skippedFor(name, e), null);
        } finally {
            reader.reset();
        }
    }

    private static DecodeResult skippedFor(String name, Exception e) {
        String msg = String.valueOf(e.getMessage());
        SkipReason reason = msg.contains("EOF") || msg.contains("end of") ? SkipReason.TRUNCATED : SkipReason.CORRUPT;
        return DecodeResult.skipped(name, reason, e.getClass().getSimpleName() + ": " + msg);
    }

    private static ImageReader jdkJpegReader() {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.sun.imageio.")) {
                return r;
            }
        }
        return null;
    }

    /**
     * Interleaved 8-bit RGB, as PIL's convert("RGB"): grey replicated, alpha dropped, 16-bit reduced. (BGR JPEGs never
     * come here: {@link #process} resizes their buffer directly.)
     */
    static byte[] toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        Raster raster = img.getRaster();
        boolean grey = img.getColorModel().getColorSpace().getNumComponents() == 1;
        if (grey) {
            // Samples as stored: the JDK's getRGB would gamma-convert its linear grey space, PIL does not.
            int bits = img.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits > 8 ? row[x] >>> (bits - 8) : row[x];
                    int o = (y * w + x) * 3;
                    out[o] = out[o + 1] = out[o + 2] = (byte) v;
                }
            }
            return out;
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w); // any other colour model: sRGB, alpha ignored
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = (byte) (argb[i] >> 16);
            out[3 * i + 1] = (byte) (argb[i] >> 8);
            out[3 * i + 2] = (byte) argb[i];
        }
        return out;
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    /** JPEG end-of-image marker (FFD9) at the end, allowing trailing padding zeros. */
    private static boolean endsWithEoi(byte[] b) {
        int i = b.length - 1;
        while (i > 1 && b[i] == 0) {
            i--;
        }
        return (b[i - 1] & 0xFF) == 0xFF && (b[i] & 0xFF) == 0xD9;
    }

    private static final class Warnings implements IIOReadWarningListener {
        String first;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            // Only warnings about missing data mean a broken file (others, e.g. "no ICC profile", are advice).
            String w = warning.toLowerCase(java.util.Locale.ROOT);
            if (first == null && (w.contains("premature") || w.contains("end of") || w.contains("eof")
                    || w.contains("truncat"))) {
                first = warning;
            }
        }
    }
}
