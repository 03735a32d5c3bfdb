package org.celebadcgan.cli;

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
import org.celebadcgan.io.SampleGrid;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.runtime.SparkSessions;
import org.celebadcgan.spark.SparkTrainer;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.train.GaussianNoise;
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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code train}: reads (or generates) the images, cuts them into one shard per worker, and trains the DCGAN pair
 * synchronously on Spark, writing sample grids under output.root.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the DCGAN on Spark (train.workers workers) and writes sample grids under output.root.")
final class TrainCommand implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--fresh", description = "start from scratch even if output.root holds an earlier run")
    boolean fresh;

    @Override
    public void run() {
        var config = options.config();
        JobSettings s = JobSettings.from(config);
        Path root = Path.of(s.outputRoot());
        Path samples = root.resolve("samples");
        if (Files.exists(samples.resolve("latest.png")) && !fresh) {
            throw new IllegalArgumentException("output.root " + root + " already holds a run; pass --fresh to "
                    + "start over (resuming arrives with checkpoints)");
        }
        LOG.info("native build: {}", NativeBuild.describe());
        SparkSession spark = SparkSessions.create(config, "celeba-dcgan train");
        try {
            train(spark, s, samples);
        } catch (IOException e) {
            throw new UncheckedIOException("data.input " + s.dataInput() + ": " + e.getMessage(), e);
        } finally {
            spark.stop();
        }
    }

    private static void train(SparkSession spark, JobSettings s, Path samples) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> images = s.dataInput().isEmpty() ? generated(spark, s)
                : ImageSource.load(spark, Uris.parse(s.dataInput(), "data.input"), s.split(), s.maxBadFraction())
                .images();
        JavaRDD<byte[]> shards = Shards.of(images, s.workers(), s.seed());
        long perShard = shards.count() / s.workers();
        int workerBatch = s.batchSize() / s.workers();
        if (perShard < workerBatch) {
            throw new IllegalArgumentException("train.batchSize / train.workers = " + workerBatch
                    + " images per worker step, but each shard has only " + perShard);
        }
        writeGrid(realGrid(images), samples.resolve("real.png"));

        GanPair viewer = GanPair.create(s.model(), s.seed()); // the driver's copy: initial state and sample grids
        GanStep driverStep = new GanStep(viewer, s.adam(), z -> {
            throw new IllegalStateException("the driver does not train");
        });
        TrainingState state = driverStep.exportState(0);
        INDArray fixedNoise = Nd4j.create(DataType.FLOAT, 64, s.model().zDim(), 1, 1);
        new GaussianNoise(s.seed() + 2).fill(fixedNoise); // made once: successive grids show the same 64 faces

        int k = s.syncEvery();
        long rounds = (s.steps() + k - 1) / k;
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
            if (step % s.logEvery() < k || r == rounds - 1) {
                LOG.info("{} | round {}: compute {} ms slowest / {} ms median, sync {} ms", progress.line(step,
                                step * s.batchSize() / Math.max(1, perShard * s.workers()) + 1), state.round(),
                        fmt(round.result().maxComputeMs()), fmt(round.result().medianComputeMs()),
                        fmt(round.syncMs()));
            }
            if (step % s.samplesEvery() < k || r == rounds - 1) {
                driverStep.importState(state);
                Path grid = samples.resolve(String.format("step-%08d.png", step));
                writeGrid(viewer.generator().output(fixedNoise, true), grid);
                Files.copy(grid, samples.resolve("latest.png"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        LOG.info("done: sample grids in {} (latest.png, real.png for comparison)", samples.toAbsolutePath());
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

    private static void writeGrid(INDArray images, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                int n = (int) Math.min(64, images.size(0));
                int cols = Math.min(8, n);
                SampleGrid.write(images, n / cols, cols, out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
