package org.celebadcgan.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON line per log interval. Object stores cannot append, so the whole file is
 * rewritten (write then rename) at every interval: at most one interval is lost in a crash, never a line half
 * written. Lines stay small (a 50,000-step run logged every 50 steps is ~200 KB). On resume, lines after the
 * checkpoint's step are dropped: those steps run again.
 */
public final class MetricsLog {

    static final String FILE = "metrics.jsonl";

    private final OutputRoot out;
    private final List<String> lines = new ArrayList<>();

    /** Opens the log, keeping the existing lines up to and including {@code resumedStep} (0 for a fresh run). */
    public MetricsLog(OutputRoot out, long resumedStep) throws IOException {
        this.out = out;
        if (resumedStep > 0 && out.exists(FILE)) {
            for (String line : out.readString(FILE).split("\n")) {
                int i = line.indexOf("\"step\":");
                if (i >= 0) {
                    long step = Long.parseLong(line.substring(i + 7).replaceAll("^\\s*(\\d+).*$", "$1"));
                    if (step <= resumedStep) {
                        lines.add(line);
                    }
                }
            }
        }
    }

    /** Adds a line (a JSON object without newlines) and publishes the file. */
    public void append(String json) throws IOException {
        lines.add(json);
        out.writeString(FILE, String.join("\n", lines) + "\n");
    }

    public int size() {
        return lines.size();
    }
}
