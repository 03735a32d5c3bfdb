package org.celebadcgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the job's configuration in layers (reference.conf, then a file, then -Dkey=value, then --set key=value)
 * and refuses keys that reference.conf does not define, naming them. {@code spark.*} keys pass through to Spark.
 */
public final class JobConfig {

    /** Top-level sections the job owns; everything under them must be declared in reference.conf. */
    static final Set<String> SECTIONS = Set.of("data", "model", "train", "output", "samples", "log", "checkpoint",
            "eval");

    private JobConfig() {
    }

    /** The merged, resolved and checked configuration. Throws IllegalArgumentException naming the bad key. */
    public static Config load(File file, List<String> sets) {
        Config reference = ConfigFactory.parseResources(JobConfig.class.getClassLoader(), "reference.conf");
        Config merged = reference;
        if (file != null) {
            if (!file.isFile()) {
                throw new IllegalArgumentException("config file " + file + " does not exist");
            }
            try {
                merged = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false))
                        .withFallback(merged);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
            }
        }
        // -Dkey=value for the job's own keys (read afresh: ConfigFactory.systemProperties() is cached per JVM), then
        // --set; both take the value literally, typed as reference.conf declares the key.
        for (String key : System.getProperties().stringPropertyNames().stream().sorted().toList()) {
            String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (SECTIONS.contains(section)) {
                merged = ConfigOverrides.apply(merged, reference, key, System.getProperty(key), "-D");
            }
        }
        for (String set : sets) {
            String[] kv = ConfigOverrides.split(set, "--set");
            merged = ConfigOverrides.apply(merged, reference, kv[0], kv[1], "--set");
        }
        try {
            merged = merged.resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<String> unknown = unknownKeys(merged, reference);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown config key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (see src/main/resources/reference.conf for the keys)");
        }
        return merged;
    }

    /** Keys under the job's sections that reference.conf does not declare. */
    static List<String> unknownKeys(Config merged, Config reference) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
            String key = e.getKey();
            String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (SECTIONS.contains(section) && !reference.hasPathOrNull(key)) {
                unknown.add(key);
            }
        }
        unknown.sort(String::compareTo);
        return unknown;
    }
}
