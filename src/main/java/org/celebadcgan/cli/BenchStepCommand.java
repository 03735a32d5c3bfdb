package org.celebadcgan.cli;

import org.celebadcgan.bench.StepBenchmark;
import org.celebadcgan.runtime.DeviceCheck;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.spark.GpuBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench-step}: times full GAN steps in one process; the last line is a JSON object. */
@Command(name = "bench-step", mixinStandardHelpOptions = true,
        description = "Times full GAN steps (D step + G step) in one process; prints a JSON summary last.")
final class BenchStepCommand implements Runnable {

    @Option(names = "--arch", defaultValue = "seed", description = "seed or paper (default: ${DEFAULT-VALUE})")
    String arch;
    @Option(names = "--batch", defaultValue = "32", description = "images per step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--warmup", defaultValue = "2", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--steps", defaultValue = "5", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--g-width", description = "generator width (default: the architecture's)")
    Integer gWidth;
    @Option(names = "--d-width", description = "discriminator width (default: the architecture's)")
    Integer dWidth;
    @Option(names = "--device", defaultValue = "auto",
            description = "auto, cpu or gpu, as train.device; gpu fails naming what is missing (default: ${DEFAULT-VALUE})")
    String device;

    @Override
    public void run() {
        if (batch < 1 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--batch and --steps must be at least 1, --warmup at least 0");
        }
        DeviceCheck.Decision d = GpuBinding.prepareWorker(DeviceMode.parse(device, "--device"));
        System.out.println("device: " + (d.cpu() ? "CPU (" + d.why() + ")" : d.why()));
        StepBenchmark.run(ModelOptions.spec(arch, 100, gWidth, dWidth), batch, warmup, steps, System.out);
    }
}
