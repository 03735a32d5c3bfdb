package org.celebadcgan.io;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * {@code index.html}: a self-contained run report (charts and grids embedded as PNG data), regenerated at each
 * checkpoint so an operator can open it straight from object storage: loss curves, D(x) and D(G(z)), the SWD curve
 * when the run evaluates, the grid timeline, the real images, and the run's config with secrets redacted.
 */
public final class RunReport {

    static final String FILE = "index.html";
    private static final int TIMELINE = 12;

    private RunReport() {
    }

    /** Writes index.html under {@code out} from metrics.jsonl, the sample grids and the (redacted) config. */
    public static void write(OutputRoot out, String title, String redactedConfigJson) throws IOException {
        List<MetricsRecord> all = MetricsLog.read(out);
        List<MetricsRecord> figures = all.stream().filter(MetricsRecord::hasLosses).toList();
        List<MetricsRecord> evaluations = all.stream().filter(r -> r.swd() != null).toList();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
                        + "figure{display:inline-block;margin:0 1em 1em 0;text-align:center}"
                        + "pre{background:#f4f4f4;padding:1em;overflow:auto}</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1>");
        if (figures.isEmpty()) {
            h.append("<p>No metrics yet.</p>");
        } else {
            MetricsRecord last = figures.get(figures.size() - 1);
            h.append(String.format(java.util.Locale.ROOT,
                    "<p>Step %d: Loss_D %.4f, Loss_G %.4f, D(x) %s, D(G(z)) %s</p>", last.step(), last.lossD(),
                    last.lossG(), fmt(last.dReal()), fmt(last.dFakeBefore())));
            h.append(img(chart("Losses", "loss", figures, List.of(MetricsRecord::lossD, MetricsRecord::lossG),
                    new String[]{"Loss_D", "Loss_G"}), "losses"));
            h.append(img(chart("Discriminator outputs", "probability", figures,
                    List.of(MetricsRecord::dReal, MetricsRecord::dFakeBefore), new String[]{"D(x)", "D(G(z))"}),
                    "D outputs"));
        }
        if (!evaluations.isEmpty()) {
            MetricsRecord last = evaluations.get(evaluations.size() - 1);
            h.append(String.format(java.util.Locale.ROOT, "<p>Sliced Wasserstein distance (x10<sup>3</sup>, lower "
                    + "is better) at step %d: %.2f</p>", last.step(), last.swd()));
            h.append(img(chart("Sliced Wasserstein distance x10^3", "SWD", evaluations,
                    List.of(MetricsRecord::swd), new String[]{"SWD (average of levels)"}), "SWD"));
        }
        h.append("<h2>Samples from fixed noise</h2>");
        List<String> grids = new ArrayList<>();
        for (String f : out.list("samples")) {
            if (f.startsWith("step-") && f.endsWith(".png")) {
                grids.add(f);
            }
        }
        for (String f : grids.subList(Math.max(0, grids.size() - TIMELINE), grids.size())) {
            h.append("<figure>").append(img(out.read("samples/" + f), f)).append("<figcaption>")
                    .append(esc(f.replace(".png", ""))).append("</figcaption></figure>");
        }
        if (out.exists("samples/real.png")) {
            h.append("<figure>").append(img(out.read("samples/real.png"), "real"))
                    .append("<figcaption>real images</figcaption></figure>");
        }
        h.append("<h2>Configuration</h2><pre>").append(esc(redactedConfigJson)).append("</pre></body></html>\n");
        out.writeString(FILE, h.toString());
    }

    /** A line chart of {@code series} over step; a missing value is a gap in its line, never a 0. */
    private static byte[] chart(String title, String yTitle, List<MetricsRecord> rows,
                                List<Function<MetricsRecord, Double>> series, String[] names) throws IOException {
        XYChart c = new XYChartBuilder().width(540).height(320).title(title).xAxisTitle("step").yAxisTitle(yTitle)
                .build();
        double[] x = rows.stream().mapToDouble(MetricsRecord::step).toArray();
        for (int i = 0; i < series.size(); i++) {
            Function<MetricsRecord, Double> f = series.get(i);
            double[] y = rows.stream().mapToDouble(r -> f.apply(r) == null ? Double.NaN : f.apply(r)).toArray();
            c.addSeries(names[i], x, y).setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String img(byte[] png, String alt) {
        return "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
                + "\">";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
