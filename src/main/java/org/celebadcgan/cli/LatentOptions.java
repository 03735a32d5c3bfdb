package org.celebadcgan.cli;

import picocli.CommandLine.Option;

/** The --seed and --truncation options of the commands that draw latents. */
final class LatentOptions {

    @Option(names = "--seed", defaultValue = "1", description = "latent seed: the same seed, the same faces (default 1)")
    long seed;

    @Option(names = "--truncation", paramLabel = "T",
            description = "redraw latent values beyond +-T (the truncation trick: more typical faces); T > 0")
    Double truncation;

    /** The truncation to pass to the sampler: 0 when not given. Throws naming --truncation unless T > 0. */
    double truncation() {
        if (truncation == null) {
            return 0;
        }
        if (!(truncation > 0) || truncation.isInfinite()) {
            throw new IllegalArgumentException("--truncation must be a positive number, got " + truncation);
        }
        return truncation;
    }
}
