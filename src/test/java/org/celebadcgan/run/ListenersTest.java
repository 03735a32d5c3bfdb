package org.celebadcgan.run;

import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.checkpoint.RunMeta;
import org.celebadcgan.config.ConfigChange;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.io.MetricsLog;
import org.celebadcgan.io.MetricsRecord;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.testutil.States;
import org.celebadcgan.train.StepResult;
import org.celebadcgan.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each listener alone: what it writes or says, and when. */
class ListenersTest {

    /** A clock the test moves: nanoseconds. */
    static final class Clock implements java.util.function.LongSupplier {
        long now;

        @Override
        public long getAsLong() {
            return now;
        }

        void advance(double seconds) {
            now += (long) (seconds * 1e9);
        }
    }

    static RoundEvent round(long step, int steps, double loss) {
        return new RoundEvent(step, 20, step / steps, 1 + step / 10, steps, 2, steps * 8L,
                new StepResult(loss, 2 * loss, 0.7, 0.3, 0.2), 100, 80, 70, 20, 1000);
    }

    static OutputRoot root(Path dir) {
        return new OutputRoot(dir.toUri(), new Configuration());
    }

    @Test
    void progressLinesComeAtLogPointsWithImagesPerSecondFromTheStartNotBefore() {
        Clock clock = new Clock();
        List<String> lines = new ArrayList<>();
        ProgressLogger p = new ProgressLogger(4, lines::add, clock);
        clock.advance(100); // data loading, Spark start-up, a resume: not training time
        p.started(TrainingRunTest.at(8));
        clock.advance(1);
        p.roundEnded(round(10, 2, 1.0));
        assertTrue(lines.isEmpty(), "no log point in steps 9-10");
        clock.advance(1);
        p.roundEnded(round(12, 2, 3.0));
        assertEquals(1, lines.size());
        String l = lines.get(0);
        assertTrue(l.startsWith("[12/20][epoch 2] Loss_D: 2.0000 Loss_G: 4.0000 D(x): 0.7000 D(G(z)): 0.3000 / "
                + "0.2000 | 16.0 img/s | ETA 4s | round 6: compute 80 ms slowest / 70 ms median, sync 20 ms"), l);
        clock.advance(1);
        p.roundEnded(round(13, 1, 1.0));
        assertEquals(1, lines.size());
        p.roundEnded(round(20, 7, 1.0));
        assertTrue(lines.get(1).startsWith("[20/20]"), "the last round always logs: " + lines);
    }

    @Test
    void metricsSinkWritesOneRecordPerIntervalAndTheChangesOfThisStart(@TempDir Path dir) throws Exception {
        Clock clock = new Clock();
        OutputRoot out = root(dir);
        MetricsSink sink = new MetricsSink(new MetricsLog(out, 0), 4, List.of(new ConfigChange(8, "train.lr",
                "2.0E-4", "1.0E-4")), clock);
        sink.started(TrainingRunTest.at(8));
        clock.advance(2);
        sink.roundEnded(round(10, 2, 1.0));
        sink.roundEnded(round(12, 2, 3.0));
        List<MetricsRecord> records = MetricsLog.read(out);
        assertEquals(2, records.size());
        assertEquals("config_change", records.get(0).event());
        assertNull(records.get(0).lossD(), "an event line has no figures, not zeros");
        MetricsRecord m = records.get(1);
        assertEquals(12, m.step());
        assertEquals(2.0, m.lossD());
        assertEquals(16.0, m.imagesPerSec(), 1e-9, "32 images in 2 s");
        assertEquals(1000, m.bytesMoved());
        String line = Files.readAllLines(dir.resolve("metrics.jsonl")).get(1);
        assertFalse(line.contains("swd") || line.contains("null"), "missing values are left out: " + line);
        assertEquals(2, new MetricsLog(out, 12).size(), "a resume at 12 keeps both");
        assertEquals(1, new MetricsLog(out, 11).size(), "a resume at 11 drops step 12's");
    }

    @Test
    void sampleGridsDrawFromTheSameStoredNoiseAcrossResumes(@TempDir Path dir) throws Exception {
        OutputRoot out = root(dir);
        List<byte[]> real = new ArrayList<>();
        PackedImages faces = PackedImages.generatedFaces(10, 1);
        for (int i = 0; i < faces.count(); i++) {
            real.add(faces.get(i));
        }
        TrainingState s0 = TrainingRunTest.initial();
        TrainingState s = new TrainingState(s0.g(), s0.d(), s0.gM(), s0.gV(), s0.dM(), s0.dV(), 100, 25);
        SampleGrids grids = new SampleGrids(out, TrainingRunTest.SMALL, 5, 100, real);
        grids.started(TrainingRunTest.at(0));
        assertEquals(100, grids.nextStatePoint(0));
        assertEquals(200, grids.nextStatePoint(100));
        byte[] noise = Files.readAllBytes(dir.resolve("samples/fixed_noise.bin"));
        assertEquals(64 * TrainingRunTest.SMALL.zDim() * 4, noise.length);
        grids.stateReached(s, round(100, 4, 1));
        assertEquals(2 + 8 * 66, ImageIO.read(dir.resolve("samples/step-00000100.png").toFile()).getWidth());
        assertArrayEquals(Files.readAllBytes(dir.resolve("samples/step-00000100.png")),
                Files.readAllBytes(dir.resolve("samples/latest.png")));
        var realPng = ImageIO.read(dir.resolve("samples/real.png").toFile());
        assertEquals(2 + 8 * 66, realPng.getWidth(), "real.png: 10 images, 8 per row");
        assertEquals(2 + 66, realPng.getHeight(), "one full row");

        SampleGrids resumed = new SampleGrids(out, TrainingRunTest.SMALL, 99, 100, real); // another seed
        resumed.started(TrainingRunTest.at(100));
        resumed.stateReached(s, round(100, 4, 1));
        assertArrayEquals(noise, Files.readAllBytes(dir.resolve("samples/fixed_noise.bin")), "noise kept");
        assertArrayEquals(Files.readAllBytes(dir.resolve("samples/latest.png")),
                Files.readAllBytes(dir.resolve("samples/step-00000100.png")));
    }

