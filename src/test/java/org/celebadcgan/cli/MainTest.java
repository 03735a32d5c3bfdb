package org.celebadcgan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subcommands as a user runs them: output promised by shared/CONTRACT.md and the exit codes. */
class MainTest {

    private static String[] run(String... args) {
        PrintCapture c = PrintCapture.run(args);
        return new String[]{String.valueOf(c.code()), c.out(), c.err()};
    }

    @Test
    void modelPrintsTheLayerTablesAndCounts() {
        String[] r = run("model", "--arch", "paper");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("G trainable parameters: 3576704"), r[1]);
        assertTrue(r[1].contains("D trainable parameters: 2765568"), r[1]);
        assertTrue(r[1].contains("ConvTranspose2d(100, 512, k4, s1, p0, no bias)"), r[1]);
        assertTrue(r[1].contains("512x4x4"), r[1]);
    }

    @Test
    void benchStepEndsWithTheContractJson() {
        String[] r = run("bench-step", "--arch", "seed", "--batch", "2", "--warmup", "0", "--steps", "1",
                "--g-width", "8", "--d-width", "8");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        String last = lines[lines.length - 1];
        for (String key : new String[]{"\"arch\":\"seed\"", "\"batch\":2", "\"img_s\":", "\"ms_per_step\":",
                "\"peak_rss_mb\":"}) {
            assertTrue(last.startsWith("{") && last.contains(key), last);
        }
    }

    @Test
    void badUsageAndBadConfigExitTwoNamingTheCulprit() {
        String[] r = run("validate-config", "--set", "train.stpes=3");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("train.stpes"), r[2]);
        r = run("model", "--arch", "vgg");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("vgg"), r[2]);
        r = run("validate-config", "--set", "data.input=/no/such/celeba");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("data.input") && r[2].contains("/no/such/celeba"), r[2]);
        r = run("validate-config", "--set", "train.workers=3");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("train.batchSize") && r[2].contains("train.workers"), r[2]);
        r = run("synth", "--output", "never-written", "--count", "1", "--set", "train.stpes=3");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("train.stpes") && !Files.exists(Path.of("never-written")), r[2]);
        r = run("no-such-command");
        assertEquals("2", r[0]);
        assertEquals("0", run("validate-config")[0]);
    }

    @Test
    void trainWritesSampleGridsThenResumesOrStartsFresh(@TempDir Path dir) {
        String root = dir.resolve("run").toString();
        String[] args = {"train", "--set", "output.root=" + root, "--set", "data.generated=16",
                "--set", "model.gWidth=4", "--set", "model.dWidth=4", "--set", "train.batchSize=8",
                "--set", "train.steps=2", "--set", "train.syncEvery=1", "--set", "samples.everySteps=1",
                "--set", "log.everySteps=1"};
        String[] r = run(args);
        assertEquals("0", r[0], r[2]);
        Path samples = dir.resolve("run/samples");
        for (String f : new String[]{"real.png", "latest.png", "step-00000001.png", "step-00000002.png"}) {
            assertTrue(Files.isRegularFile(samples.resolve(f)), f);
        }
        r = run(args);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("resuming from checkpoint step-00000002"), r[1]);
        String[] longer = java.util.Arrays.copyOf(args, args.length + 2);
        longer[args.length] = "--set";
        longer[args.length + 1] = "train.steps=4";
        assertEquals("0", run(longer)[0]);
        assertTrue(Files.isDirectory(dir.resolve("run/checkpoints/step-00000004")));
        String[] fresh = java.util.Arrays.copyOf(args, args.length + 1);
        fresh[args.length] = "--fresh";
        r = run(fresh);
        assertEquals("0", r[0], r[2]);
        assertFalse(r[1].contains("resuming"), r[1]);
        assertFalse(Files.exists(dir.resolve("run/checkpoints/step-00000004")), "the old run's checkpoints are gone");
        assertFalse(Files.exists(samples.resolve("step-00000004.png")), "and its grids");
        try {
            List<String> steps = Files.readAllLines(dir.resolve("run/metrics.jsonl")).stream()
                    .map(l -> l.replaceAll("^\\{\"step\":(\\d+),.*", "$1")).toList();
            assertEquals(List.of("1", "2"), steps, "the new run starts at step 0: its metrics only");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        Path png = dir.resolve("gen/faces.png");
        r = run("generate", "--checkpoint", root, "--output", png.toString(), "--count", "16");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("step-00000002"), r[1]);
        try {
            var img = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(2 + 8 * 66, img.getWidth(), "8 columns of 64 px with 2 px gutters");
            assertEquals(2 + 2 * 66, img.getHeight(), "2 rows");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        r = run("generate", "--checkpoint", dir.resolve("none").toString(), "--output", png.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no complete checkpoint"), r[2]);
    }

    @Test
    void synthPrepareAndTrainFromThePreparedSet(@TempDir Path dir) throws Exception {
        String celeba = dir.resolve("celeba").toString();
        String prepared = dir.resolve("prepared").toString();
        String[] r = run("synth", "--output", celeba, "--count", "30", "--seed", "2");
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.isRegularFile(dir.resolve("celeba/img_align_celeba/000030.jpg")));
        r = run("prepare", "--input", celeba, "--output", prepared, "--split", "all",
                "--set", "spark.master=local[2]", "--set", "spark.ui.enabled=false");
        assertEquals("0", r[0], r[2]);
        String manifest = Files.readString(dir.resolve("prepared/manifest.json"));
        assertTrue(manifest.contains("\"count\" : 30") && manifest.contains("\"skipped\""), manifest);

        r = run("prepare", "--input", celeba, "--output", prepared, "--set", "spark.master=local[2]");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains(prepared) && r[2].contains("not empty"), r[2]);
        r = run("prepare", "--input", dir.resolve("nope").toString(), "--output", dir.resolve("o").toString(),
                "--set", "spark.master=local[2]");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("nope") && r[2].contains("does not exist"), r[2]);

        r = run("train", "--set", "data.input=" + prepared, "--set", "output.root=\""
                + dir.resolve("run") + "\"", "--set", "model.arch=paper", "--set", "model.gWidth=4",
                "--set", "model.dWidth=4", "--set", "train.batchSize=8", "--set", "train.steps=2",
                "--set", "spark.master=local[2]");
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.isRegularFile(dir.resolve("run/samples/latest.png")));
    }
}
