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

/** {@code interpolate}: walks latent space between seeded latents by slerp, one row per pair, as one PNG grid. */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Draws R rows of S faces: row r walks by spherical interpolation from latent r of --seed to "
                + "latent r of --seed + 1 (the faces generate --count R draws with those seeds). Reads the run, "
                + "never writes to it.")
final class InterpolateCommand implements Runnable {

    @Mixin
    CheckpointOption checkpoint;
    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "the PNG grid (a local path or any Hadoop URI)")
    String output;
    @Option(names = "--rows", defaultValue = "8", paramLabel = "R", description = "pairs of latents (default 8)")
    int rows;
    @Option(names = "--steps", defaultValue = "10", paramLabel = "S",
            description = "images per row, both ends included (default 10)")
    int steps;
    @Mixin
    LatentOptions latents;
    @Mixin
    ConfigOptions config;

    @Override
    public void run() {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2 (the two ends), got " + steps);
        }
        double truncation = latents.truncation();
        Configuration hadoop = HadoopConf.from(config.config());
        ImageOutput out = new ImageOutput(output, hadoop);
        out.requireOutside(checkpoint.runRoot());
        try {
            CheckpointStore.Loaded loaded = checkpoint.load(hadoop);
            Sampler sampler = Sampler.of(loaded.model(), loaded.state().g());
            INDArray from = sampler.latents(rows, latents.seed, truncation);
            INDArray to = sampler.latents(rows, latents.seed + 1, truncation);
            out.writeGrid(sampler.interpolation(from, to, steps), rows, steps);
            System.out.printf("wrote %d x %d interpolation from %s (step %d) to %s%n", rows, steps, loaded.name(),
                    loaded.state().step(), out.uri());
        } catch (IOException e) {
            throw new UncheckedIOException("--output " + output + ": " + e.getMessage(), e);
        }
    }
}
