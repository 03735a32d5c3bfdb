package org.celebadcgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything the job writes or prints: values of keys that look like credentials are replaced
 * before a config is rendered into state.json, the run report or the console. Secrets belong in the environment
 * (${?ENV} substitution) or Hadoop credential providers, never in files of the repo.
 */
public final class Redaction {

    /** What replaces a secret value. */
    public static final String MASK = "<redacted>";

    private static final Pattern SECRET = Pattern.compile(
            "(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key|private[._-]?key)",
            Pattern.CASE_INSENSITIVE);

    private Redaction() {
    }

    /** True for keys such as fs.s3a.secret.key, fs.s3a.access.key or ...password. */
    public static boolean isSecret(String key) {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** The job's config (its own sections and spark.*) with secret values masked, as JSON. */
    public static String json(Config config) {
        Config out = config;
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            if (isSecret(e.getKey())) {
                out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(MASK));
            }
        }
        Config kept = com.typesafe.config.ConfigFactory.empty();
        for (String section : new String[]{"data", "model", "train", "checkpoint", "samples", "log", "output",
                "spark"}) {
            if (out.hasPath(section)) {
                kept = kept.withValue(section, out.getValue(section));
            }
        }
        return kept.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }
}
