package org.celebadcgan.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Gathers a node's {@link GpuFacts} without loading ND4J: the backend jars on the classpath, nvidia-smi's GPU list,
 * the driver version, and which CUDA 11 libraries a library path or JavaCPP's redistributable jar provides.
 */
public final class GpuProbe {

    private static final String CUDA_BACKEND = "org/nd4j/linalg/jcublas/JCublasBackend.class";
    private static final String REDIST = "org/bytedeco/cuda/linux-x86_64/";

    private GpuProbe() {
    }

    /** The facts of this node. */
    public static GpuFacts probe() {
        ClassLoader cl = GpuProbe.class.getClassLoader();
        boolean cuda = cl.getResource(CUDA_BACKEND) != null;
        boolean cudnn = cuda && NativeBuild.cudnnBuild();
        List<GpuFacts.Gpu> gpus = new ArrayList<>();
        String note = null;
        try {
            gpus.addAll(parseSmi(run("nvidia-smi", "--query-gpu=index,name,compute_cap",
                    "--format=csv,noheader")));
        } catch (IOException e) {
            note = "nvidia-smi: " + e.getMessage();
        }
        List<String> needed = new ArrayList<>(DeviceCheck.CUDA_LIBS);
        if (cudnn) {
            needed.add(DeviceCheck.CUDNN_LIB);
        }
        Set<String> found = libraries(cl, needed);
        List<String> missing = needed.stream().filter(l -> !found.contains(l)).toList();
        return new GpuFacts(host(), cuda, cudnn, gpus, driver(), missing, note);
    }

    /** Parses {@code nvidia-smi --query-gpu=index,name,compute_cap --format=csv,noheader}. */
    static List<GpuFacts.Gpu> parseSmi(String csv) {
        List<GpuFacts.Gpu> gpus = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (f.length < 3) {
                continue;
            }
            String[] cap = f[f.length - 1].trim().split("\\.");
            String name = String.join(",", java.util.Arrays.copyOfRange(f, 1, f.length - 1)).trim();
            try {
                gpus.add(new GpuFacts.Gpu(Integer.parseInt(f[0].trim()), name, Integer.parseInt(cap[0]),
                        cap.length > 1 ? Integer.parseInt(cap[1]) : 0));
            } catch (NumberFormatException e) {
                // an old driver prints "[N/A]" for compute_cap: the GPU is listed as unknown, never guessed
                gpus.add(new GpuFacts.Gpu(Integer.parseInt(f[0].trim()), name + " (capability unknown)", 0, 0));
            }
        }
        return gpus;
    }

    private static Optional<String> driver() {
        try {
            String v = Files.readString(Path.of("/proc/driver/nvidia/version"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Kernel Module\\s+([0-9.]+)").matcher(v);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The needed libraries found in a library path, the loader cache, or a JavaCPP redist jar. */
    private static Set<String> libraries(ClassLoader cl, List<String> needed) {
        Set<String> found = new LinkedHashSet<>();
        List<String> dirs = new ArrayList<>();
        for (String p : new String[]{System.getenv("LD_LIBRARY_PATH"), System.getProperty("java.library.path")}) {
            if (p != null) {
                dirs.addAll(List.of(p.split(":")));
            }
        }
        dirs.addAll(List.of("/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64"));
        String cache = "";
        try {
            cache = run("/sbin/ldconfig", "-p");
        } catch (IOException e) {
            // no loader cache listing: the directories above still count
        }
        for (String lib : needed) {
            boolean inDir = dirs.stream().filter(d -> !d.isBlank()).anyMatch(d -> Files.exists(Path.of(d, lib)));
            if (inDir || cache.contains(lib + " ") || cl.getResource(REDIST + lib) != null) {
                found.add(lib);
            }
        }
        return found;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String run(String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("not found", e);
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("did not answer within 20 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
