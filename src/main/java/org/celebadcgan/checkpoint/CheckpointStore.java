package org.celebadcgan.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.train.TrainingState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints under {@code checkpoints/} of the output root, published last: {@code step-NNNNNNNN/} holds
 * {@code generator.bin} and {@code discriminator.bin} (format below), {@code state.json} (step, round, seed, model,
 * config hash) and, written after them, {@code manifest.json} (every file's size and SHA-256, and
 * {@code params_sha256} of each network's float32 parameters). A folder without a manifest does not exist; it is
 * deleted when found. {@code checkpoints/LATEST} names the newest complete one and moves only after its manifest.
 * <p>
 * Network file format: "DCGS", int32 version 1, int64 parameter count n, then n float32 parameters (BatchNorm
 * running statistics included, DL4J's flat order), n float32 Adam first moments, n float32 Adam second moments; all
 * little-endian.
 */
public final class CheckpointStore {

    static final String DIR = "checkpoints";
    static final String LATEST = DIR + "/LATEST";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputRoot out;
    private final int keepLast;
    private final int keepEvery;

    /** {@code keepLast} newest checkpoints are kept, plus every {@code keepEvery}-th step (0: none). */
    public CheckpointStore(OutputRoot out, int keepLast, int keepEvery) {
        this.out = out;
        this.keepLast = keepLast;
        this.keepEvery = keepEvery;
    }

    /** A loaded checkpoint: the state and the seed and model it was written with. */
    public record Loaded(TrainingState state, long seed, ModelSpec model, String name) {
    }

    /** Writes a checkpoint of {@code state}; returns its folder name. */
    public String save(TrainingState state, long seed, ModelSpec model, String configHash) throws IOException {
        return save(state, seed, model, configHash, null, 0);
    }

    /**
     * As above, also storing the run's config ({@code redactedConfigJson}, secrets already masked) and the epoch
     * in state.json.
     */
    public String save(TrainingState state, long seed, ModelSpec model, String configHash, String redactedConfigJson,
                       long epoch) throws IOException {
        String name = String.format("step-%08d", state.step());
        String dir = DIR + "/" + name + "/";
        out.delete(dir); // a leftover of an interrupted attempt at the same step
        byte[] g = network(state.g(), state.gM(), state.gV());
        byte[] d = network(state.d(), state.dM(), state.dV());
        ObjectNode st = JSON.createObjectNode();
        st.put("step", state.step());
        st.put("epoch", epoch);
        st.put("round", state.round());
        st.put("seed", seed);
        ObjectNode m = st.putObject("model");
        m.put("arch", model.arch().id());
        m.put("zDim", model.zDim());
        m.put("gWidth", model.gWidth());
        m.put("dWidth", model.dWidth());
        st.put("config_sha256", configHash);
        if (redactedConfigJson != null) {
            st.set("config", JSON.readTree(redactedConfigJson));
        }
        // Noise and batch order are functions of (seed, step, round, worker): these counters are the RNG positions.
        st.put("rng", "noise: (seed, round, worker); batches: (seed, epoch, worker) at step");
        byte[] stateJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(st);
        out.write(dir + "generator.bin", g);
        out.write(dir + "discriminator.bin", d);
        out.write(dir + "state.json", stateJson);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("step", state.step());
        ArrayNode files = manifest.putArray("files");
        files.add(fileEntry("generator.bin", g));
        files.add(fileEntry("discriminator.bin", d));
        files.add(fileEntry("state.json", stateJson));
        ObjectNode params = manifest.putObject("params_sha256");
        params.put("generator", sha256(floats(state.g())));
        params.put("discriminator", sha256(floats(state.d())));
        manifest.put("created", Instant.now().toString());
        out.write(dir + "manifest.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        out.writeString(LATEST, name + "\n"); // only now is it the newest
        retain();
        return name;
    }

    /** The newest complete checkpoint, verified; empty when there is none. Incomplete folders are deleted. */
    public Optional<Loaded> latest(ModelSpec expected) throws IOException {
        cleanIncomplete();
        if (!out.exists(LATEST)) {
            return Optional.empty();
        }
        String name = out.readString(LATEST).trim();
        if (!out.exists(DIR + "/" + name + "/manifest.json")) {
            throw new IllegalStateException(out.path(LATEST) + " names " + name + ", which has no manifest.json");
        }
        return Optional.of(load(name, expected));
    }

    /** Loads and verifies checkpoint {@code name}; every problem is an error naming the file. */
    public Loaded load(String name, ModelSpec expected) throws IOException {
        String dir = DIR + "/" + name + "/";
        JsonNode manifest = parse(dir + "manifest.json");
        for (JsonNode f : manifest.path("files")) {
            String file = dir + f.path("name").asText();
            if (!out.exists(file)) {
                throw new IllegalStateException("checkpoint file " + out.path(file) + " is missing");
            }
            byte[] bytes = out.read(file);
            if (bytes.length != f.path("size").asLong()) {
                throw new IllegalStateException("checkpoint file " + out.path(file) + " has " + bytes.length
                        + " bytes, the manifest says " + f.path("size").asLong() + " (truncated?)");
            }
            if (!sha256(bytes).equals(f.path("sha256").asText())) {
                throw new IllegalStateException("checkpoint file " + out.path(file) + " fails its SHA-256 check");
            }
        }
        JsonNode st = parse(dir + "state.json");
        JsonNode m = st.path("model");
        ModelSpec model = new ModelSpec(org.celebadcgan.model.Architecture.parse(m.path("arch").asText()),
                m.path("zDim").asInt(), m.path("gWidth").asInt(), m.path("dWidth").asInt());
        if (expected != null && !expected.equals(model)) {
            throw new IllegalStateException("checkpoint " + out.path(dir + "state.json") + " was written for "
                    + describe(model) + ", this run is configured for " + describe(expected)
                    + "; use another output.root or --fresh");
        }
        float[][] g = readNetwork(dir + "generator.bin");
        float[][] d = readNetwork(dir + "discriminator.bin");
        TrainingState state = new TrainingState(g[0], d[0], g[1], g[2], d[1], d[2], st.path("step").asLong(),
                st.path("round").asLong());
        return new Loaded(state, st.path("seed").asLong(), model, name);
    }

    /** Complete checkpoints, oldest first. */
    public List<String> complete() throws IOException {
        List<String> done = new ArrayList<>();
        for (String n : out.list(DIR)) {
            if (n.startsWith("step-") && out.exists(DIR + "/" + n + "/manifest.json")) {
                done.add(n);
            }
        }
        return done;
    }

    /** Deletes checkpoint folders without a manifest (interrupted writes). */
    public void cleanIncomplete() throws IOException {
        for (String n : out.list(DIR)) {
            if (n.startsWith("step-") && !out.exists(DIR + "/" + n + "/manifest.json")) {
                out.delete(DIR + "/" + n);
            }
        }
    }

    private void retain() throws IOException {
        List<String> done = complete();
        for (int i = 0; i < done.size() - keepLast; i++) {
            long step = Long.parseLong(done.get(i).substring(5));
            if (keepEvery > 0 && step % keepEvery == 0) {
                continue;
            }
            out.delete(DIR + "/" + done.get(i));
        }
    }

    private JsonNode parse(String file) throws IOException {
        try {
            return JSON.readTree(out.read(file));
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint file " + out.path(file) + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private float[][] readNetwork(String file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(out.read(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 16 || b.getInt() != 0x53474344 || b.getInt() != 1) {
            throw new IllegalStateException("checkpoint file " + out.path(file) + " is not a version 1 network file");
        }
        long n = b.getLong();
        if (b.remaining() != n * 12) {
            throw new IllegalStateException("checkpoint file " + out.path(file) + " holds " + b.remaining()
                    + " bytes of arrays, expected " + n * 12);
        }
        float[][] arrays = new float[3][Math.toIntExact(n)];
        for (float[] a : arrays) {
            b.asFloatBuffer().get(a);
            b.position(b.position() + 4 * a.length);
        }
        return arrays;
    }

    static byte[] network(float[] params, float[] m, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12 * params.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x53474344).putInt(1).putLong(params.length); // "DCGS" read little-endian
        for (float[] a : new float[][]{params, m, v}) {
            b.asFloatBuffer().put(a);
            b.position(b.position() + 4 * a.length);
        }
        return b.array();
    }

    /** float32 little-endian bytes of {@code a}: what params_sha256 hashes. */
    static byte[] floats(float[] a) {
        ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        return b.array();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode fileEntry(String name, byte[] bytes) {
        ObjectNode f = JSON.createObjectNode();
        f.put("name", name);
        f.put("size", bytes.length);
        f.put("sha256", sha256(bytes));
        return f;
    }

    private static String describe(ModelSpec m) {
        return m.arch().id() + " z" + m.zDim() + " G/D widths " + m.gWidth() + "/" + m.dWidth();
    }
}
