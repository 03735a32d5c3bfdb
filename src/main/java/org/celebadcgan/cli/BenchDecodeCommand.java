package org.celebadcgan.cli;

import org.celebadcgan.bench.DecodeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** {@code bench-decode}: decode + resize + crop img/s on one core over a local folder of JPEGs. */
@Command(name = "bench-decode", mixinStandardHelpOptions = true,
        description = "Times decode + resize + crop on one core over local JPEGs; JSON summary last.")
final class BenchDecodeCommand implements Runnable {

    @Option(names = "--input", required = true, description = "a local folder of .jpg files")
    Path input;
    @Option(names = "--limit", defaultValue = "2000", description = "at most this many files (default 2000)")
    int limit;
    @Option(names = "--rounds", defaultValue = "5", description = "passes over the files; the best counts")
    int rounds;

    @Override
    public void run() {
        try {
            DecodeBenchmark.run(input, limit, rounds, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
