package org.celebadcgan.cli;

import org.celebadcgan.io.Uris;
import org.celebadcgan.config.HadoopConf;
import org.celebadcgan.data.SynthWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;

/** {@code synth}: writes generated CelebA-like data in the CelebA layout to any Hadoop file system. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Writes N generated 178x218 face JPEGs in CelebA's layout, with partition and attribute files.")
final class SynthCommand implements Runnable {

    @Option(names = "--output", required = true, description = "root URI (file:, hdfs://, s3a://, or a path)")
    String output;
    @Option(names = "--count", required = true, description = "number of images")
    int count;
    @Option(names = "--seed", defaultValue = "1", description = "the same seed writes the same files (default 1)")
    long seed;
    @Option(names = "--zip", description = "write img_align_celeba.zip instead of the img_align_celeba/ folder")
    boolean zip;
    @Mixin
    ConfigOptions config;

    @Override
    public void run() {
        URI root = Uris.parse(output, "--output");
        try {
            long t0 = System.nanoTime();
            SynthWriter.write(root, count, seed, zip, HadoopConf.from(config.config()));
            System.out.printf("wrote %d images (%s) with %s and %s under %s in %.1f s%n", count,
                    zip ? "img_align_celeba.zip" : "img_align_celeba/", "list_eval_partition.txt",
                    "list_attr_celeba.txt", root, (System.nanoTime() - t0) / 1e9);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + root + ": " + e.getMessage(), e);
        }
    }
}
