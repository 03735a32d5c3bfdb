package org.celebadcgan.bench;

import org.celebadcgan.data.DecodeResult;
import org.celebadcgan.data.ImagePreprocessor;
import org.celebadcgan.data.PilResize;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decode + resize + crop throughput on one core: the files are read into memory first, so only the work a Spark
 * task does per image is timed. scripts/pil_decode_bench.py makes the same measurement with PIL.
 */
public final class DecodeBenchmark {

    private DecodeBenchmark() {
    }

    /** Times {@code rounds} passes over the JPEGs of {@code folder} (at most {@code limit}); JSON summary last. */
    public static void run(Path folder, int limit, int rounds, PrintStream out) throws IOException {
        List<byte[]> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(limit).toList()) {
                files.add(Files.readAllBytes(p));
                names.add(p.getFileName().toString());
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .jpg files in " + folder);
        }
        ImagePreprocessor pre = new ImagePreprocessor();
        for (int i = 0; i < files.size(); i++) { // warm-up pass: the JIT compiles the hot loops
            pre.process(names.get(i), files.get(i));
        }
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            int ok = 0;
            for (int i = 0; i < files.size(); i++) {
                DecodeResult d = pre.process(names.get(i), files.get(i));
                ok += d.isOk() ? 1 : 0;
            }
            double rate = files.size() / ((System.nanoTime() - t0) / 1e9);
            best = Math.max(best, rate);
            out.printf(Locale.ROOT, "round %d: %d images (%d ok) at %.0f img/s%n", r + 1, files.size(), ok, rate);
        }
        double resizeUs = resizeAndCropMicros(files.get(0));
        out.printf(Locale.ROOT, "resize + crop alone (178x218 -> 64x78 -> 64x64): %.1f us per image%n", resizeUs);
        out.printf(Locale.ROOT, "{\"impl\":\"java\",\"images\":%d,\"img_s_per_core\":%.1f,\"resize_crop_us\":%.1f}%n",
                files.size(), best, resizeUs);
    }

    /** The Pillow-exact resize and centre crop alone, on one decoded image, warm. */
    private static double resizeAndCropMicros(byte[] jpeg) throws IOException {
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                rgb[i++] = (byte) (p >> 16);
                rgb[i++] = (byte) (p >> 8);
                rgb[i++] = (byte) p;
            }
        }
        int[] size = PilResize.resizedSize(w, h, 64);
        int sink = 0;
        for (int i = 0; i < 2_000; i++) { // warm-up
            sink += PilResize.centerCropChw(PilResize.resizeBilinear(rgb, w, h, size[0], size[1]), size[0], size[1],
                    64)[i % 100];
        }
        int n = 5_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += PilResize.centerCropChw(PilResize.resizeBilinear(rgb, w, h, size[0], size[1]), size[0], size[1],
                    64)[i % 100];
        }
        double us = (System.nanoTime() - t0) / 1e3 / n;
        return sink == Integer.MIN_VALUE ? -1 : us; // sink keeps the JIT from dropping the loop
    }
}
