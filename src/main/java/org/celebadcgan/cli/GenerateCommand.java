package org.celebadcgan.cli;

import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.config.HadoopConf;
import org.celebadcgan.model.Sampler;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code generate}: samples faces from a checkpoint's generator, as one grid or one PNG per face. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Samples faces from a checkpoint (a run's output root: its newest, or one step-N folder) as a "
                + "PNG grid or as separate 64x64 PNGs. Reads the run, never writes to it.")
final class GenerateCommand implements Runnable {

    /** What --output receives. */
    enum Format { grid, png }

    @Mixin
    CheckpointOption checkpoint;
    @Option(names = "--output", required = true, paramLabel = "PATH",
            description = "grid: the PNG file; png: a new or empty folder (a local path or any Hadoop URI)")
    String output;
    @Option(names = "--count", defaultValue = "64", description = "images; a grid shows them 8 per row (default 64)")
    int count;
    @Option(names = "--format", defaultValue = "grid",
            description = "grid: one PNG of the images; png: sample-0000.png ... one per image (default grid)")
    Format format;
    @Mixin
    LatentOptions latents;
    @Mixin
    ConfigOptions config;

    @Override
    public void run() {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        double truncation = latents.truncation();
        Configuration hadoop = HadoopConf.from(config.config());
        ImageOutput out = new ImageOutput(output, hadoop);
        out.requireOutside(checkpoint.runRoot());
        try {
            if (format == Format.png) {
                out.requireEmptyFolder(); // before any work
            }
            CheckpointStore.Loaded loaded = checkpoint.load(hadoop);
            Sampler sampler = Sampler.of(loaded.model(), loaded.state().g());
            // Drawn the same way whatever the format: the png files are the grid's images.
            INDArray images = sampler.images(sampler.latents(count, latents.seed, truncation));
            String from = String.format("from %s (step %d)", loaded.name(), loaded.state().step());
            if (format == Format.png) {
                String last = out.writeEach(images);
                System.out.printf("wrote %d samples %s to %s (sample-0000.png .. %s)%n", count, from, out.uri(), last);
            } else {
                int cols = Math.min(8, count);
                out.writeGrid(images, count / cols, cols);
                System.out.printf("wrote %d samples %s to %s%n", count / cols * cols, from, out.uri());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--output " + output + ": " + e.getMessage(), e);
        }
    }
}
