package org.celebadcgan.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one {@link MetricsRecord} per line. Object stores cannot append, so the whole file is
 * rewritten in one step at every addition: at most the newest line is lost in a crash, never a line half written.
 * Lines stay small (a 50,000-step run logged every 50 steps is ~300 KB). On resume, lines after the checkpoint's
 * step are dropped: those steps run again.
 */
public final class MetricsLog {

    /** The file's name under the output root. */
    public static final String FILE = "metrics.jsonl";

    private final OutputRoot out;
    private final List<MetricsRecord> records = new ArrayList<>();

    /** Opens the log, keeping the existing records up to and including {@code resumedStep} (0 for a fresh run). */
    public MetricsLog(OutputRoot out, long resumedStep) throws IOException {
        this.out = out;
        if (resumedStep > 0) {
            for (MetricsRecord r : read(out)) {
                if (r.step() <= resumedStep) {
                    records.add(r);
                }
            }
        }
    }

    /** The records of the run at {@code out} (empty when it has none yet). */
    public static List<MetricsRecord> read(OutputRoot out) throws IOException {
        return out.exists(FILE) ? MetricsCodec.decode(out.readString(FILE), out.path(FILE).toString()) : List.of();
    }

    /** Adds a record and publishes the file. */
    public synchronized void append(MetricsRecord r) throws IOException {
        records.add(r);
        StringBuilder text = new StringBuilder();
        for (MetricsRecord x : records) {
            text.append(MetricsCodec.encode(x)).append('\n');
        }
        out.writeString(FILE, text.toString());
    }

    /** The records held (those kept on resume, then those added). */
    public synchronized List<MetricsRecord> records() {
        return List.copyOf(records);
    }

    public synchronized int size() {
        return records.size();
    }
}
