package org.celebadcgan.cli;

import org.celebadcgan.io.Uris;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.config.JobSettings;
import org.celebadcgan.data.ImageSource;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.data.Shards;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.checkpoint.RunMeta;
import org.celebadcgan.config.ConfigChange;
import org.celebadcgan.config.HadoopConf;
import org.celebadcgan.config.RunIdentity;
import org.celebadcgan.io.RunLease;
import org.celebadcgan.io.MetricsLog;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.RunReport;
import org.celebadcgan.io.SampleGrid;
import org.celebadcgan.config.Redaction;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.Sampler;
import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.runtime.SparkSessions;
import org.celebadcgan.spark.SparkTrainer;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.train.ProgressLog;
import org.celebadcgan.train.RoundPlan;
import org.celebadcgan.train.StepResult;
import org.celebadcgan.train.TrainingState;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * {@code train}: reads (or generates) the images, cuts them into one shard per worker, and trains the DCGAN pair
 * synchronously on Spark, writing sample grids under output.root.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the DCGAN on Spark (train.workers workers) and writes sample grids under output.root.")
final class TrainCommand implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper CHANGE_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Mixin
    ConfigOptions options;

    @Option(names = "--fresh", description = "start from scratch even if output.root holds an earlier run")
    boolean fresh;

    @Option(names = "--allow-change", paramLabel = "KEY", description = "on resume, accept a deliberate change of a "
            + "setting that defines the run (repeatable); recorded in state.json and metrics.jsonl")
    List<String> allowChange = new ArrayList<>();

    @Override
    public void run() {
        var config = options.config();
        JobSettings s = JobSettings.from(config);
        Map<String, String> identity = RunIdentity.of(s);
        OutputRoot out = new OutputRoot(Uris.parse(s.outputRoot(), "output.root"), HadoopConf.from(config));
        RunLease lease;
        try {
            lease = RunLease.acquire(out, "train", s.leaseTimeout()); // also proves the root is writable
        } catch (IOException e) {
            throw new IllegalArgumentException("output.root " + out.uri() + " is not writable: " + e.getMessage(), e);
        }
        try {
            CheckpointStore checkpoints = new CheckpointStore(out, s.keepLast(), s.keepEvery());
            for (String removed : checkpoints.cleanIncomplete()) { // only the lease holder may
                LOG.info("removed incomplete checkpoint folder {} (an interrupted write)", removed);
            }
            Optional<CheckpointStore.Loaded> resume = Optional.empty();
            List<ConfigChange> changes = new ArrayList<>();
            if (fresh) {
                for (String part : List.of("checkpoints", "samples", "metrics.jsonl")) {
                    out.delete(part);
                }
            } else {
                resume = checkpoints.latest();
                if (resume.isEmpty() && !out.isEmpty(RunLease.FILE)) {
                    throw new IllegalArgumentException("output.root " + out.uri() + " holds files but no complete "
                            + "checkpoint; pass --fresh to start over there");
                }
                if (resume.isPresent()) {
                    RunMeta meta = resume.get().meta();
                    changes.addAll(meta.changes());
                    List<ConfigChange> now = RunIdentity.compare(meta.identity(), identity, Set.copyOf(allowChange),
                            resume.get().state().step());
                    for (ConfigChange c : now) {
                        LOG.warn("accepted change of {} at step {}: {} -> {} (--allow-change)", c.key(), c.step(),
                                c.from(), c.to());
                    }
                    changes.addAll(now);
                }
            }
            LOG.info("native build: {}", NativeBuild.describe());
            SparkSession spark = SparkSessions.create(config, "celeba-dcgan train");
            try {
                lease.applicationId(spark.sparkContext().applicationId());
                train(spark, s, out, lease, checkpoints, resume, new RunMeta(s.seed(), s.model(), 0, configHash(config),
                        Redaction.json(config), identity, List.copyOf(changes)));
            } finally {
                spark.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            lease.close();
        }
    }

    private static void train(SparkSession spark, JobSettings s, OutputRoot out, RunLease lease,
                              CheckpointStore checkpoints, Optional<CheckpointStore.Loaded> resume, RunMeta meta)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> images;
        try {
            images = s.dataInput().isEmpty() ? generated(spark, s)
                    : ImageSource.load(spark, Uris.parse(s.dataInput(), "data.input"), s.split(), s.maxBadFraction())
                    .images();
        } catch (IOException e) {
            throw new UncheckedIOException("data.input " + s.dataInput() + ": " + e.getMessage(), e);
        }
        JavaRDD<byte[]> shards = Shards.of(images, s.workers(), s.seed());
        long perShard = shards.count() / s.workers();
        int workerBatch = s.batchSize() / s.workers();
        if (perShard < workerBatch) {
            throw new IllegalArgumentException("train.batchSize / train.workers = " + workerBatch
                    + " images per worker step, but each shard has only " + perShard);
        }
        if (!out.exists("samples/real.png")) {
            writeGrid(out, realGrid(images), "samples/real.png");
        }

        TrainingState state = new GanStep(GanPair.create(s.model(), s.seed()), s.adam(), z -> {
            throw new IllegalStateException("the driver does not train");
        }).exportState(0);
        Sampler sampler = new Sampler(s.model());
        if (resume.isPresent()) {
            state = resume.get().state();
            // Said on stdout too: schedulers' logs should show that a run continued rather than started.
            System.out.printf("resuming from checkpoint %s (step %d, round %d) in %s%n", resume.get().name(),
                    state.step(), state.round(), out.uri());
        }
        INDArray fixedNoise = fixedNoise(out, s);
        MetricsLog metrics = new MetricsLog(out, state.step());
        for (ConfigChange c : meta.changes()) {
            if (c.step() == state.step()) { // accepted by this resume
                metrics.append(CHANGE_JSON.writeValueAsString(Map.of("step", c.step(), "event", "config_change",
                        "key", c.key(), "from", c.from(), "to", c.to())));
            }
        }

        int k = s.syncEvery();
        long rounds = (s.steps() - state.step() + k - 1) / k;
        LOG.info("model: {} G/D widths {}/{}; {} workers x {} images per step, K = {} steps per round, {} rounds "
                        + "({} steps, {} images per worker shard)", s.model().arch().id(), s.model().gWidth(),
                s.model().dWidth(), s.workers(), workerBatch, k, rounds, s.steps(), perShard);
        SparkTrainer trainer = new SparkTrainer(jsc, shards, new RoundPlan(s.model(), s.adam(), workerBatch,
                s.seed(), k), s.workers());
        ProgressLog progress = new ProgressLog(s.steps(), s.batchSize());
        for (long r = 0; r < rounds; r++) {
            int stepsNow = (int) Math.min(k, s.steps() - state.step());
            SparkTrainer.Round round = trainer.round(state, stepsNow);
            state = round.state();
            StepResult mean = round.result().meanFigures();
            for (int i = 0; i < stepsNow; i++) {
                progress.add(mean);
            }
            long step = state.step();
            boolean last = r == rounds - 1;
            if (step % s.logEvery() < stepsNow || last) {
                long epoch = step * workerBatch / Math.max(1, perShard) + 1;
                StepResult interval = progress.mean();
                double imgS = progress.imagesPerSecond();
                LOG.info("{} | round {}: compute {} ms slowest / {} ms median, sync {} ms",
                        progress.line(step, epoch), state.round(),
                        fmt(round.result().maxComputeMs()), fmt(round.result().medianComputeMs()),
                        fmt(round.syncMs()));
                metrics.append(String.format(Locale.ROOT, "{\"step\":%d,\"epoch\":%d,\"round\":%d,"
                                + "\"loss_d\":%.6f,\"loss_g\":%.6f,\"d_x\":%.6f,\"d_g_z1\":%.6f,"
                                + "\"d_g_z2\":%.6f,\"img_s\":%.2f,\"round_ms\":%.0f,\"compute_ms_max\":%.0f,"
                                + "\"compute_ms_median\":%.0f,\"sync_ms\":%.0f}", step, epoch, state.round(),
                        interval.lossD(), interval.lossG(), interval.dReal(), interval.dFakeD(), interval.dFakeG(),
                        imgS, round.wallMs(), round.result().maxComputeMs(), round.result().medianComputeMs(),
                        round.syncMs()));
            }
            lease.check(); // never write over a run that took the output root from us
            if (step % s.samplesEvery() < stepsNow || last) {
                String grid = String.format("samples/step-%08d.png", step);
                writeGrid(out, sampler.load(state.g()).images(fixedNoise), grid);
                out.copy(grid, "samples/latest.png");
            }
            if (step % s.checkpointEvery() < stepsNow || last) {
                String name = checkpoints.save(state, new RunMeta(meta.seed(), meta.model(),
                        step * workerBatch / Math.max(1, perShard) + 1, meta.configHash(), meta.configJson(),
                        meta.identity(), meta.changes()));
                RunReport.write(out, "celeba-dcgan: " + s.model().arch().id() + " on " + s.workers() + " workers",
                        meta.configJson());
                LOG.info("checkpoint {} and index.html written to {}", name, out.uri());
            }
        }
        LOG.info("done at step {}: report {}, sample grids in {} (latest.png, real.png), checkpoints in {}",
                state.step(), out.path("index.html"), out.path("samples"), out.path("checkpoints"));
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms);
    }

    private static Dataset<Row> generated(SparkSession spark, JobSettings s) {
        LOG.info("generating {} faces in memory (seed {})", s.generatedImages(), s.seed());
        PackedImages faces = PackedImages.generatedFaces(s.generatedImages(), s.seed());
        List<Row> rows = new ArrayList<>(faces.count());
        for (int i = 0; i < faces.count(); i++) {
            rows.add(RowFactory.create(String.format("%06d.jpg", i + 1), faces.get(i)));
        }
        return spark.createDataFrame(rows, ImageSource.SCHEMA);
    }

    private static INDArray realGrid(Dataset<Row> images) {
        List<Row> first = images.select("pixels").limit(64).collectAsList();
        List<byte[]> bytes = new ArrayList<>();
        for (Row r : first) {
            bytes.add((byte[]) r.get(0));
        }
        PackedImages p = new PackedImages(bytes);
        float[] v = new float[p.count() * PackedImages.IMAGE_BYTES];
        for (int i = 0; i < p.count(); i++) {
            p.copyScaled(i, v, i * PackedImages.IMAGE_BYTES);
        }
        return Nd4j.create(v, new long[]{p.count(), 3, 64, 64}, 'c');
    }

    private static void writeGrid(OutputRoot out, INDArray images, String file) throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        int n = (int) Math.min(64, images.size(0));
        int cols = Math.min(8, n);
        SampleGrid.write(images, n / cols, cols, png);
        out.write(file, png.toByteArray());
    }

    /** The fixed noise of the run's sample grids: made once from the seed, stored with the run, reused on resume. */
    private static INDArray fixedNoise(OutputRoot out, JobSettings s) throws IOException {
        String file = "samples/fixed_noise.bin";
        long[] shape = {64, s.model().zDim(), 1, 1};
        if (out.exists(file) && out.length(file) == 64L * s.model().zDim() * 4) {
            java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(out.read(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            float[] v = new float[f.remaining()];
            f.get(v);
            return Nd4j.create(v, shape, 'c');
        }
        INDArray z = Nd4j.create(DataType.FLOAT, shape);
        new GaussianNoise(s.seed() + 2).fill(z);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * (int) z.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(z.data().asFloat());
        out.write(file, b.array());
        return z;
    }

    /** SHA-256 of the job's own settings (spark.* excluded), stored in checkpoints. */
    private static String configHash(com.typesafe.config.Config c) {
        StringBuilder sb = new StringBuilder();
        for (String section : List.of("data", "model", "train", "checkpoint", "samples", "log", "output")) {
            if (c.hasPath(section)) {
                sb.append(section).append('=').append(c.getValue(section).render(
                        com.typesafe.config.ConfigRenderOptions.concise())).append('\n');
            }
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
