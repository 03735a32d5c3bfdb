package org.celebadcgan.runtime;

import java.util.Locale;

/** Where a worker trains ({@code train.device}): the GPU its task was given, the CPU, or the GPU it must have. */
public enum DeviceMode {
    /** The GPU Spark gave the task when there is one and the build can use it, the CPU otherwise. */
    AUTO,
    /** Always the CPU, even in the cuda build on a GPU node. */
    CPU,
    /** Always a GPU: a worker that cannot use one fails the job, naming what is missing. */
    GPU;

    /** Parses {@code auto | cpu | gpu}, naming {@code key} when the value is none of them. */
    public static DeviceMode parse(String value, String key) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be auto, cpu or gpu, got '" + value + "'");
        }
    }

    /** The config spelling. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
