package org.celebadcgan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident set size of this process (Linux VmHWM): heap, off-heap ND4J buffers and native code together. */
public final class PeakMemory {

    private PeakMemory() {
    }

    /** Peak RSS in MiB, or -1 where /proc is not available. */
    public static long peakRssMb() {
        return statusMb("VmHWM:");
    }

    /** Current RSS in MiB, or -1 where /proc is not available. */
    public static long currentRssMb() {
        return statusMb("VmRSS:");
    }

    private static long statusMb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
