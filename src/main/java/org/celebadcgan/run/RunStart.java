package org.celebadcgan.run;

import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.checkpoint.RunMeta;
import org.celebadcgan.config.ConfigChange;
import org.celebadcgan.config.RunIdentity;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.RunLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a run starts, decided before any Spark work: the lease on the output root (a second command is refused;
 * this also proves the root writable), incomplete checkpoint folders removed (only the holder may), then either a
 * fresh start ({@code --fresh}: earlier checkpoints, samples and metrics go) or a resume from the newest checkpoint,
 * whose settings must be this run's unless a change is allowed by name.
 */
final class RunStart implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunStart.class);

    private final RunLease lease;
    private final CheckpointStore checkpoints;
    private final CheckpointStore.Loaded resume;
    private final List<ConfigChange> changes;
    private final List<ConfigChange> changesNow;

    private RunStart(RunLease lease, CheckpointStore checkpoints, CheckpointStore.Loaded resume,
                     List<ConfigChange> changes, List<ConfigChange> changesNow) {
        this.lease = lease;
        this.checkpoints = checkpoints;
        this.resume = resume;
        this.changes = changes;
        this.changesNow = changesNow;
    }

    static RunStart open(OutputRoot out, CheckpointStore checkpoints, Map<String, String> identity,
                         Duration leaseTimeout, boolean fresh, Set<String> allowChange) {
        RunLease lease;
        try {
            lease = RunLease.acquire(out, "train", leaseTimeout);
        } catch (IOException e) {
            throw new IllegalArgumentException("output.root " + out.uri() + " is not writable: " + e.getMessage(), e);
        }
        try {
            for (String removed : checkpoints.cleanIncomplete()) {
                LOG.info("removed incomplete checkpoint folder {} (an interrupted write)", removed);
            }
            if (fresh) {
                for (String part : List.of("checkpoints", "samples", "metrics.jsonl", "index.html")) {
                    out.delete(part);
                }
                return new RunStart(lease, checkpoints, null, List.of(), List.of());
            }
            Optional<CheckpointStore.Loaded> latest = checkpoints.latest();
            if (latest.isEmpty()) {
                if (!out.isEmpty(RunLease.FILE)) {
                    throw new IllegalArgumentException("output.root " + out.uri() + " holds files but no complete "
                            + "checkpoint; pass --fresh to start over there");
                }
                return new RunStart(lease, checkpoints, null, List.of(), List.of());
            }
            RunMeta meta = latest.get().meta();
            List<ConfigChange> now = RunIdentity.compare(meta.identity(), identity, allowChange,
                    latest.get().state().step());
            for (ConfigChange c : now) {
                LOG.warn("accepted change of {} at step {}: {} -> {} (--allow-change)", c.key(), c.step(), c.from(),
                        c.to());
            }
            List<ConfigChange> all = new ArrayList<>(meta.changes());
            all.addAll(now);
            return new RunStart(lease, checkpoints, latest.get(), List.copyOf(all), List.copyOf(now));
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e instanceof IOException io ? new java.io.UncheckedIOException(e.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    RunLease lease() {
        return lease;
    }

    CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** The checkpoint to resume from, if any. */
    Optional<CheckpointStore.Loaded> resume() {
        return Optional.ofNullable(resume);
    }

    /** Every accepted change of the run, the earlier ones included. */
    List<ConfigChange> changes() {
        return changes;
    }

    /** Changes accepted by this start. */
    List<ConfigChange> changesNow() {
        return changesNow;
    }

    @Override
    public void close() {
        lease.close();
    }
}
