package org.celebadcgan.cli;

import org.celebadcgan.io.Uris;
import org.apache.hadoop.conf.Configuration;
import org.celebadcgan.checkpoint.CheckpointStore;
import org.celebadcgan.io.OutputRoot;
import org.celebadcgan.io.SampleGrid;
import org.celebadcgan.model.Sampler;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code generate}: samples a grid of faces from a checkpoint's generator. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Samples a PNG grid from a checkpoint (a run's output root: its LATEST, or one step-N folder).")
final class GenerateCommand implements Runnable {

    @Option(names = "--checkpoint", required = true,
            description = "a run's output root, or its checkpoints/step-NNNNNNNN folder (URI)")
    String checkpoint;
    @Option(names = "--output", required = true, description = "the PNG to write (local path)")
    Path output;
    @Option(names = "--count", defaultValue = "64", description = "images, laid out 8 per row (default 64)")
    int count;
    @Option(names = "--seed", defaultValue = "1", description = "noise seed (default 1)")
    long seed;

    @Override
    public void run() {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        String uri = checkpoint.replaceAll("/+$", "");
        String step = null;
        int i = uri.lastIndexOf("/checkpoints/step-");
        if (i >= 0) { // a specific checkpoint folder: its run root is two levels up
            step = uri.substring(i + "/checkpoints/".length());
            uri = uri.substring(0, i);
        }
        try {
            OutputRoot root = new OutputRoot(Uris.parse(uri, "--checkpoint"), new Configuration());
            CheckpointStore store = CheckpointStore.reader(root);
            CheckpointStore.Loaded loaded = step != null ? store.load(step)
                    : store.latest().orElseThrow(() -> new IllegalArgumentException(
                    "--checkpoint " + checkpoint + " holds no complete checkpoint"));
            Sampler sampler = Sampler.of(loaded.model(), loaded.state().g());
            INDArray images = sampler.images(sampler.latents(count, seed, 0));
            int cols = Math.min(8, count);
            if (output.toAbsolutePath().getParent() != null) {
                Files.createDirectories(output.toAbsolutePath().getParent());
            }
            try (OutputStream out = Files.newOutputStream(output)) {
                SampleGrid.write(images, count / cols, cols, out);
            }
            System.out.printf("wrote %d samples from %s (step %d) to %s%n", count / cols * cols, loaded.name(),
                    loaded.state().step(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("--checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }
}
