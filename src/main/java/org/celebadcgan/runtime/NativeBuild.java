package org.celebadcgan.runtime;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Chooses which of nd4j-native's CPU builds JavaCPP loads: the plain {@code linux-x86_64} build runs on any x86-64
 * CPU, the oneDNN builds are several times faster for convolutions but need AVX2 or AVX-512.
 * <p>
 * Must run before the first ND4J class loads; {@link #select()} is idempotent and every entry point calls it.
 * The choice can be forced with {@code -Dorg.bytedeco.javacpp.platform.extension=...} or the environment variable
 * {@code DCGAN_NATIVE_BUILD} ({@code auto}, {@code plain}, {@code onednn-avx2}, {@code onednn-avx512}).
 */
public final class NativeBuild {

    /** The JavaCPP property that picks a classifier's binaries (e.g. "-onednn-avx512"). */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** Environment variable users set to force a build. */
    public static final String ENV = "DCGAN_NATIVE_BUILD";

    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64%s/";
    private static final String CUDNN = "-cudnn";
    private static final String CUDNN_BINDINGS = "org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/";
    private static volatile String selected;

    private NativeBuild() {
    }

    /** Picks the build (once per JVM) and returns its extension: "" for the plain build. */
    public static synchronized String select() {
        if (selected == null) {
            String forced = System.getProperty(EXTENSION_PROPERTY);
            if (forced != null) {
                selected = forced;
            } else {
                selected = choose(System.getenv(ENV), cpuFlags(), NativeBuild::onClasspath);
                if (selected.isEmpty() && cudnnBuild()) {
                    // the cuda build ships libnd4j's cuDNN build only; JavaCPP falls back to the plain CPU
                    // binaries for the CPU backend when no "-cudnn" variant of them exists
                    selected = CUDNN;
                }
                if (!selected.isEmpty()) {
                    System.setProperty(EXTENSION_PROPERTY, selected);
                }
            }
        }
        return selected;
    }

    /** True when ND4J's CUDA backend was built into this jar's lib folder with cuDNN (the cuda profile). */
    public static boolean cudnnBuild() {
        return NativeBuild.class.getClassLoader().getResource(CUDNN_BINDINGS) != null;
    }

    /** True when ND4J runs on its CUDA backend (loads ND4J). */
    public static boolean cudaBackend() {
        return "CUDA".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
    }

    /** True when the selected build has oneDNN (so DL4J's oneDNN layer helpers can be used). */
    public static boolean hasOneDnn() {
        return select().contains("onednn");
    }

    /** A person's description of the selected build, for logs. */
    public static String describe() {
        String ext = select();
        if (ext.equals(CUDNN)) {
            return "nd4j-cuda-11.6 linux-x86_64-cudnn (cuDNN) for GPUs, nd4j-native linux-x86_64 (plain) for CPUs";
        }
        return "nd4j-native linux-x86_64" + ext + (ext.isEmpty() ? " (plain build, no oneDNN)" : "");
    }

    /** The decision, separated from the machine so it can be tested: request, CPU flags, available builds. */
    static String choose(String request, Set<String> flags, java.util.function.Predicate<String> available) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        switch (r) {
            case "", "auto" -> {
                boolean avx512 = flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
                boolean avx2 = flags.containsAll(Set.of("avx2", "fma"));
                if (avx512 && available.test("-onednn-avx512")) {
                    return "-onednn-avx512";
                }
                if (avx2 && available.test("-onednn-avx2")) {
                    return "-onednn-avx2";
                }
                return "";
            }
            case "plain" -> {
                return "";
            }
            case "onednn-avx2", "onednn-avx512" -> {
                String ext = "-" + r;
                if (!available.test(ext)) {
                    throw new IllegalStateException(ENV + "=" + request + " but the nd4j-native linux-x86_64" + ext
                            + " jar is not on the classpath");
                }
                return ext;
            }
            default -> throw new IllegalArgumentException(ENV + "=" + request
                    + " is not one of auto, plain, onednn-avx2, onednn-avx512");
        }
    }

    private static boolean onClasspath(String extension) {
        return NativeBuild.class.getClassLoader().getResource(String.format(BINDINGS, extension)) != null;
    }

    /** The CPU's feature flags from /proc/cpuinfo; empty where that file does not exist. */
    static Set<String> cpuFlags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Pattern.compile("\\s+").splitAsStream(l.substring(l.indexOf(':') + 1).trim())
                            .collect(Collectors.toSet()))
                    .orElse(Set.of());
        } catch (IOException e) {
            return Set.of();
        }
    }
}
