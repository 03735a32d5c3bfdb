package org.celebadcgan.runtime;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A driver whose helper thread runs out of memory must end, failed, instead of waiting forever. */
class OutOfMemoryExitTest {

    /** A stand-in driver: a helper thread runs out of memory while main waits for it (as for a task result). */
    public static final class WaitingDriver {
        public static void main(String[] args) throws Exception {
            if (args.length > 0 && args[0].equals("install")) {
                OutOfMemoryExit.install();
            }
            Thread getter = new Thread(() -> {
                List<long[]> hoard = new ArrayList<>();
                while (true) {
                    hoard.add(new long[1 << 20]);
                }
            }, "task-result-getter-0");
            getter.start();
            new java.util.concurrent.CountDownLatch(1).await(); // the result that never comes
        }
    }

    private static Process start(Path err, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), WaitingDriver.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void withoutItTheDriverWaitsForeverAfterItsThreadRanOutOfMemory() throws Exception {
        Path err = Files.createTempFile("oom", ".err");
        Process p = start(err);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(err).contains("OutOfMemoryError") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(err).contains("OutOfMemoryError"), "the thread ran out of memory");
            assertTrue(!p.waitFor(3, TimeUnit.SECONDS), "and the JVM is still there, waiting: the hang");
        } finally {
            p.destroyForcibly().waitFor();
            Files.deleteIfExists(err);
        }
    }

    @Test
    void withItTheDriverFailsWithExitCodeOneNamingTheThread() throws Exception {
        Path err = Files.createTempFile("oom", ".err");
        Process p = start(err, "install");
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended instead of waiting");
            assertEquals(1, p.exitValue());
            String text = Files.readString(err);
            assertTrue(text.contains("failed: out of memory in thread \"task-result-getter-0\"")
                    && text.contains("DRIVER_MEMORY"), text);
        } finally {
            p.destroyForcibly().waitFor();
            Files.deleteIfExists(err);
        }
    }
}
