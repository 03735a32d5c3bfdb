package org.celebadcgan.bench;

import org.celebadcgan.model.GanPair;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.runtime.NativeBuild;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.GanStep;
import org.celebadcgan.rng.GaussianNoise;
import org.celebadcgan.train.StepResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times full GAN steps (D step + G step) in this process on random images in [-1, 1]; the same measurement
 * scripts/torch_step_bench.py makes for PyTorch, so bench/gan-step.sh can print the two side by side.
 */
public final class StepBenchmark {

    private StepBenchmark() {
    }

    /** Runs {@code warmup} untimed and {@code steps} timed steps; prints a line per step and a JSON summary last. */
    public static void run(ModelSpec spec, int batch, int warmup, int steps, PrintStream out) {
        GanPair pair = GanPair.create(spec, 42);
        GanStep step = new GanStep(pair, AdamSettings.dcgan(), new GaussianNoise(7));
        INDArray real = Nd4j.rand(DataType.FLOAT, batch, ModelSpec.CHANNELS, ModelSpec.IMAGE_SIZE, ModelSpec.IMAGE_SIZE)
                .muli(2).subi(1);
        out.printf(Locale.ROOT, "bench-step: %s G/D widths %d/%d, batch %d, %s, %d threads%n", spec.arch().id(),
                spec.gWidth(), spec.dWidth(), batch, NativeBuild.describe(),
                Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < warmup; i++) {
            long t0 = System.nanoTime();
            step.step(real);
            StepResult r = step.takeFigures(); // the read waits for the device: the time covers the work
            out.printf(Locale.ROOT, "warmup %d: %.0f ms (loss D %.4f, G %.4f)%n", i + 1,
                    (System.nanoTime() - t0) / 1e6, r.lossD(), r.lossG());
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.step(real);
            StepResult r = step.takeFigures();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            out.printf(Locale.ROOT, "step %d: %.0f ms (loss D %.4f, G %.4f)%n", i + 1, ms[i], r.lossD(), r.lossG());
        }
        long ops = OpCounter.count(() -> step.step(real)); // the step alone: its figures are read once per round
        step.takeFigures();
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "?");
        boolean cudnn = "CUDA".equalsIgnoreCase(backend) && NativeBuild.select().contains("cudnn");
        out.printf(Locale.ROOT, "ops per step: %d native op executions (backend %s, cuDNN %s)%n", ops, backend,
                cudnn ? "in use" : "not in use");
        out.println(step.workspaceSummary() + "; JVM heap used MiB "
                + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() >> 20)
                + "; RSS now MiB " + PeakMemory.currentRssMb());
        double total = Arrays.stream(ms).sum();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double msPerStep = total / steps;
        out.printf(Locale.ROOT,
                "{\"impl\":\"dl4j\",\"arch\":\"%s\",\"batch\":%d,\"steps\":%d,\"img_s\":%.2f,\"ms_per_step\":%.1f,"
                        + "\"median_ms\":%.1f,\"peak_rss_mb\":%d,\"native_build\":\"%s\",\"ops_per_step\":%d,"
                        + "\"backend\":\"%s\",\"cudnn\":%b}%n",
                spec.arch().id(), batch, steps, batch * 1000.0 / msPerStep, msPerStep, median,
                PeakMemory.peakRssMb(), NativeBuild.select(), ops, backend, cudnn);
    }
}
