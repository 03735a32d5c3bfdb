package org.celebadcgan.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of an output root: {@code lease.json} names the command that holds it (host, application id, pid)
 * and carries a heartbeat the holder renews every quarter of the timeout. A second command is refused while the
 * heartbeat is fresh; a lease whose heartbeat is older than the timeout belongs to a dead run and is taken over with a
 * warning. The holder checks it still holds the lease before each write that could clobber another run's.
 */
public final class RunLease implements AutoCloseable {

    /** The lease file's name under the output root. */
    public static final String FILE = "lease.json";
    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputRoot out;
    private final String token = UUID.randomUUID().toString();
    private final String host;
    private final String command;
    private final Instant started = Instant.now();
    private final ScheduledExecutorService heartbeat;
    private volatile String applicationId = "(starting)";
    private volatile String lostTo;

    private RunLease(OutputRoot out, String command) {
        this.out = out;
        this.command = command;
        this.host = hostName();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-root-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lease on {@code out} for {@code command}, or refuses (IllegalArgumentException naming the holder)
     * while another holder's heartbeat is younger than {@code timeout}.
     */
    public static RunLease acquire(OutputRoot out, String command, Duration timeout) throws IOException {
        RunLease lease = new RunLease(out, command);
        JsonNode held = lease.read();
        if (held != null) {
            long age = System.currentTimeMillis() - held.path("heartbeat_ms").asLong(0);
            if (age < timeout.toMillis()) {
                throw new IllegalArgumentException("output.root " + out.uri() + " is in use by " + describe(held)
                        + ", last heartbeat " + age / 1000 + " s ago; a second command would corrupt that run. Wait "
                        + "for it to finish or, if it died, until its heartbeat is older than output.leaseTimeout ("
                        + timeout.toSeconds() + " s)");
            }
            LOG.warn("taking over the lease on {} from {}: its last heartbeat was {} s ago (output.leaseTimeout {} s)",
                    out.uri(), describe(held), age / 1000, timeout.toSeconds());
            out.delete(FILE);
        }
        if (!out.createNew(FILE, lease.json())) {
            JsonNode winner = lease.read();
            throw new IllegalArgumentException("output.root " + out.uri() + " was just taken by "
                    + (winner == null ? "another command" : describe(winner)));
        }
        lease.confirm();
        long every = Math.max(200, timeout.toMillis() / 4);
        lease.heartbeat.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS);
        return lease;
    }

    /** Records the Spark application id once Spark has started (shown to anyone refused). */
    public void applicationId(String id) {
        this.applicationId = id;
        renew();
    }

    /** Throws when another command took the lease (our heartbeat stalled past the timeout); call before writing. */
    public void check() {
        if (lostTo != null) {
            throw new IllegalStateException("lost the lease on output.root " + out.uri() + " to " + lostTo
                    + ": stopping before writing over another run");
        }
    }

    /** Stops the heartbeat and removes the lease if still ours. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            JsonNode held = read();
            if (held != null && token.equals(held.path("token").asText())) {
                out.delete(FILE);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", out.path(FILE), e.getMessage());
        }
    }

    private synchronized void renew() {
        if (lostTo != null) {
            return;
        }
        try {
            JsonNode held = read();
            if (held != null && !token.equals(held.path("token").asText())) {
                lostTo = describe(held);
                LOG.error("the lease on {} was taken over by {}", out.uri(), lostTo);
                return;
            }
            out.write(FILE, json());
        } catch (IOException | RuntimeException e) {
            LOG.warn("lease heartbeat on {} failed: {}", out.path(FILE), e.getMessage());
        }
    }

    private void confirm() throws IOException {
        JsonNode held = read();
        if (held == null || !token.equals(held.path("token").asText())) {
            throw new IllegalArgumentException("output.root " + out.uri() + " was just taken by "
                    + (held == null ? "another command" : describe(held)));
        }
    }

    private JsonNode read() throws IOException {
        if (!out.exists(FILE)) {
            return null;
        }
        try {
            return JSON.readTree(out.read(FILE));
        } catch (IOException e) {
            return JSON.createObjectNode(); // unreadable: treated as a lease with no heartbeat (stale)
        }
    }

    private byte[] json() {
        ObjectNode n = JSON.createObjectNode();
        n.put("token", token);
        n.put("command", command);
        n.put("host", host);
        n.put("application_id", applicationId);
        n.put("pid", ProcessHandle.current().pid());
        n.put("started", started.toString());
        long now = System.currentTimeMillis();
        n.put("heartbeat", Instant.ofEpochMilli(now).toString());
        n.put("heartbeat_ms", now);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(JsonNode held) {
        return held.path("command").asText("a command") + " on host " + held.path("host").asText("?")
                + " (application " + held.path("application_id").asText("?") + ", pid " + held.path("pid").asText("?")
                + ")";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
