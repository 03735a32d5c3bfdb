package org.celebadcgan.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** The one codec of {@code metrics.jsonl}: {@link MetricsRecord}s as JSON lines, through Jackson. */
public final class MetricsCodec {

    // Unknown fields are skipped, so a newer job's lines stay readable by an older report.
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private MetricsCodec() {
    }

    /** One record as a JSON line (no newline). */
    public static String encode(MetricsRecord r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The records of a metrics.jsonl text; a line that does not parse is an error naming its number. */
    public static List<MetricsRecord> decode(String text, String source) {
        List<MetricsRecord> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readValue(lines[i], MetricsRecord.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(source + " line " + (i + 1) + " is not a metrics record: "
                        + e.getOriginalMessage());
            }
        }
        return out;
    }
}
