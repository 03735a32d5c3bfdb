package org.celebadcgan.data;

import org.celebadcgan.model.ModelSpec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of one decode pass: images kept, files skipped by reason with the first few named, and per-channel pixel
 * sums for the manifest's statistics. Mergeable, so Spark can aggregate it across partitions.
 */
public final class DecodeSummary implements Serializable {

    /** How many skipped files are named per reason. */
    static final int EXAMPLES = 5;

    private long ok;
    private final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final EnumMap<SkipReason, List<String>> examples = new EnumMap<>(SkipReason.class);
    private final double[] sum = new double[3];
    private final double[] sumSq = new double[3];

    /** Adds one file's result. */
    public DecodeSummary add(DecodeResult r) {
        if (r.isOk()) {
            ok++;
            byte[] p = r.pixels();
            int plane = p.length / 3;
            for (int c = 0; c < 3; c++) {
                long s = 0;
                long s2 = 0;
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    int v = p[i] & 0xFF;
                    s += v;
                    s2 += (long) v * v;
                }
                sum[c] += s;
                sumSq[c] += s2;
            }
        } else {
            skipped.merge(r.reason(), 1L, Long::sum);
            List<String> ex = examples.computeIfAbsent(r.reason(), k -> new ArrayList<>());
            if (ex.size() < EXAMPLES) {
                ex.add(r.name() + (r.detail() == null ? "" : " (" + r.detail() + ")"));
            }
        }
        return this;
    }

    /** Folds another partition's summary into this one. */
    public DecodeSummary merge(DecodeSummary o) {
        ok += o.ok;
        o.skipped.forEach((k, v) -> skipped.merge(k, v, Long::sum));
        o.examples.forEach((k, v) -> {
            List<String> ex = examples.computeIfAbsent(k, x -> new ArrayList<>());
            for (String s : v) {
                if (ex.size() < EXAMPLES) {
                    ex.add(s);
                }
            }
        });
        for (int c = 0; c < 3; c++) {
            sum[c] += o.sum[c];
            sumSq[c] += o.sumSq[c];
        }
        return this;
    }

    public long ok() {
        return ok;
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reason (lower case) -> count. */
    public Map<String, Long> skippedByReason() {
        Map<String, Long> out = new TreeMap<>();
        skipped.forEach((k, v) -> out.put(k.key(), v));
        return out;
    }

    /** Reason (lower case) -> the first few files, with details. */
    public Map<String, List<String>> examples() {
        Map<String, List<String>> out = new TreeMap<>();
        examples.forEach((k, v) -> out.put(k.key(), List.copyOf(v)));
        return out;
    }

    /** Per-channel mean of kept pixels, on the 0..255 scale. */
    public double[] mean() {
        double n = (double) ok * ModelSpec.IMAGE_SIZE * ModelSpec.IMAGE_SIZE;
        return new double[]{sum[0] / n, sum[1] / n, sum[2] / n};
    }

    /** Per-channel standard deviation of kept pixels, on the 0..255 scale. */
    public double[] std() {
        double n = (double) ok * ModelSpec.IMAGE_SIZE * ModelSpec.IMAGE_SIZE;
        double[] m = mean();
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            out[c] = Math.sqrt(Math.max(0, sumSq[c] / n - m[c] * m[c]));
        }
        return out;
    }

    /**
     * Fails with a clear message when nothing is usable, or when more than {@code maxBadFraction} of the files
     * were skipped; logs name the first few per reason either way.
     */
    public void check(double maxBadFraction, String source) {
        long total = ok + skippedTotal();
        if (ok == 0) {
            throw new IllegalStateException("no usable images in " + source + " (" + total + " files, skipped: "
                    + skippedByReason() + ", e.g. " + examples() + ")");
        }
        double bad = total == 0 ? 0 : skippedTotal() / (double) total;
        if (bad > maxBadFraction) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "%.2f%% of the files in %s are unusable, more than data.maxBadFraction = %.2f%%: skipped %s, "
                            + "e.g. %s", 100 * bad, source, 100 * maxBadFraction, skippedByReason(), examples()));
        }
    }
}
