package org.celebadcgan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator's mistakes (a second command, a changed setting, a wrong root or master) lose nothing. */
class OperatorSafetyTest {

    static List<String> trainArgs(Path root, int steps, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--set", "output.root=" + root,
                "--set", "data.generated=48", "--set", "model.arch=paper", "--set", "model.gWidth=4",
                "--set", "model.dWidth=4", "--set", "train.batchSize=8", "--set", "train.workers=2",
                "--set", "train.syncEvery=2", "--set", "train.steps=" + steps, "--set", "checkpoint.everySteps=2",
                "--set", "samples.everySteps=2", "--set", "log.everySteps=2", "--set", "spark.master=local[2]",
                "--set", "spark.ui.enabled=false"));
        args.addAll(List.of(extra));
        return args;
    }

    static PrintCapture train(Path root, int steps, String... extra) {
        return PrintCapture.run(trainArgs(root, steps, extra).toArray(String[]::new));
    }

    @Test
    void aSecondTrainOnALiveRunIsRefusedAndADeadRunsLeaseIsTakenOver(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(Files.readAllLines(Path.of("submit/jvm-options")));
        cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), "org.celebadcgan.cli.Main"));
        cmd.addAll(trainArgs(root, 100_000, "--set", "spark.master=local[1]", "--set", "train.workers=1",
                "--set", "checkpoint.everySteps=1000000", "--set", "samples.everySteps=1000000"));
        Process first = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            Path lease = root.resolve("lease.json");
            long deadline = System.currentTimeMillis() + 120_000;
            while (!(Files.exists(lease) && Files.readString(lease).contains("\"local-"))) {
                assertTrue(first.isAlive() && System.currentTimeMillis() < deadline,
                        "the first train did not start: " + Files.readString(dir.resolve("first.log")));
                Thread.sleep(200);
            }
            String appId = Files.readString(lease).replaceAll("(?s).*\"application_id\" : \"([^\"]+)\".*", "$1");

            PrintCapture second = train(root, 4);
            assertEquals(2, second.code(), second.err());
            assertTrue(second.err().contains("in use by train on host") && second.err().contains(appId)
                    && second.err().contains("pid " + first.pid()), second.err());
            assertTrue(first.isAlive(), "the running train was not disturbed");
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // as kill -9: its lease stays behind
        }
        assertTrue(Files.exists(root.resolve("lease.json")), "a killed run leaves its lease");
        Thread.sleep(1_500);
        PrintCapture third = train(root, 2, "--fresh", "--set", "output.leaseTimeout=1s");
        assertEquals(0, third.code(), third.err());
        assertFalse(Files.exists(root.resolve("lease.json")), "released at the end");
    }

    @Test
    void resumingWithOtherSettingsStopsListingThemUnlessAllowed(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("run");
        assertEquals(0, train(root, 2).code());
        PrintCapture changed = train(root, 4, "--set", "train.lr=1e-4", "--set", "train.seed=7",
                "--set", "model.gWidth=8");
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.err().contains("train.lr: 2.0E-4 -> 1.0E-4")
                && changed.err().contains("train.seed: 42 -> 7")
                && changed.err().contains("model.gWidth: 4 -> 8 (cannot change"), changed.err());
        assertFalse(Files.exists(root.resolve("checkpoints/step-00000004")), "nothing trained");

        PrintCapture allowed = train(root, 4, "--set", "train.lr=1e-4", "--allow-change", "train.lr");
        assertEquals(0, allowed.code(), allowed.err());
        String state = Files.readString(root.resolve("checkpoints/step-00000004/state.json"));
        assertTrue(state.contains("\"key\" : \"train.lr\"") && state.contains("\"from\" : \"2.0E-4\"")
                && state.contains("\"to\" : \"1.0E-4\""), state);
        String metrics = Files.readString(root.resolve("metrics.jsonl"));
        assertTrue(metrics.contains("\"event\":\"config_change\"") && metrics.contains("\"key\":\"train.lr\""),
                metrics);
        assertEquals(0, train(root, 6, "--set", "train.lr=1e-4").code(), "the accepted change is the run's now");
        assertEquals(2, train(root, 8, "--allow-change", "model.gWidth", "--set", "model.gWidth=8").code());
        assertEquals(2, train(root, 8, "--allow-change", "train.stepz").code());
    }

    @Test
    void readersNeverDeleteOrRewriteALiveRunsFiles(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("run");
        assertEquals(0, train(root, 2).code());
        Path inProgress = Files.createDirectories(root.resolve("checkpoints/step-00000004"));
        Files.write(inProgress.resolve("generator.bin"), new byte[]{1, 2, 3}); // the trainer is writing it
        List<String> before = listing(root);
        PrintCapture gen = PrintCapture.run("generate", "--checkpoint", root.toString(), "--output",
                dir.resolve("g.png").toString(), "--count", "8");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.out().contains("step-00000002"), gen.out());
        assertEquals(before, listing(root));
        assertTrue(Files.exists(inProgress.resolve("generator.bin")));
    }

    @Test
    void anUnwritableOutputRootIsNamedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        String root = file.resolve("run").toString();
        long t0 = System.nanoTime();
        PrintCapture t = PrintCapture.run("train", "--set", "output.root=" + root, "--set", "data.generated=16",
                "--set", "train.batchSize=8");
        assertEquals(2, t.code(), t.err());
        assertTrue(t.err().contains("output.root") && t.err().contains("not writable"), t.err());
        assertFalse(t.err().contains("data.input"), t.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "before Spark starts");
        PrintCapture v = PrintCapture.run("validate-config", "--set", "output.root=" + root);
        assertEquals(2, v.code(), v.err());
        assertTrue(v.err().contains("output.root") && v.err().contains("not writable"), v.err());
        Path fine = dir.resolve("fresh/run");
        assertEquals(0, PrintCapture.run("validate-config", "--set", "output.root=" + fine).code());
        assertFalse(Files.exists(dir.resolve("fresh")), "the probe leaves no trace");
    }

    @Test
    void anUnreachableMasterIsNamedWithinSeconds() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String master = "spark://127.0.0.1:" + port;
        for (String sub : new String[]{"validate-config", "train"}) {
            long t0 = System.nanoTime();
            PrintCapture c = PrintCapture.run(sub, "--set", "spark.master=" + master, "--set",
                    "output.root=" + new File(System.getProperty("java.io.tmpdir"), "unreachable-" + port));
            assertEquals(2, c.code(), c.err());
            assertTrue(c.err().contains("spark.master " + master + " is unreachable"), c.err());
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, sub);
        }
    }

    private static List<String> listing(Path root) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted().toList()) {
                out.add(root.relativize(p) + (Files.isRegularFile(p) ? " " + Files.size(p) + " "
                        + Files.getLastModifiedTime(p).toMillis() : ""));
            }
        }
        return out;
    }

    @Test
    void gpuOnTheCpuBuildFailsBeforeAnyWorkNamingTheHostAndTheBuild(@TempDir Path dir) {
        PrintCapture r = train(dir.resolve("run"), 2, "--set", "train.device=gpu");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("train.device=gpu on host ") && r.err().contains("CPU build"), r.err());
        assertFalse(Files.exists(dir.resolve("run/checkpoints")), "no work was done");
        PrintCapture typo = train(dir.resolve("run2"), 2, "--set", "train.device=gpus");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("train.device"), typo.err());
    }
}
