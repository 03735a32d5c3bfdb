package org.celebadcgan.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints under {@code checkpoints/} of the output root, published last: {@code step-NNNNNNNN/} holds
 * {@code generator.bin} and {@code discriminator.bin} (format below), {@code state.json} (step, epoch, round, seed,
 * model, the settings that define the run, accepted changes, the redacted config and its hash) and, written after
 * them, {@code manifest.json} (every file's size and SHA-256, and {@code params_sha256} of each network's float32
 * parameters). A folder without a valid manifest is not a checkpoint: the newest folder with one is the run's latest,
 * whatever else happened. {@code checkpoints/LATEST} names it too, as a hint for people and tools, replaced in one
 * step. Readers never delete or rewrite anything; only the run's lease holder removes incomplete folders.
 * <p>
 * Network file format: "DCGS", int32 version 1, int64 parameter count n, then n float32 parameters (BatchNorm
 * running statistics included, DL4J's flat order), n float32 Adam first moments, n float32 Adam second moments; all
 * little-endian.
 */
public final class CheckpointStore {

    static final String DIR = "checkpoints";
    static final String LATEST = DIR + "/LATEST";
    /** Test-only system property: "crash" (throw) right after the named phase of a checkpoint write. */
    public static final String CRASH_AFTER = "celebadcgan.test.checkpointCrashAfter";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
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

    /** A store that only reads (generate, evaluate, the report): retention settings do not apply. */
    public static CheckpointStore reader(OutputRoot out) {
        return new CheckpointStore(out, Integer.MAX_VALUE, 0);
    }

    /** A loaded checkpoint: the state, what state.json says of its run, and its folder name. */
    public record Loaded(TrainingState state, RunMeta meta, String name) {
        public long seed() {
            return meta.seed();
        }

        public ModelSpec model() {
            return meta.model();
        }
    }

    /** Writes a checkpoint of {@code state}; returns its folder name. */
    public String save(TrainingState state, RunMeta meta) throws IOException {
        String name = String.format("step-%08d", state.step());
        String dir = DIR + "/" + name + "/";
        out.delete(dir); // a leftover of an interrupted attempt at the same step (no manifest: not a checkpoint)
        byte[] g = network(state.g(), state.gM(), state.gV());
        byte[] d = network(state.d(), state.dM(), state.dV());
        byte[] stateJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta.toJson(state, JSON));
        out.write(dir + "generator.bin", g);
        crashPoint("generator");
        out.write(dir + "discriminator.bin", d);
        crashPoint("discriminator");
        out.write(dir + "state.json", stateJson);
        crashPoint("state");

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
        crashPoint("manifest"); // from here on the checkpoint exists, whatever LATEST says
        out.writeString(LATEST, name + "\n");
        crashPoint("latest");
        retain();
        return name;
    }

    /**
     * The newest checkpoint with a valid manifest, verified; empty when there is none. Reads only: incomplete
     * folders are skipped, not removed. A manifest that does not parse is skipped with a warning; files that do not
     * match a valid manifest are an error naming the file.
     */
    public Optional<Loaded> latest() throws IOException {
        List<String> done = complete();
        for (int i = done.size() - 1; i >= 0; i--) {
            String name = done.get(i);
            if (validManifest(name) == null) {
                LOG.warn("checkpoint {} has an unreadable manifest.json; trying the one before it", name);
                continue;
            }
            return Optional.of(load(name));
        }
        return Optional.empty();
    }

    /** Loads and verifies checkpoint {@code name}; every problem is an error naming the file. */
    public Loaded load(String name) throws IOException {
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
        RunMeta meta = RunMeta.fromJson(st);
        float[][] g = readNetwork(dir + "generator.bin");
        float[][] d = readNetwork(dir + "discriminator.bin");
        TrainingState state = new TrainingState(g[0], d[0], g[1], g[2], d[1], d[2], st.path("step").asLong(),
                st.path("round").asLong());
        return new Loaded(state, meta, name);
    }

    /** Folders with a manifest, oldest step first. */
    public List<String> complete() throws IOException {
        List<String> done = new ArrayList<>();
        for (String n : out.list(DIR)) {
            if (n.matches("step-\\d+") && out.exists(DIR + "/" + n + "/manifest.json")) {
                done.add(n);
            }
        }
        done.sort(Comparator.comparingLong(CheckpointStore::stepOf));
        return done;
    }

    /** Deletes checkpoint folders without a manifest (interrupted writes). Only the lease holder may call it. */
    public List<String> cleanIncomplete() throws IOException {
        List<String> removed = new ArrayList<>();
        for (String n : out.list(DIR)) {
            if (n.startsWith("step-") && !out.exists(DIR + "/" + n + "/manifest.json")) {
                out.delete(DIR + "/" + n);
                removed.add(n);
            }
        }
        return removed;
    }

    private void retain() throws IOException {
        List<String> done = complete();
        for (int i = 0; i < done.size() - keepLast; i++) {
            long step = stepOf(done.get(i));
            if (keepEvery > 0 && step % keepEvery == 0) {
                continue;
            }
            // The manifest goes first: a crash in between leaves an incomplete folder, never a manifest whose
            // files are gone.
            out.delete(DIR + "/" + done.get(i) + "/manifest.json");
            crashPoint("retention");
            out.delete(DIR + "/" + done.get(i));
        }
    }

    private static long stepOf(String name) {
        return Long.parseLong(name.substring("step-".length()));
    }

    private JsonNode validManifest(String name) {
        try {
            JsonNode m = JSON.readTree(out.read(DIR + "/" + name + "/manifest.json"));
            return m != null && m.path("files").size() == 3 && m.has("step") ? m : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void crashPoint(String phase) {
        if (phase.equals(System.getProperty(CRASH_AFTER))) {
            throw new IllegalStateException("simulated crash after writing the checkpoint's " + phase
                    + " (" + CRASH_AFTER + ")");
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
}
