package org.celebadcgan.runtime;

import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Decides where a worker trains before ND4J loads, and refuses what cannot work with one message naming the host,
 * the GPU, its compute capability and what is missing: never a silent CPU fallback, never a native crash.
 * <p>
 * ND4J 1.0.0-M2.1's {@code libnd4jcuda.so} (CUDA 11.6) carries machine code for compute capability 3.7 to 8.6 and
 * no PTX: it runs on 3.7 to 8.9 (T4, V100, A100, A30, A10G, L4, L40S) and not on 9.0 or later (H100, H200, B200),
 * and needs the CUDA 11 user-space libraries and a driver of at least 450.80.02.
 */
public final class DeviceCheck {

    /** The CUDA 11 libraries libnd4jcuda links and does not ship. */
    public static final java.util.List<String> CUDA_LIBS =
            java.util.List.of("libcudart.so.11.0", "libcublas.so.11", "libcublasLt.so.11", "libcusolver.so.11");
    /** What the cuDNN build links in addition. */
    public static final String CUDNN_LIB = "libcudnn.so.8";
    /** The supported cards, for messages and README. */
    public static final String SUPPORTED = "compute capability 3.7 to 8.9 (T4, V100, A100, A30, A10G, A40, L4, L40S;"
            + " not H100, H200, GH200, B200)";
    private static final String WAYS = "install CUDA 11.x on the nodes, use the CUDA 11.8 image (Dockerfile), or build"
            + " with -Pcuda,cuda-redist to bundle JavaCPP's CUDA 11.6 libraries";
    private static final int[] MIN_DRIVER = {450, 80, 2};

    private DeviceCheck() {
    }

    /**
     * Where a worker runs.
     *
     * @param gpu the device number when on a GPU, empty for the CPU
     * @param why a person's words for the log
     */
    public record Decision(OptionalInt gpu, String why) {

        /** True for the CPU. */
        public boolean cpu() {
            return gpu.isEmpty();
        }
    }

    /**
     * The decision for one worker.
     *
     * @param mode    {@code train.device}
     * @param taskGpu the GPU Spark assigned the task ({@code spark.task.resource.gpu.amount}), if any
     * @param probe   the node's facts ({@link GpuProbe#probe}), asked only when a GPU is in question
     * @throws IllegalStateException when the worker must use a GPU and cannot; the message says why
     */
    public static Decision decide(DeviceMode mode, OptionalInt taskGpu, Supplier<GpuFacts> probe) {
        if (mode == DeviceMode.CPU) {
            return new Decision(OptionalInt.empty(), "train.device=cpu");
        }
        if (mode == DeviceMode.AUTO && taskGpu.isEmpty()) {
            return new Decision(OptionalInt.empty(), "train.device=auto and Spark gave the task no GPU");
        }
        GpuFacts facts = probe.get();
        if (mode == DeviceMode.AUTO && !facts.cudaBuild()) {
            return new Decision(OptionalInt.empty(), "train.device=auto and this is the CPU build (GPU "
                    + taskGpu.getAsInt() + " left unused)");
        }
        String where = "train.device=" + mode.id() + " on host " + facts.host() + ": ";
        if (!facts.cudaBuild()) {
            throw new IllegalStateException(where + "this is the CPU build (no ND4J CUDA backend on the classpath);"
                    + " build with mvn -Pcuda and run it with DCGAN_BUILD=cuda");
        }
        int index;
        if (taskGpu.isPresent()) {
            index = taskGpu.getAsInt();
        } else if (!facts.gpus().isEmpty()) {
            index = facts.gpus().get(0).index(); // local mode: no resource scheduling, the node's first GPU
        } else {
            throw new IllegalStateException(where + "no NVIDIA GPU found"
                    + (facts.probeNote() == null ? "" : " (" + facts.probeNote() + ")")
                    + "; on a cluster set spark.task.resource.gpu.amount=1 (conf/cluster-gpu.conf)");
        }
        GpuFacts.Gpu gpu = facts.gpu(index).orElseThrow(() -> new IllegalStateException(where + "Spark gave the task"
                + " GPU " + index + " but the node lists " + (facts.gpus().isEmpty() ? "none"
                : facts.gpus().stream().map(g -> String.valueOf(g.index())).toList())
                + (facts.probeNote() == null ? "" : " (" + facts.probeNote() + ")")));
        String named = where + "GPU " + index + " (" + gpu.name() + ", compute capability " + gpu.capability() + ")";
        int cap = gpu.capabilityMajor() * 10 + gpu.capabilityMinor();
        if (cap < 37 || cap >= 90) {
            throw new IllegalStateException(named + " is not supported by ND4J 1.0.0-M2.1's CUDA 11.6 build, which"
                    + " runs on " + SUPPORTED);
        }
        if (facts.driver().isPresent() && older(facts.driver().get(), MIN_DRIVER)) {
            throw new IllegalStateException(named + ": NVIDIA driver " + facts.driver().get() + " is older than"
                    + " 450.80.02, the minimum for CUDA 11");
        }
        if (!facts.missingLibs().isEmpty()) {
            throw new IllegalStateException(named + ": missing CUDA libraries " + String.join(", ",
                    facts.missingLibs()) + "; " + WAYS);
        }
        return new Decision(OptionalInt.of(index), "GPU " + index + " (" + gpu.name() + ", compute capability "
                + gpu.capability() + ", driver " + facts.driver().orElse("?") + ")");
    }

    /** Whether a dotted version is older than {@code min}; unparseable parts count as 0. */
    static boolean older(String version, int[] min) {
        String[] parts = version.trim().split("\\.");
        for (int i = 0; i < min.length; i++) {
            int v = 0;
            if (i < parts.length) {
                try {
                    v = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    v = 0;
                }
            }
            if (v != min[i]) {
                return v < min[i];
            }
        }
        return false;
    }
}
