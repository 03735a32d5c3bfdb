package org.celebadcgan.config;

import com.typesafe.config.ConfigFactory;
import org.celebadcgan.io.Uris;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings that define a run (model, batch, workers, synchronisation, Adam, data, seed), as canonical text. A
 * resumed run must have the same ones as its checkpoint: anything else would silently train another run. Extending
 * train.steps and changing intervals, outputs or Spark settings are not part of it.
 */
public final class RunIdentity {

    /** Keys no --allow-change can accept: the checkpoint's arrays have their shapes. */
    static final Set<String> SHAPE = Set.of("model.arch", "model.zDim", "model.gWidth", "model.dWidth");

    private RunIdentity() {
    }

    /** Key -> canonical value, sorted by key. */
    public static Map<String, String> of(JobSettings s) {
        Map<String, String> id = new TreeMap<>();
        id.put("model.arch", s.model().arch().id());
        id.put("model.zDim", String.valueOf(s.model().zDim()));
        id.put("model.gWidth", String.valueOf(s.model().gWidth()));
        id.put("model.dWidth", String.valueOf(s.model().dWidth()));
        id.put("train.batchSize", String.valueOf(s.batchSize()));
        id.put("train.workers", String.valueOf(s.workers()));
        id.put("train.syncEvery", String.valueOf(s.syncEvery()));
        // The transport is part of the bits too: with more than two workers the ring sums in another order.
        id.put("train.sync.mode", org.celebadcgan.train.SyncSettings.id(s.sync().mode()));
        id.put("train.sync.moments", org.celebadcgan.train.SyncSettings.id(s.sync().moments()));
        id.put("train.sync.transport", org.celebadcgan.train.SyncSettings.id(s.sync().transport()));
        id.put("train.seed", String.valueOf(s.seed()));
        id.put("train.lr", String.valueOf(s.adam().lr()));
        id.put("train.beta1", String.valueOf(s.adam().beta1()));
        id.put("train.beta2", String.valueOf(s.adam().beta2()));
        id.put("data.input", s.dataInput().isEmpty() ? "" : Uris.parse(s.dataInput(), "data.input").toString());
        id.put("data.split", s.split().name().toLowerCase(java.util.Locale.ROOT));
        if (s.dataInput().isEmpty()) {
            id.put("data.generated", String.valueOf(s.generatedImages()));
        }
        return id;
    }

    /**
     * The identity of a checkpoint written before identities were stored, from its stored (redacted) config laid
     * over today's defaults; empty when that config cannot be read.
     */
    public static Map<String, String> fromStoredConfig(String configJson) {
        try {
            var reference = ConfigFactory.parseResources(RunIdentity.class.getClassLoader(), "reference.conf");
            return of(JobSettings.from(ConfigFactory.parseString(configJson).withFallback(reference).resolve()));
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * Compares a checkpoint's identity with this run's. Differences in {@code allowed} keys are returned as changes
     * taking effect at {@code step}; any other difference stops the job, listing every key as old -> new.
     */
    public static List<ConfigChange> compare(Map<String, String> checkpoint, Map<String, String> now,
                                             Set<String> allowed, long step) {
        Set<String> unknown = new TreeSet<>(allowed);
        unknown.removeAll(now.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--allow-change " + String.join(", ", unknown) + ": not a setting "
                    + "that defines the run (those are " + String.join(", ", now.keySet()) + ")");
        }
        List<String> refused = new ArrayList<>();
        List<ConfigChange> accepted = new ArrayList<>();
        Set<String> keys = new TreeSet<>(now.keySet());
        keys.addAll(checkpoint.keySet());
        for (String key : keys) {
            String old = checkpoint.get(key);
            String cur = now.get(key);
            if (old == null || Objects.equals(old, cur)) {
                continue; // a key the checkpoint did not record (an older version) cannot be compared
            }
            String line = key + ": " + show(old) + " -> " + show(cur);
            if (allowed.contains(key) && !SHAPE.contains(key)) {
                accepted.add(new ConfigChange(step, key, old, cur));
            } else {
                refused.add(line + (SHAPE.contains(key) ? " (cannot change: the checkpoint's arrays have this shape)"
                        : ""));
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint at step " + step + " was written by a run with other "
                    + "settings; resuming would train a different run:\n  " + String.join("\n  ", refused)
                    + "\nUse the checkpoint's values, another output.root, --fresh, or accept a deliberate change with "
                    + "--allow-change KEY");
        }
        return accepted;
    }

    private static String show(String v) {
        return v == null ? "(unset)" : v.isEmpty() ? "\"\"" : v;
    }
}
