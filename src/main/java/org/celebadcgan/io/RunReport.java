package org.celebadcgan.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code index.html}: a self-contained run report (charts and grids embedded as PNG data), regenerated at each
 * checkpoint so an operator can open it straight from object storage: loss curves, D(x) and D(G(z)), the grid
 * timeline, the real images, and the run's config with secrets redacted.
 */
public final class RunReport {

    static final String FILE = "index.html";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMELINE = 12;

    private RunReport() {
    }

    /** Writes index.html under {@code out} from metrics.jsonl, the sample grids and the (redacted) config. */
    public static void write(OutputRoot out, String title, String redactedConfigJson) throws IOException {
        List<double[]> rows = new ArrayList<>(); // step, loss_d, loss_g, d_x, d_g_z1
        if (out.exists(MetricsLog.FILE)) {
            for (String line : out.readString(MetricsLog.FILE).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    rows.add(new double[]{n.path("step").asDouble(), n.path("loss_d").asDouble(),
                            n.path("loss_g").asDouble(), n.path("d_x").asDouble(), n.path("d_g_z1").asDouble()});
                }
            }
        }
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
                        + "figure{display:inline-block;margin:0 1em 1em 0;text-align:center}"
                        + "pre{background:#f4f4f4;padding:1em;overflow:auto}</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1>");
        if (rows.isEmpty()) {
            h.append("<p>No metrics yet.</p>");
        } else {
            double[] last = rows.get(rows.size() - 1);
            h.append(String.format(java.util.Locale.ROOT,
                    "<p>Step %d: Loss_D %.4f, Loss_G %.4f, D(x) %.4f, D(G(z)) %.4f</p>", (long) last[0], last[1],
                    last[2], last[3], last[4]));
            h.append(img(chart("Losses", "loss", rows, new int[]{1, 2}, new String[]{"Loss_D", "Loss_G"}), "losses"));
            h.append(img(chart("Discriminator outputs", "probability", rows, new int[]{3, 4},
                    new String[]{"D(x)", "D(G(z))"}), "D outputs"));
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

    private static byte[] chart(String title, String yTitle, List<double[]> rows, int[] cols, String[] names)
            throws IOException {
        XYChart c = new XYChartBuilder().width(540).height(320).title(title).xAxisTitle("step").yAxisTitle(yTitle)
                .build();
        double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
        for (int i = 0; i < cols.length; i++) {
            int col = cols[i];
            c.addSeries(names[i], x, rows.stream().mapToDouble(r -> r[col]).toArray())
                    .setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }

    private static String img(byte[] png, String alt) {
        return "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
                + "\">";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
