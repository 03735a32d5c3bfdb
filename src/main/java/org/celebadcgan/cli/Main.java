package org.celebadcgan.cli;

import org.celebadcgan.runtime.NativeBuild;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The job's single entry point: {@code submit/local.sh SUBCOMMAND} and spark-submit both start here. */
@Command(name = "celeba-dcgan", mixinStandardHelpOptions = true,
        description = "Trains a DCGAN on CelebA with Deeplearning4j on Spark.",
        subcommands = {TrainCommand.class, PrepareCommand.class, SynthCommand.class, GenerateCommand.class,
                ValidateConfigCommand.class, ArithmeticCommand.class,
                ModelCommand.class, BenchStepCommand.class, BenchDecodeCommand.class,
                BenchTrainCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the job failed", "2:bad usage or configuration"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 job failed, 2 usage or config). */
    public static int run(String... args) {
        NativeBuild.select(); // before any ND4J class loads
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof com.typesafe.config.ConfigException) {
                // Bad usage, config or input: one plain sentence naming the key, file or URI.
                line.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            line.getErr().println("failed: " + ex.getMessage());
            if (System.getenv("DCGAN_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