    @Test
    void evaluationsScoreAtStepZeroAtTheirPointsAndAtTheEndButNotAgainOnResume(@TempDir Path dir) throws Exception {
        OutputRoot out = root(dir);
        List<Long> scored = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Evaluations.Scorer scorer = g -> { // a stand-in for SWD: falls as the run goes on
            double v = 300.0 - 10 * scored.size();
            scored.add((long) g.length);
            return new org.celebadcgan.eval.SlicedWasserstein.Result(new double[]{v + 1, v, v - 1}, v);
        };
        Evaluations e = new Evaluations(10, scorer, new MetricsLog(out, 0), lines::add);
        e.started(TrainingRunTest.at(0));
        assertEquals(1, scored.size(), "a fresh run is scored before its first step");
        assertEquals(10, e.nextStatePoint(0));
        assertEquals(20, e.nextStatePoint(12));
        e.stateReached(TrainingRunTest.at(12), round(12, 4, 1));
        e.stateReached(TrainingRunTest.at(20), round(20, 4, 1));
        List<MetricsRecord> records = MetricsLog.read(out);
        assertEquals(List.of(0L, 12L, 20L), records.stream().map(MetricsRecord::step).toList());
        assertEquals(280.0, records.get(2).swd());
        assertEquals(List.of(281.0, 280.0, 279.0), records.get(2).swdLevels());
        assertNull(records.get(2).lossD(), "an evaluation line carries no training figures");
        assertTrue(lines.get(1).startsWith("SWD x1e3 at step 12: 290.0 (64 px 291.0, 32 px 290.0, 16 px 289.0"),
                lines.get(1));
        assertEquals("SWD x1e3 went from 300.0 at step 0 to 280.0 at step 20 (lower is better)",
                e.summary().orElseThrow());

        Evaluations resumed = new Evaluations(10, scorer, new MetricsLog(out, 12), lines::add);
        resumed.started(TrainingRunTest.at(12));
        assertEquals(3, scored.size(), "no evaluation at a resume: step 12's is in metrics.jsonl");
        assertEquals(3, MetricsLog.read(out).size(), "opening the log rewrites nothing");
        assertTrue(resumed.summary().isEmpty(), "nothing scored since the resume yet");
        resumed.stateReached(TrainingRunTest.at(20), round(20, 4, 1));
        assertTrue(resumed.summary().orElseThrow().startsWith("SWD x1e3 went from 300.0 at step 0 to 270.0 at step "
                + "20"), "the first score is the run's, from before the resume: " + resumed.summary());
    }

    @Test
    void checkpointWriterSavesTheStateWithTheRunsMetadataAndTheEventsEpoch(@TempDir Path dir) throws Exception {
        OutputRoot out = root(dir);
        CheckpointStore store = new CheckpointStore(out, 3, 0);
        RunMeta meta = new RunMeta(5, TrainingRunTest.SMALL, 0, "hash", "{\"train\":{}}",
                Map.of("train.seed", "5"), List.of(new ConfigChange(4, "train.lr", "a", "b")));
        CheckpointWriter w = new CheckpointWriter(store, meta, 50);
        assertEquals(50, w.nextStatePoint(0));
        assertEquals(100, w.nextStatePoint(50));
        TrainingState s = TrainingRunTest.initial();
        TrainingState at = new TrainingState(s.g(), s.d(), s.gM(), s.gV(), s.dM(), s.dV(), 52, 13);
        w.stateReached(at, new RoundEvent(52, 100, 13, 7, 4, 2, 64, new StepResult(1, 1, 1, 1, 1), 1, 1, 1, 0, 0));
        CheckpointStore.Loaded l = CheckpointStore.reader(out).latest().orElseThrow();
        States.assertSame(at, l.state(), "saved");
        assertEquals(7, l.meta().epoch());
        assertEquals(Map.of("train.seed", "5"), l.meta().identity());
        assertEquals(meta.changes(), l.meta().changes());
    }

    @Test
    void reportDrawsWhatIsThereAndLeavesGapsForWhatIsMissing(@TempDir Path dir) throws Exception {
        OutputRoot out = root(dir);
        MetricsLog log = new MetricsLog(out, 0);
        log.append(MetricsRecord.change(0, "train.lr", "a", "b"));
        log.append(new MetricsRecord(10, 1L, 2L, 0.7, 0.8, null, 0.4, 0.3, 5.0, null, null, null, null, null, null,
                null, null, null, null, null));
        log.append(MetricsRecord.evaluation(10, 150.0, List.of(100.0, 150.0, 200.0)));
        new ReportWriter(out, "t", "{}", 10).stateReached(TrainingRunTest.initial(), round(10, 2, 1));
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains("Step 10: Loss_D 0.7000, Loss_G 0.8000, D(x) -, D(G(z)) 0.4000"), html);
        assertTrue(html.contains("Sliced Wasserstein distance") && html.contains("at step 10: 150.00"), "SWD");
        assertEquals(3, html.split("data:image/png;base64,").length - 1, "losses, D outputs, SWD charts");
    }
}
