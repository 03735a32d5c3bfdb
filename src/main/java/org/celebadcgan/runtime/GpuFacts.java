package org.celebadcgan.runtime;

import java.util.List;
import java.util.Optional;

/**
 * What a node offers a CUDA worker, gathered without touching ND4J (so a check can run before the backend loads).
 *
 * @param host        the node's name, for messages
 * @param cudaBuild   whether ND4J's CUDA backend is on the classpath (the {@code cuda} build)
 * @param cudnnBuild  whether that backend is libnd4j's cuDNN build (then cuDNN 8 is needed too)
 * @param gpus        the GPUs nvidia-smi lists (empty when none or when nvidia-smi is absent)
 * @param driver      the NVIDIA driver version, when known
 * @param missingLibs the CUDA user-space libraries the backend links that no library path or jar provides
 * @param probeNote   why the GPU list may be incomplete (e.g. "nvidia-smi not found"), or null
 */
public record GpuFacts(String host, boolean cudaBuild, boolean cudnnBuild, List<Gpu> gpus, Optional<String> driver,
                       List<String> missingLibs, String probeNote) {

    /**
     * One GPU as nvidia-smi reports it.
     *
     * @param index             the device number (Spark's GPU address)
     * @param name              the product name
     * @param capabilityMajor   compute capability, major
     * @param capabilityMinor   compute capability, minor
     */
    public record Gpu(int index, String name, int capabilityMajor, int capabilityMinor) {

        /** "8.6". */
        public String capability() {
            return capabilityMajor + "." + capabilityMinor;
        }
    }

    /** The GPU with {@code index}, if listed. */
    public Optional<Gpu> gpu(int index) {
        return gpus.stream().filter(g -> g.index() == index).findFirst();
    }
}
