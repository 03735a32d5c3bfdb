package org.celebadcgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.celebadcgan.data.CelebALayout;
import org.celebadcgan.model.Architecture;
import org.celebadcgan.model.ModelSpec;
import org.celebadcgan.runtime.DeviceMode;
import org.celebadcgan.train.AdamSettings;
import org.celebadcgan.train.SyncSettings;

/**
 * The validated, immutable settings of one run, read once at start-up from a {@link JobConfig}.
 * Every invalid value is refused with its key's name before any work starts.
 */
public record JobSettings(String dataInput, int generatedImages, CelebALayout.Split split, double maxBadFraction,
                          ModelSpec model, int batchSize, int workers, int syncEvery, long steps, long seed,
                          AdamSettings adam,
                          String outputRoot, java.time.Duration leaseTimeout, int samplesEvery, int logEvery,
                          int checkpointEvery, int keepLast, int keepEvery, DeviceMode device, int evalEvery,
                          int evalImages, SyncSettings sync) {

    /** Reads and checks every setting. */
    public static JobSettings from(Config c) {
        Architecture arch;
        try {
            arch = Architecture.parse(c.getString("model.arch"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.arch: " + e.getMessage());
        }
        int zDim = positiveInt(c, "model.zDim");
        int gWidth = c.getIsNull("model.gWidth") ? arch.defaultGWidth() : positiveInt(c, "model.gWidth");
        int dWidth = c.getIsNull("model.dWidth") ? arch.defaultDWidth() : positiveInt(c, "model.dWidth");
        double lr = positive(c, "train.lr");
        double beta1 = fraction(c, "train.beta1");
        double beta2 = fraction(c, "train.beta2");
        String input = get(c, "data.input", () -> c.getString("data.input"));
        int generated = positiveInt(c, "data.generated");
        int batch = positiveInt(c, "train.batchSize");
        if (input.isEmpty() && batch > generated) {
            throw new IllegalArgumentException("train.batchSize (" + batch + ") is larger than data.generated ("
                    + generated + ")");
        }
        String root = get(c, "output.root", () -> c.getString("output.root"));
        if (root.isBlank()) {
            throw new IllegalArgumentException("output.root must name a directory or URI");
        }
        CelebALayout.Split split;
        try {
            split = CelebALayout.Split.parse(get(c, "data.split", () -> c.getString("data.split")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data.split: " + e.getMessage());
        }
        double maxBad = get(c, "data.maxBadFraction", () -> c.getDouble("data.maxBadFraction"));
        if (!(maxBad >= 0 && maxBad <= 1)) {
            throw new IllegalArgumentException("data.maxBadFraction must be in [0, 1], got " + maxBad);
        }
        int workers = positiveInt(c, "train.workers");
        if (batch % workers != 0) {
            throw new IllegalArgumentException("train.batchSize (" + batch + ") must be divisible by train.workers ("
                    + workers + ")");
        }
        return new JobSettings(input, generated, split, maxBad, new ModelSpec(arch, zDim, gWidth, dWidth), batch,
                workers, positiveInt(c, "train.syncEvery"),
                positiveLong(c, "train.steps"), get(c, "train.seed", () -> c.getLong("train.seed")),
                new AdamSettings(lr, beta1, beta2, 1e-8), root, positiveDuration(c, "output.leaseTimeout"),
                positiveInt(c, "samples.everySteps"),
                positiveInt(c, "log.everySteps"), positiveInt(c, "checkpoint.everySteps"),
                positiveInt(c, "checkpoint.keepLast"), nonNegativeInt(c, "checkpoint.keepEvery"),
                DeviceMode.parse(get(c, "train.device", () -> c.getString("train.device")), "train.device"),
                nonNegativeInt(c, "eval.everySteps"), intAtLeast(c, "eval.images", 2), sync(c));
    }

    private static SyncSettings sync(Config c) {
        return SyncSettings.parse(get(c, "train.sync.mode", () -> c.getString("train.sync.mode")),
                get(c, "train.sync.moments", () -> c.getString("train.sync.moments")),
                get(c, "train.sync.transport", () -> c.getString("train.sync.transport")),
                positiveDuration(c, "train.sync.timeout"),
                nonNegativeInt(c, "train.sync.bucketKb"));
    }

    private interface Reader<T> {
        T read();
    }

    private static <T> T get(Config c, String key, Reader<T> reader) {
        try {
            return reader.read();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static int positiveInt(Config c, String key) {
        return intAtLeast(c, key, 1);
    }

    private static int nonNegativeInt(Config c, String key) {
        return intAtLeast(c, key, 0);
    }

    private static int intAtLeast(Config c, String key, int min) {
        int v = get(c, key, () -> c.getInt(key));
        if (v < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    private static long positiveLong(Config c, String key) {
        long v = get(c, key, () -> c.getLong(key));
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + v);
        }
        return v;
    }

    private static java.time.Duration positiveDuration(Config c, String key) {
        java.time.Duration d = get(c, key, () -> c.getDuration(key));
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
        }
        return d;
    }

    private static double positive(Config c, String key) {
        double v = get(c, key, () -> c.getDouble(key));
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + " must be a positive number, got " + v);
        }
        return v;
    }

    private static double fraction(Config c, String key) {
        double v = get(c, key, () -> c.getDouble(key));
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1), got " + v);
        }
        return v;
    }
}
