package org.celebadcgan.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device decision on fake node facts: every refusal names host, GPU, capability and what is missing. */
class DeviceCheckTest {

    private static final GpuFacts.Gpu A100 = new GpuFacts.Gpu(0, "NVIDIA A100-SXM4-40GB", 8, 0);
    private static final GpuFacts.Gpu L4 = new GpuFacts.Gpu(1, "NVIDIA L4", 8, 9);
    private static final GpuFacts.Gpu H100 = new GpuFacts.Gpu(0, "NVIDIA H100 80GB HBM3", 9, 0);
    private static final GpuFacts.Gpu K20 = new GpuFacts.Gpu(0, "Tesla K20Xm", 3, 5);

    private static GpuFacts node(boolean cudaBuild, List<GpuFacts.Gpu> gpus, String driver, List<String> missing) {
        return new GpuFacts("gpu-node-7", cudaBuild, false, gpus, Optional.ofNullable(driver), missing, null);
    }

    private static GpuFacts good() {
        return node(true, List.of(A100, L4), "535.104.05", List.of());
    }

    @Test
    void cpuAndAutoWithoutATaskGpuNeverProbeTheNode() {
        AtomicInteger probes = new AtomicInteger();
        DeviceCheck.Decision cpu = DeviceCheck.decide(DeviceMode.CPU, OptionalInt.of(0),
                () -> { probes.incrementAndGet(); return good(); });
        DeviceCheck.Decision auto = DeviceCheck.decide(DeviceMode.AUTO, OptionalInt.empty(),
                () -> { probes.incrementAndGet(); return good(); });
        assertTrue(cpu.cpu() && auto.cpu());
        assertEquals(0, probes.get());
    }

    @Test
    void autoUsesTheTasksGpuOnASupportedNode() {
        DeviceCheck.Decision d = DeviceCheck.decide(DeviceMode.AUTO, OptionalInt.of(1), DeviceCheckTest::good);
        assertEquals(OptionalInt.of(1), d.gpu());
        assertTrue(d.why().contains("NVIDIA L4") && d.why().contains("8.9"), d.why());
    }

    @Test
    void autoOnTheCpuBuildStaysOnTheCpuButGpuFailsNamingTheBuild() {
        GpuFacts cpuBuild = node(false, List.of(A100), "535.104.05", List.of());
        assertTrue(DeviceCheck.decide(DeviceMode.AUTO, OptionalInt.of(0), () -> cpuBuild).cpu());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceCheck.decide(DeviceMode.GPU, OptionalInt.of(0), () -> cpuBuild));
        assertTrue(e.getMessage().contains("gpu-node-7") && e.getMessage().contains("CPU build")
                && e.getMessage().contains("-Pcuda"), e.getMessage());
    }

    @Test
    void hopperIsRefusedNamingHostGpuAndCapability() {
        GpuFacts hopper = node(true, List.of(H100), "550.54.15", List.of());
        for (DeviceMode mode : new DeviceMode[]{DeviceMode.AUTO, DeviceMode.GPU}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DeviceCheck.decide(mode, OptionalInt.of(0), () -> hopper));
            assertTrue(e.getMessage().contains("gpu-node-7") && e.getMessage().contains("H100")
                    && e.getMessage().contains("compute capability 9.0") && e.getMessage().contains("3.7 to 8.9"),
                    e.getMessage());
        }
        GpuFacts kepler = node(true, List.of(K20), "470.1", List.of());
        assertThrows(IllegalStateException.class, () -> DeviceCheck.decide(DeviceMode.GPU, OptionalInt.empty(),
                () -> kepler));
    }

    @Test
    void missingCudaLibrariesAreListedWithTheWaysToProvideThem() {
        GpuFacts noLibs = node(true, List.of(A100), "535.104.05", List.of("libcudart.so.11.0", "libcublas.so.11"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceCheck.decide(DeviceMode.AUTO, OptionalInt.of(0), () -> noLibs));
        assertTrue(e.getMessage().contains("libcudart.so.11.0, libcublas.so.11")
                && e.getMessage().contains("A100") && e.getMessage().contains("cuda-redist"), e.getMessage());
    }

    @Test
    void anOldDriverIsRefused() {
        GpuFacts old = node(true, List.of(A100), "418.67", List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceCheck.decide(DeviceMode.GPU, OptionalInt.of(0), () -> old));
        assertTrue(e.getMessage().contains("418.67") && e.getMessage().contains("450.80.02"), e.getMessage());
        assertTrue(DeviceCheck.older("450.80.01", new int[]{450, 80, 2}));
        assertTrue(!DeviceCheck.older("450.80.02", new int[]{450, 80, 2}) && !DeviceCheck.older("510", new int[]{450, 80, 2}));
    }

    @Test
    void gpuModeWithoutAnyGpuOrWithAnUnlistedTaskGpuFails() {
        GpuFacts none = new GpuFacts("cpu-node", true, false, List.of(), Optional.empty(), List.of(),
                "nvidia-smi: not found");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceCheck.decide(DeviceMode.GPU, OptionalInt.empty(), () -> none));
        assertTrue(e.getMessage().contains("cpu-node") && e.getMessage().contains("no NVIDIA GPU")
                && e.getMessage().contains("nvidia-smi: not found"), e.getMessage());
        IllegalStateException unlisted = assertThrows(IllegalStateException.class,
                () -> DeviceCheck.decide(DeviceMode.GPU, OptionalInt.of(3), DeviceCheckTest::good));
        assertTrue(unlisted.getMessage().contains("GPU 3") && unlisted.getMessage().contains("[0, 1]"),
                unlisted.getMessage());
        // local mode (no task resources): the node's first GPU
        assertEquals(OptionalInt.of(0), DeviceCheck.decide(DeviceMode.GPU, OptionalInt.empty(),
                DeviceCheckTest::good).gpu());
    }

    @Test
    void nvidiaSmiOutputIsParsedIncludingNamesWithCommasAndUnknownCapability() {
        List<GpuFacts.Gpu> gpus = GpuProbe.parseSmi("0, NVIDIA A10G, 8.6\n1, Odd, Name, 7.5\n2, Old GPU, [N/A]\n");
        assertEquals(new GpuFacts.Gpu(0, "NVIDIA A10G", 8, 6), gpus.get(0));
        assertEquals(new GpuFacts.Gpu(1, "Odd, Name", 7, 5), gpus.get(1));
        assertEquals(0, gpus.get(2).capabilityMajor());
        assertThrows(IllegalStateException.class, () -> DeviceCheck.decide(DeviceMode.GPU, OptionalInt.of(2),
                () -> new GpuFacts("h", true, false, gpus, Optional.of("535.1"), List.of(), null)));
    }

    @Test
    void thisMachinesProbeFindsTheCpuBuild() {
        GpuFacts here = GpuProbe.probe();
        assertTrue(!here.cudaBuild(), "tests run on the CPU build");
        assertThrows(IllegalArgumentException.class, () -> DeviceMode.parse("tpu", "train.device"));
    }
}
