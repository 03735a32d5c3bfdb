package org.celebadcgan.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.celebadcgan.runtime.DeviceCheck;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.runtime.GpuFacts;
import org.celebadcgan.runtime.GpuProbe;
import org.celebadcgan.runtime.NativeBuild;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Puts a worker on its device before its first ND4J use: decides CPU or GPU ({@link DeviceCheck}, from
 * {@code train.device} and the GPU Spark gave the task), binds ND4J to that GPU, and checks that ND4J loaded the
 * backend decided on, so a worker never trains silently on the wrong device.
 */
public final class GpuBinding {

    private static GpuFacts facts;

    private GpuBinding() {
    }

    /** The device to use for a task's resources: the first "gpu" address, if any. */
    public static OptionalInt deviceFor(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources == null ? null : resources.get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            return OptionalInt.empty();
        }
        String address = gpu.addresses()[0].trim();
        try {
            return OptionalInt.of(Integer.parseInt(address));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("GPU address '" + address + "' from Spark is not a device number");
        }
    }

    /** True when ND4J runs on the CUDA backend. */
    public static boolean cudaBackend() {
        return NativeBuild.cudaBackend();
    }

    /** The device this thread's ND4J ops run on, in words ("cpu" or "cuda:N"). */
    static String describeDevice() {
        return cudaBackend() ? "cuda:" + Nd4j.getAffinityManager().getDeviceForCurrentThread() : "cpu";
    }

    /**
     * Decides this task's device, loads the native build and binds the GPU; throws with the check's message when
     * the worker cannot run where {@code mode} says.
     */
    public static DeviceCheck.Decision prepareWorker(DeviceMode mode) {
        TaskContext tc = TaskContext.get();
        OptionalInt taskGpu = tc == null ? OptionalInt.empty()
                : deviceFor(scala.collection.JavaConverters.mapAsJavaMap(tc.resources()));
        DeviceCheck.Decision d = DeviceCheck.decide(mode, taskGpu, GpuBinding::facts);
        NativeBuild.select(); // picks the CPU build's binaries; the CUDA backend ignores it
        boolean cuda = cudaBackend();
        if (d.cpu() && cuda) {
            throw new IllegalStateException("train.device resolved to CPU (" + d.why() + ") but ND4J loaded its CUDA"
                    + " backend; set BACKEND_PRIORITY_CPU=200 in the worker's environment (SparkSessions does so"
                    + " for executors when train.device=cpu)");
        }
        if (!d.cpu() && !cuda) {
            throw new IllegalStateException("train.device=" + mode.id() + ": the checks passed for " + d.why()
                    + " but ND4J loaded its CPU backend; see this executor's log for 'Skipped [JCublasBackend]'");
        }
        if (!d.cpu()) {
            Nd4j.getAffinityManager().unsafeSetDevice(d.gpu().getAsInt());
        }
        return d;
    }

    /** Probed once per JVM: nvidia-smi and library lookups do not change while it runs. */
    private static synchronized GpuFacts facts() {
        if (facts == null) {
            facts = GpuProbe.probe();
        }
        return facts;
    }
}
