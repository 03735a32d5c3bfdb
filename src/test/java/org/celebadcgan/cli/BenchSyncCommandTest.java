package org.celebadcgan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench-sync} as a user runs it: the JSON line the contract promises, with bytes that add up. */
class BenchSyncCommandTest {

    @Test
    void benchSyncEndsWithTheContractJsonAndTheRingsByteCount() throws Exception {
        PrintCapture c = PrintCapture.run("bench-sync", "--master", "local", "--workers", "2", "--state-mb", "0.4",
                "--compute-ms", "1", "--k", "2", "--syncs", "3", "--warmup", "0");
        assertEquals(0, c.code(), c.err());
        String[] lines = c.out().strip().split("\n");
        JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
        for (String key : new String[]{"workers", "state_bytes", "bytes_sent_per_rank", "expected_bytes_per_rank",
                "sync_ms_median", "loopback_bound_ms", "efficiency"}) {
            assertTrue(j.has(key), key + " missing from " + j);
        }
        assertEquals(400_000, j.get("state_bytes").asLong());
        // N = 2: each rank sends half the state once in each phase, one 8-byte frame per (1 MiB) piece
        assertEquals(400_000 + 2 * 8, j.get("bytes_sent_per_rank").asLong());
        assertEquals(400_000, j.get("expected_bytes_per_rank").asLong());
        assertTrue(j.get("efficiency").asDouble() > 0 && j.get("efficiency").asDouble() < 1, j.toString());
        assertTrue(c.out().contains("ranks end identical: true"), c.out());
    }

    @Test
    void badOptionsExitTwoNamingThem() {
        PrintCapture c = PrintCapture.run("bench-sync", "--workers", "0");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("--workers"), c.err());
    }
}
