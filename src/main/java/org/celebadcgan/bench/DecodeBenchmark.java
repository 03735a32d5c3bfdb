package org.celebadcgan.bench;

import org.celebadcgan.data.DecodeResult;
import org.celebadcgan.data.ImagePreprocessor;

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
        out.printf(Locale.ROOT, "{\"impl\":\"java\",\"images\":%d,\"img_s_per_core\":%.1f}%n", files.size(), best);
    }
}
