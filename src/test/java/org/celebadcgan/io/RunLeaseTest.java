package org.celebadcgan.io;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer per output root: refused while the holder's heartbeat is fresh, taken over once it is stale. */
class RunLeaseTest {

    static OutputRoot root(Path dir) {
        return new OutputRoot(dir.toUri(), new Configuration());
    }

    @Test
    void aSecondHolderIsRefusedNamingTheFirst(@TempDir Path dir) throws Exception {
        try (RunLease first = RunLease.acquire(root(dir), "train", Duration.ofSeconds(30))) {
            first.applicationId("app-20261201-0001");
            var e = assertThrows(IllegalArgumentException.class,
                    () -> RunLease.acquire(root(dir), "train", Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("in use by train on host ")
                    && e.getMessage().contains("app-20261201-0001"), e.getMessage());
            first.check();
        }
        assertFalse(Files.exists(dir.resolve(RunLease.FILE)), "released on close");
        RunLease.acquire(root(dir), "train", Duration.ofSeconds(30)).close();
    }

    @Test
    void theHeartbeatKeepsALongRunsLeaseFresh(@TempDir Path dir) throws Exception {
        // 5 s: a heartbeat every 1.25 s, so a stall (a full GC of the test JVM on a loaded machine) of under 3.75 s
        // cannot make the lease look stale; with 2 s one CI run saw it stale
        try (RunLease first = RunLease.acquire(root(dir), "train", Duration.ofSeconds(5))) {
            Thread.sleep(11_000); // more than twice the timeout: only the heartbeat keeps it held
            assertThrows(IllegalArgumentException.class,
                    () -> RunLease.acquire(root(dir), "train", Duration.ofSeconds(5)));
            first.check();
        }
    }

    @Test
    void aStaleLeaseIsTakenOverAndItsHolderStopsBeforeWriting(@TempDir Path dir) throws Exception {
        RunLease frozen = RunLease.acquire(root(dir), "train", Duration.ofSeconds(60)); // next heartbeat in 15 s
        Thread.sleep(300);
        // Seen with a 100 ms timeout, its 300 ms old heartbeat is stale: a frozen (or dead) holder.
        try (RunLease next = RunLease.acquire(root(dir), "train", Duration.ofMillis(100))) {
            frozen.check(); // it does not know yet ...
            frozen.applicationId("app-x"); // ... until its next heartbeat
            var lost = assertThrows(IllegalStateException.class, frozen::check);
            assertTrue(lost.getMessage().contains("lost the lease"), lost.getMessage());
            next.check();
            frozen.close(); // must not remove the new holder's lease
            assertTrue(Files.exists(dir.resolve(RunLease.FILE)));
            assertTrue(Files.readString(dir.resolve(RunLease.FILE)).contains("(starting)"), "still next's lease");
        }
    }

    @Test
    void anUnwritableRootFailsToAcquire(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x"); // a root below a file cannot be created
        assertThrows(java.io.IOException.class,
                () -> RunLease.acquire(root(file.resolve("run")), "train", Duration.ofSeconds(30)));
    }
}
