package org.celebadcgan.cli;

import org.celebadcgan.io.Uris;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.celebadcgan.data.CelebALayout;
import org.celebadcgan.data.ImageSource;
import org.celebadcgan.data.PreparedSet;
import org.celebadcgan.runtime.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** {@code prepare}: decodes and preprocesses CelebA once, on the executors, into Parquet with a manifest. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Decodes and preprocesses CelebA to Parquet (3x64x64 bytes per image) with manifest.json.")
final class PrepareCommand implements Runnable {

    @Option(names = "--input", required = true, description = "CelebA root, its image folder, or its zip (URI)")
    String input;
    @Option(names = "--output", required = true, description = "an empty or new folder (URI)")
    String output;
    @Option(names = "--split", defaultValue = "train", description = "train, valid, test or all (default train)")
    String split;

    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        var config = options.config();
        double maxBad = config.getDouble("data.maxBadFraction");
        CelebALayout.Split s = CelebALayout.Split.parse(split);
        URI in = Uris.parse(input, "--input");
        URI out = Uris.parse(output, "--output");
        SparkSession spark = SparkSessions.create(config, "celeba-dcgan prepare");
        try {
            long t0 = System.nanoTime();
            FileSystem fs = FileSystem.get(out, spark.sparkContext().hadoopConfiguration());
            Path root = new Path(out);
            if (fs.exists(root) && fs.listStatus(root).length > 0) { // before decoding anything
                throw new IllegalArgumentException("--output " + out + " is not empty; choose a new folder");
            }
            ImageSource.Loaded loaded = ImageSource.load(spark, in, s, maxBad);
            if (loaded.summary() == null) {
                throw new IllegalArgumentException("--input " + in + " is already a prepared set");
            }
            PreparedSet.write(loaded.images(), loaded.summary(), loaded.listed(), root, in.toString(),
                    s.name().toLowerCase(), fs);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("prepared %d of %d listed images (skipped %d: %s) into %s in %.1f s (%.0f img/s)%n",
                    loaded.summary().ok(), loaded.listed(), loaded.summary().skippedTotal(),
                    loaded.summary().skippedByReason(), out,
                    secs, loaded.summary().ok() / secs);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            spark.stop();
        }
    }
}
