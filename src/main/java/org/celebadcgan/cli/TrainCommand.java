package org.celebadcgan.cli;

import org.celebadcgan.config.JobSettings;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.data.BatchMaker;
import org.celebadcgan.data.ImageSource;
import org.celebadcgan.runtime.SparkSessions;
import org.celebadcgan.data.PackedImages;
import org.celebadcgan.io.SampleGrid;
import org.celebadcgan.model.GanPair;
import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.train.GaussianNoise;
import org.celebadcgan.train.SingleProcessTrainer;
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

/** {@code train}: trains the DCGAN (single process on generated faces until the Spark trainer lands). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the DCGAN and writes sample grids under output.root.")
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
        PackedImages images = s.dataInput().isEmpty() ? generated(s) : load(config, s);
        if (images.count() < s.batchSize()) {
            throw new IllegalArgumentException("train.batchSize (" + s.batchSize() + ") is larger than the "
                    + images.count() + " images of " + s.dataInput());
        }
        BatchMaker batches = new BatchMaker(images, s.batchSize(), s.seed() + 1);
        GanPair pair = GanPair.create(s.model(), s.seed());
        LOG.info("model: {} G/D widths {}/{}, batch {}, {} steps ({} batches per epoch)", s.model().arch().id(),
                s.model().gWidth(), s.model().dWidth(), s.batchSize(), s.steps(), batches.batchesPerEpoch());

        // Fixed noise, made once, so successive grids show the same 64 faces evolving.
        INDArray fixedNoise = Nd4j.create(DataType.FLOAT, 64, s.model().zDim(), 1, 1);
        new GaussianNoise(s.seed() + 2).fill(fixedNoise);
        writeGrid(new BatchMaker(images, Math.min(64, images.count()), s.seed() + 3).next(),
                samples.resolve("real.png"));

        SingleProcessTrainer trainer = new SingleProcessTrainer(pair, s.adam(), new GaussianNoise(s.seed() + 4),
                batches, s.logEvery(), LOG::info);
        trainer.train(s.steps(), (step, r) -> {
            if (step % s.samplesEvery() == 0 || step == s.steps()) {
                Path grid = samples.resolve(String.format("step-%08d.png", step));
                writeGrid(pair.generator().output(fixedNoise, true), grid);
                copy(grid, samples.resolve("latest.png"));
            }
        });
        LOG.info("done: sample grids in {} (latest.png, real.png for comparison)", samples.toAbsolutePath());
    }

    private static PackedImages generated(JobSettings s) {
        LOG.info("generating {} faces in memory (seed {})", s.generatedImages(), s.seed());
        return PackedImages.generatedFaces(s.generatedImages(), s.seed());
    }

    /** Until the Spark trainer lands: decode (or read) on Spark, then train in this process. */
    private static PackedImages load(com.typesafe.config.Config config, JobSettings s) {
        SparkSession spark = SparkSessions.create(config, "celeba-dcgan train");
        try {
            ImageSource.Loaded loaded = ImageSource.load(spark, Uris.parse(s.dataInput(), "data.input"), s.split(),
                    s.maxBadFraction());
            return ImageSource.collect(loaded.images());
        } catch (IOException e) {
            throw new UncheckedIOException("data.input " + s.dataInput() + ": " + e.getMessage(), e);
        } finally {
            spark.stop();
        }
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

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to, e);
        }
    }
}
