package org.celebadcgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.util.Locale;

/**
 * One {@code key=value} override ({@code --set}, {@code -D}) as a config value. The text after the first '=' is the
 * value, taken literally (URIs, '#', ':' and spaces need no quoting) and converted to the type reference.conf
 * declares for the key (string, integer, number, boolean, duration, size); a value that does not convert is refused
 * naming the key and the type expected. HOCON syntax only for values that start with '[' or '{' (lists, objects);
 * a value wholly in double quotes is read as a quoted string, so older command lines keep working.
 */
final class ConfigOverrides {

    private ConfigOverrides() {
    }

    /** Splits {@code key=value}; {@code source} names where it came from (--set, -D) in errors. */
    static String[] split(String assignment, String source) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(source + " expects key=value, got '" + assignment + "'");
        }
        String key = assignment.substring(0, eq).trim();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(source + " expects key=value, got '" + assignment + "'");
        }
        return new String[]{key, assignment.substring(eq + 1)};
    }

    /** {@code config} with {@code key} set to {@code text}, typed as {@code reference} declares it. */
    static Config apply(Config config, Config reference, String key, String text, String source) {
        String origin = source + " " + key;
        ConfigValue value;
        String trimmed = text.trim();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            value = hocon(key, trimmed, source);
        } else if (isQuoted(trimmed)) {
            value = hocon(key, trimmed, source);
        } else {
            value = ConfigValueFactory.fromAnyRef(typed(reference, key, text), origin);
        }
        try {
            return config.withValue(key, value);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(source + " " + key + ": not a valid config key (" + e.getMessage() + ")",
                    e);
        }
    }

    private static boolean isQuoted(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"");
    }

    private static ConfigValue hocon(String key, String text, String source) {
        try {
            return ConfigFactory.parseString("v = " + text).getValue("v");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(source + " " + key + ": '" + text + "' is not a valid HOCON value: "
                    + e.getMessage(), e);
        }
    }

    /** The value as the Java type the key's default has (String for keys reference.conf does not type). */
    private static Object typed(Config reference, String key, String text) {
        if (!reference.hasPathOrNull(key)) {
            return text; // spark.* and keys the unknown-key check will refuse
        }
        if (reference.getIsNull(key)) {
            return nullable(text);
        }
        ConfigValue declared = reference.getValue(key);
        String t = text.trim();
        return switch (declared.valueType()) {
            case NUMBER -> {
                Object d = declared.unwrapped();
                if (d instanceof Integer || d instanceof Long) {
                    try {
                        long v = Long.parseLong(t);
                        yield v == (int) v ? (Object) (int) v : (Object) v;
                    } catch (NumberFormatException e) {
                        throw wrongType(key, "an integer", text);
                    }
                }
                try {
                    double v = Double.parseDouble(t);
                    if (t.isEmpty() || t.endsWith("d") || t.endsWith("f") || t.endsWith("D") || t.endsWith("F")) {
                        throw new NumberFormatException(t);
                    }
                    yield v;
                } catch (NumberFormatException e) {
                    throw wrongType(key, "a number", text);
                }
            }
            case BOOLEAN -> switch (t.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw wrongType(key, "true or false", text);
            };
            case STRING -> checkedString(reference, key, text);
            case OBJECT -> throw wrongType(key, "a section, written {key = value, ...}", text);
            case LIST -> throw wrongType(key, "a list, written [a, b, ...]", text);
            default -> text;
        };
    }

    /** Strings whose default is a duration ("60s") or a size ("512m") must parse as one. */
    private static String checkedString(Config reference, String key, String text) {
        Config probe = ConfigFactory.empty().withValue("v", ConfigValueFactory.fromAnyRef(text.trim()));
        if (parses(() -> reference.getDuration(key))) {
            if (!parses(() -> probe.getDuration("v"))) {
                throw wrongType(key, "a duration such as 30s, 2m or 500ms", text);
            }
            return text.trim();
        }
        if (parses(() -> reference.getBytes(key))) {
            if (!parses(() -> probe.getBytes("v"))) {
                throw wrongType(key, "a size such as 512m or 4g", text);
            }
            return text.trim();
        }
        return text;
    }

    /** Keys whose default is null (e.g. model.gWidth: the architecture's own): null, a number, or text. */
    private static Object nullable(String text) {
        String t = text.trim();
        if (t.equals("null")) {
            return null;
        }
        try {
            long v = Long.parseLong(t);
            return v == (int) v ? (Object) (int) v : (Object) v;
        } catch (NumberFormatException notInteger) {
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException notNumber) {
                return text;
            }
        }
    }

    private static boolean parses(Runnable r) {
        try {
            r.run();
            return true;
        } catch (ConfigException | IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException wrongType(String key, String expected, String text) {
        return new IllegalArgumentException(key + ": expected " + expected + ", got '" + text + "'");
    }
}
