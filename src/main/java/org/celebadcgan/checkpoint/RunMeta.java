package org.celebadcgan.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.celebadcgan.config.ConfigChange;
import org.celebadcgan.config.RunIdentity;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.train.TrainingState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checkpoint's state.json says about its run besides the arrays.
 *
 * @param seed       the run's seed
 * @param model      architecture and widths
 * @param epoch      epoch of the last step (1-based: data.epochOf)
 * @param configHash SHA-256 of the job's own settings
 * @param configJson the run's config with secrets masked (JSON), or null
 * @param identity   the settings that define the run (config.RunIdentity)
 * @param changes    deliberate changes accepted on resumes, oldest first
 */
public record RunMeta(long seed, ModelSpec model, long epoch, String configHash, String configJson,
                      Map<String, String> identity, List<ConfigChange> changes) {

    /** Noise and batch order are functions of (seed, step, round, worker): these counters are the RNG positions. */
    static final String RNG = "noise: (seed, round, worker); batches: (seed, epoch, worker) at step";

    /** Minimal metadata (tests, tools): no config, no identity. */
    public static RunMeta of(long seed, ModelSpec model) {
        return new RunMeta(seed, model, 0, "", null, Map.of(), List.of());
    }

    ObjectNode toJson(TrainingState state, ObjectMapper json) {
        ObjectNode st = json.createObjectNode();
        st.put("step", state.step());
        st.put("epoch", epoch);
        st.put("round", state.round());
        st.put("seed", seed);
        ObjectNode m = st.putObject("model");
        m.put("arch", model.arch().id());
        m.put("zDim", model.zDim());
        m.put("gWidth", model.gWidth());
        m.put("dWidth", model.dWidth());
        st.set("run", json.valueToTree(new TreeMap<>(identity)));
        st.set("changes", json.valueToTree(changes));
        st.put("config_sha256", configHash);
        if (configJson != null) {
            try {
                st.set("config", json.readTree(configJson));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        st.put("rng", RNG);
        return st;
    }

    static RunMeta fromJson(JsonNode st) {
        JsonNode m = st.path("model");
        ModelSpec model = new ModelSpec(Architecture.parse(m.path("arch").asText()), m.path("zDim").asInt(),
                m.path("gWidth").asInt(), m.path("dWidth").asInt());
        String config = st.has("config") ? st.get("config").toString() : null;
        Map<String, String> identity = new TreeMap<>();
        st.path("run").fields().forEachRemaining(e -> identity.put(e.getKey(), e.getValue().asText()));
        if (identity.isEmpty() && config != null) {
            identity.putAll(RunIdentity.fromStoredConfig(config)); // written before identities were stored
        }
        List<ConfigChange> changes = new ArrayList<>();
        for (JsonNode c : st.path("changes")) {
            changes.add(new ConfigChange(c.path("step").asLong(), c.path("key").asText(), c.path("from").asText(),
                    c.path("to").asText()));
        }
        return new RunMeta(st.path("seed").asLong(), model, st.path("epoch").asLong(),
                st.path("config_sha256").asText(), config, identity, List.copyOf(changes));
    }
}
