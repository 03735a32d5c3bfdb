package org.celebadcgan.io;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** metrics.jsonl's one codec: round trips, keeps missing values missing, names bad lines. */
class MetricsCodecTest {

    @Test
    void recordsRoundTripAndMissingValuesStayMissing() {
        MetricsRecord full = new MetricsRecord(40, 2L, 10L, 0.5, 1.5, 0.8, 0.2, 0.1, 80.0, 120.0, 100.0, 90.0, 20.0,
                4096L, null, null, null, null, null, null);
        MetricsRecord eval = MetricsRecord.evaluation(40, 123.5, List.of(100.0, 120.0, 150.5));
        String text = MetricsCodec.encode(full) + "\n\n" + MetricsCodec.encode(eval) + "\n";
        assertTrue(MetricsCodec.encode(full).startsWith("{\"step\":40,\"epoch\":2,\"round\":10,\"loss_d\":0.5,"),
                MetricsCodec.encode(full));
        assertEquals("{\"step\":40,\"swd\":123.5,\"swd_levels\":[100.0,120.0,150.5]}", MetricsCodec.encode(eval));
        List<MetricsRecord> back = MetricsCodec.decode(text, "m");
        assertEquals(List.of(full, eval), back);
        assertNull(back.get(1).lossD(), "not 0");
        assertTrue(back.get(0).hasLosses() && !back.get(1).hasLosses());
    }

    @Test
    void unknownFieldsAreSkippedAndBrokenLinesNamed() {
        assertEquals(7, MetricsCodec.decode("{\"step\":7,\"future_field\":1}", "m").get(0).step());
        var e = assertThrows(IllegalStateException.class, () -> MetricsCodec.decode("{\"step\":1}\n{\"step\":", "m"));
        assertTrue(e.getMessage().contains("m line 2"), e.getMessage());
    }
}
