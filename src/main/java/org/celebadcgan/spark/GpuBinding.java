package org.celebadcgan.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Binds ND4J to the GPU Spark gave the task ({@code spark.task.resource.gpu.amount=1}), when the CUDA backend is
 * loaded; a no-op on CPU.
 */
public final class GpuBinding {

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
        return "CUDA".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
    }

    /** The device this thread's ND4J ops run on, in words ("cpu" or "cuda:N"). */
    static String describeDevice() {
        return cudaBackend() ? "cuda:" + Nd4j.getAffinityManager().getDeviceForCurrentThread() : "cpu";
    }

    /** Binds the current thread to the task's GPU before first use (CUDA backend only). */
    static void bindFromTaskContext() {
        TaskContext tc = TaskContext.get();
        if (tc == null || !cudaBackend()) {
            return;
        }
        deviceFor(scala.collection.JavaConverters.mapAsJavaMap(tc.resources()))
                .ifPresent(d -> Nd4j.getAffinityManager().unsafeSetDevice(d));
    }
}
