package org.celebadcgan.checkpoint;

import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.testutil.States;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints: round trip, manifest last, retention, interrupted writes and crashes, corrupt files. */
public class CheckpointStoreTest {

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
        store(dir, 3, 0).save(s, RunMeta.of(42, SPEC));
        CheckpointStore.Loaded l = store(dir, 3, 0).latest().orElseThrow();
        assertEquals("step-00000006", l.name());
        assertEquals(42, l.seed());
        States.assertSame(s, l.state(), "saved vs loaded");
        String manifest = Files.readString(dir.resolve("checkpoints/step-00000006/manifest.json"));
        assertTrue(manifest.contains("\"params_sha256\"") && manifest.contains("\"generator\"")
                && manifest.contains(CheckpointStore.sha256(CheckpointStore.floats(s.g()))), manifest);
        assertEquals("step-00000006", Files.readString(dir.resolve("checkpoints/LATEST")).trim());
    }

    @Test
    void keepsTheLastNPlusEveryMth(@TempDir Path dir) throws Exception {
        CheckpointStore st = store(dir, 2, 4);
        for (long step = 2; step <= 12; step += 2) {
            st.save(state(step), RunMeta.of(1, SPEC));
        }
        assertEquals(List.of("step-00000004", "step-00000008", "step-00000010", "step-00000012"), st.complete());
    }

    @Test
    void interruptedWriteIsIgnoredByReadersAndCleanedUpOnlyWhenAsked(@TempDir Path dir) throws Exception {
        CheckpointStore st = store(dir, 3, 0);
        st.save(state(2), RunMeta.of(1, SPEC));
        Path partial = Files.createDirectories(dir.resolve("checkpoints/step-00000004"));
        Files.write(partial.resolve("generator.bin"), new byte[]{1, 2, 3}); // crashed before its manifest
        assertEquals("step-00000002", st.latest().orElseThrow().name());
        assertTrue(Files.exists(partial), "readers never delete: it may be a live run's checkpoint in progress");
        assertEquals(List.of("step-00000004"), st.cleanIncomplete());
        assertFalse(Files.exists(partial), "the lease holder removes it");
    }

    @Test
    void latestIsOnlyAHintTheNewestCompleteFolderWins(@TempDir Path dir) throws Exception {
        CheckpointStore st = store(dir, 3, 0);
        st.save(state(2), RunMeta.of(1, SPEC));
        st.save(state(4), RunMeta.of(1, SPEC));
        Files.delete(dir.resolve("checkpoints/LATEST")); // what a crash between delete and rename used to leave
        assertEquals("step-00000004", st.latest().orElseThrow().name());
        Files.writeString(dir.resolve("checkpoints/LATEST"), "step-00000002\n"); // stale hint
        assertEquals("step-00000004", st.latest().orElseThrow().name());
        Files.writeString(dir.resolve("checkpoints/step-00000004/manifest.json"), "{\"step\": 4, \"fil");
        assertEquals("step-00000002", st.latest().orElseThrow().name(), "an unreadable manifest is skipped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generator", "discriminator", "state", "manifest", "latest", "retention"})
    void aCrashAtAnyStepOfAWriteLeavesTheNewestCompleteCheckpoint(String phase, @TempDir Path dir)
            throws Exception {
        crashAndRecover(new OutputRoot(dir.toUri(), new Configuration()), phase);
    }

    /**
     * Saves steps 2 and 4, "crashes" writing step 6 right after {@code phase}, then checks what a resume finds: the
     * newest checkpoint whose manifest was written, with every array intact, whatever LATEST says; then a new write
     * works. Shared with StorageTest (HDFS, S3).
     */
    public static void crashAndRecover(OutputRoot root, String phase) throws Exception {
        CheckpointStore st = new CheckpointStore(root, 2, 0);
        st.save(state(2), RunMeta.of(1, SPEC));
        st.save(state(4), RunMeta.of(1, SPEC));
        System.setProperty(CheckpointStore.CRASH_AFTER, phase);
        try {
            var crash = assertThrows(IllegalStateException.class, () -> st.save(state(6), RunMeta.of(1, SPEC)));
            assertTrue(crash.getMessage().contains("simulated crash after writing the checkpoint's " + phase),
                    crash.getMessage());
        } finally {
            System.clearProperty(CheckpointStore.CRASH_AFTER);
        }
        boolean published = List.of("manifest", "latest", "retention").contains(phase);
        CheckpointStore.Loaded l = CheckpointStore.reader(root).latest().orElseThrow();
        long expected = published ? 6 : 4;
        assertEquals(String.format("step-%08d", expected), l.name(), phase);
        States.assertSame(state(expected), l.state(), phase);
        assertEquals(phase.equals("latest") || phase.equals("retention") ? "step-00000006" : "step-00000004",
                root.readString("checkpoints/LATEST").trim(), "LATEST is a hint, replaced in one step, never gone");

        st.cleanIncomplete();
        st.save(state(8), RunMeta.of(1, SPEC));
        assertEquals("step-00000008", CheckpointStore.reader(root).latest().orElseThrow().name());
        assertEquals(List.of(String.format("step-%08d", expected), "step-00000008"), st.complete(),
                "retention keeps the last 2");
    }

    @Test
    void truncatedOrAlteredFilesAreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        CheckpointStore st = store(dir, 3, 0);
        st.save(state(2), RunMeta.of(1, SPEC));
        Path g = dir.resolve("checkpoints/step-00000002/generator.bin");
        byte[] bytes = Files.readAllBytes(g);
        Files.write(g, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        var e = assertThrows(IllegalStateException.class, () -> st.latest());
        assertTrue(e.getMessage().contains("generator.bin") && e.getMessage().contains("truncated"), e.getMessage());

        bytes[100] ^= 1;
        Files.write(g, bytes);
        e = assertThrows(IllegalStateException.class, () -> st.latest());
        assertTrue(e.getMessage().contains("generator.bin") && e.getMessage().contains("SHA-256"), e.getMessage());
    }
}
