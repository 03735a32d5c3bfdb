package org.celebadcgan.cli;

import org.celebadcgan.config.JobSettings;
import org.celebadcgan.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code train}: trains the DCGAN on Spark, resuming where output.root holds a run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the DCGAN on Spark (train.workers workers), writing checkpoints, sample grids, "
                + "metrics.jsonl and index.html under output.root; resumes from its newest checkpoint.")
final class TrainCommand implements Runnable {

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
        try {
            new TrainingRun(config, JobSettings.from(config), fresh, Set.copyOf(allowChange)).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
