package org.celebadcgan.cli;

import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.runtime.OutOfMemoryExit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The job's single entry point: {@code submit/local.sh SUBCOMMAND} and spark-submit both start here. */
@Command(name = "celeba-dcgan", mixinStandardHelpOptions = true,
        description = "Trains a DCGAN on CelebA with Deeplearning4j on Spark.",
        subcommands = {TrainCommand.class, PrepareCommand.class, SynthCommand.class, GenerateCommand.class,
                InterpolateCommand.class, EvaluateCommand.class, ArithmeticCommand.class,
                ValidateConfigCommand.class,
                ModelCommand.class, BenchStepCommand.class, BenchDecodeCommand.class,
                BenchTrainCommand.class, BenchSwdCommand.class, BenchSyncCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the job failed", "2:bad usage or configuration"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * In client mode the exit code is the process's. A cluster-mode driver (YARN's ApplicationMaster, a standalone
     * or K8s driver) runs main in a JVM it owns: System.exit there is "shutdown before final status" (YARN marks
     * the run FAILED and runs it again), so it returns on success and fails by exception.
     */
    public static void main(String[] args) {
        OutOfMemoryExit.install(); // an out-of-memory thread fails the job instead of leaving it waiting forever
        int code = run(args);
        if (!clusterDriver()) {
            System.exit(code);
        }
        if (code != 0) {
            throw new JobFailed(code);
        }
    }

    /** True when this JVM is a driver that spark-submit started in cluster mode. */
    static boolean clusterDriver() {
        return "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    /** A cluster-mode run that ended with exit code 1 or 2 (the reason is already on stderr). */
    static final class JobFailed extends RuntimeException {
        final int code;

        JobFailed(int code) {
            super("celeba-dcgan exited with code " + code + (code == 2 ? " (bad usage or configuration)"
                    : " (the job failed)") + "; the reason is in the driver's stderr above");
            this.code = code;
        }
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
