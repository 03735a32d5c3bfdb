package org.celebadcgan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stop and resume on Spark with 2 workers continues bit for bit; outputs land where the contract says. */
class ResumeTest {

    private static String[] train(Path root, int steps, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--set", "output.root=" + root,
                "--set", "data.generated=48", "--set", "model.arch=paper", "--set", "model.gWidth=4",
                "--set", "model.dWidth=4", "--set", "train.batchSize=8", "--set", "train.workers=2",
                "--set", "train.syncEvery=2", "--set", "train.steps=" + steps, "--set", "checkpoint.everySteps=2",
                "--set", "samples.everySteps=4", "--set", "log.everySteps=2", "--set", "spark.master=local[2]",
                "--set", "spark.ui.enabled=false"));
        args.addAll(List.of(extra));
        PrintCapture c = PrintCapture.run(args.toArray(String[]::new));
        assertEquals(0, c.code(), c.err());
        return new String[]{c.out(), c.err()};
    }

    private static String paramsHashes(Path root, int step) throws Exception {
        String m = Files.readString(root.resolve(String.format("checkpoints/step-%08d/manifest.json", step)));
        return m.substring(m.indexOf("\"params_sha256\""), m.indexOf("}", m.indexOf("\"params_sha256\"")));
    }

    @Test
    void resumedRunEndsWithExactlyTheWeightsOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        stopAndResume(dir);
    }

    @Test
    void throughTheRingTooAndWithTwoWorkersWithTheDriverTransportsBits(@TempDir Path dir) throws Exception {
        Path ring = stopAndResume(dir.resolve("ring"), "--set", "train.sync.transport=ring");
        Path driver = dir.resolve("driver");
        train(driver, 8, "--set", "train.sync.transport=driver");
        // Two workers: both transports add a + b once and halve it, so the same run gives the same weights.
        assertEquals(paramsHashes(driver, 8), paramsHashes(ring, 8));
        assertEquals(roundLines(driver).size(), roundLines(ring).size());
    }

    @Test
    void inGradientsModeToo(@TempDir Path dir) throws Exception {
        // The default transport is the driver, which cannot share gradients: refused before any work, naming keys.
        PrintCapture refused = PrintCapture.run("train", "--set", "output.root=" + dir.resolve("refused"),
                "--set", "train.sync.mode=gradients", "--set", "spark.ui.enabled=false");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("train.sync.mode = gradients needs train.sync.transport = ring"),
                refused.err());
        Path gradients = stopAndResume(dir.resolve("gradients"), "--set", "train.sync.transport=ring",
                "--set", "train.sync.mode=gradients");
        Path average = dir.resolve("average");
        train(average, 8, "--set", "train.sync.transport=ring");
        assertTrue(!paramsHashes(average, 8).equals(paramsHashes(gradients, 8)), "the mode changes the run");
    }

    /** A run stopped at step 4 and resumed to 8 ends like one run straight to 8; returns the resumed run's root. */
    private static Path stopAndResume(Path dir, String... extra) throws Exception {
        Path straight = dir.resolve("straight");
        train(straight, 8, extra);
        Path stopped = dir.resolve("stopped");
        train(stopped, 4, extra);
        Files.createDirectories(stopped.resolve("checkpoints/step-00000006")); // an interrupted write
        String[] resumed = train(stopped, 8, extra);
        assertTrue(resumed[0].contains("resuming from checkpoint step-00000004"), resumed[0]);
        assertEquals(paramsHashes(straight, 8), paramsHashes(stopped, 8));

        for (String f : new String[]{"samples/real.png", "samples/latest.png", "samples/step-00000008.png",
                "samples/fixed_noise.bin", "metrics.jsonl", "checkpoints/LATEST"}) {
            assertTrue(Files.isRegularFile(stopped.resolve(f)), f);
        }
        List<String> metrics = roundLines(stopped);
        assertEquals(4, metrics.size(), "steps 2, 4, 6, 8 once each, also after the resume: " + metrics);
        assertTrue(metrics.get(3).startsWith("{\"step\":8,") && metrics.get(3).contains("\"loss_d\""));
        assertEquals(roundLines(straight).size(), metrics.size());
        return stopped;
    }

    /** metrics.jsonl's round lines (evaluations add SWD lines of their own at their steps). */
    private static List<String> roundLines(Path root) throws Exception {
        return Files.readAllLines(root.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"loss_d\""))
                .toList();
    }

    @Test
    void filesWithoutACheckpointAreNotOverwrittenWithoutFresh(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(root.resolve("notes.txt"), "someone's");
        PrintCapture c = PrintCapture.run("train", "--set", "output.root=" + root);
        assertEquals(2, c.code());
        assertTrue(c.err().contains("--fresh") && c.err().contains("busy"), c.err());
        assertTrue(Files.exists(root.resolve("notes.txt")));
    }
}
