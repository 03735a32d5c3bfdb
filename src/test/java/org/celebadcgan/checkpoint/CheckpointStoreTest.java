package org.celebadcgan.checkpoint;

import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints: round trip, manifest last, retention, interrupted writes, corrupt and incompatible files. */
class CheckpointStoreTest {

    static final ModelSpec SPEC = new ModelSpec(Architecture.SEED, 8, 4, 4);

    static TrainingState state(long step) {
        TrainingState s = new GanStep(GanPair.create(SPEC, step), AdamSettings.dcgan(), z -> { }).exportState(step);
        return new TrainingState(s.g(), s.d(), s.g().clone(), s.gV(), s.dM(), s.d().clone(), step, step / 2);
    }

    static CheckpointStore store(Path dir, int keepLast, int keepEvery) {
        return new CheckpointStore(new OutputRoot(dir.toUri(), new Configuration()), keepLast, keepEvery);
    }

    @Test
    void roundTripsEveryArrayAndCounter(@TempDir Path dir) throws Exception {
        TrainingState s = state(6);
        store(dir, 3, 0).save(s, 42, SPEC, "abc");
        CheckpointStore.Loaded l = store(dir, 3, 0).latest(SPEC).orElseThrow();
        assertEquals("step-00000006", l.name());
        assertEquals(42, l.seed());
        assertArrayEquals(s.g(), l.state().g());
        assertArrayEquals(s.d(), l.state().d());
        assertArrayEquals(s.gM(), l.state().gM());
        assertArrayEquals(s.gV(), l.state().gV());
        assertArrayEquals(s.dM(), l.state().dM());
        assertArrayEquals(s.dV(), l.state().dV());
        assertEquals(6, l.state().step());
        assertEquals(3, l.state().round());
        String manifest = Files.readString(dir.resolve("checkpoints/step-00000006/manifest.json"));
        assertTrue(manifest.contains("\"params_sha256\"") && manifest.contains("\"generator\"")
                && manifest.contains(CheckpointStore.sha256(CheckpointStore.floats(s.g()))), manifest);
        assertEquals("step-00000006", Files.readString(dir.resolve("checkpoints/LATEST")).trim());
    }

    @Test
    void keepsTheLastNPlusEveryMth(@TempDir Path dir) throws Exception {
        CheckpointStore st = store(dir, 2, 4);
        for (long step = 2; step <= 12; step += 2) {
            st.save(state(step), 1, SPEC, "h");
        }
        assertEquals(List.of("step-00000004", "step-00000008", "step-00000010", "step-00000012"), st.complete());
    }

    @Test
    void interruptedWriteIsIgnoredAndCleanedUpAndLatestStays(@TempDir Path dir) throws Exception {
        CheckpointStore st = store(dir, 3, 0);
        st.save(state(2), 1, SPEC, "h");
        Path partial = Files.createDirectories(dir.resolve("checkpoints/step-00000004"));
        Files.write(partial.resolve("generator.bin"), new byte[]{1, 2, 3}); // crashed before its manifest
        assertEquals("step-00000002", st.latest(SPEC).orElseThrow().name());
        assertFalse(Files.exists(partial), "incomplete checkpoint removed");
    }

    @Test
    void truncatedOrAlteredFilesAreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        CheckpointStore st = store(dir, 3, 0);
        st.save(state(2), 1, SPEC, "h");
        Path g = dir.resolve("checkpoints/step-00000002/generator.bin");
        byte[] bytes = Files.readAllBytes(g);
        Files.write(g, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        var e = assertThrows(IllegalStateException.class, () -> st.latest(SPEC));
        assertTrue(e.getMessage().contains("generator.bin") && e.getMessage().contains("truncated"), e.getMessage());

        bytes[100] ^= 1;
        Files.write(g, bytes);
        e = assertThrows(IllegalStateException.class, () -> st.latest(SPEC));
        assertTrue(e.getMessage().contains("generator.bin") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void anotherArchitectureIsRefusedNamingTheStateFile(@TempDir Path dir) throws Exception {
        store(dir, 3, 0).save(state(2), 1, SPEC, "h");
        ModelSpec other = new ModelSpec(Architecture.SEED, 8, 8, 4);
        var e = assertThrows(IllegalStateException.class, () -> store(dir, 3, 0).latest(other));
        assertTrue(e.getMessage().contains("state.json") && e.getMessage().contains("G/D widths 4/4"), e.getMessage());
    }
}
