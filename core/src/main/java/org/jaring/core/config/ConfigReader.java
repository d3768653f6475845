package org.jaring.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a parsed YAML tree, collecting one readable problem per bad field instead of
 * stopping at the first. Unknown keys are problems too: a misspelt limit must not silently become a default.
 */
final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|y)");

    private final List<String> problems = new ArrayList<>();

    List<String> problems() {
        return problems;
    }

    void problem(String field, String text) {
        problems.add(field + ": " + text);
    }

    JsonNode object(JsonNode parent, String path, String key, Set<String> allowedKeys) {
        JsonNode node = parent == null ? null : parent.get(key);
        String field = join(path, key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problem(field, "must be a mapping of keys to values");
            return null;
        }
        rejectUnknownKeys(node, field, allowedKeys);
        return node;
    }

    void rejectUnknownKeys(JsonNode node, String field, Set<String> allowedKeys) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedKeys.contains(name)) {
                problem(
                        join(field, name),
                        "unknown setting; known here: " + String.join(", ", new TreeSet<>(allowedKeys)));
            }
        }
    }

    String string(JsonNode parent, String path, String key, String defaultValue) {
        JsonNode node = parent == null ? null : parent.get(key);
        if (node == null || node.isNull()) {
            if (defaultValue == null) {
                problem(join(path, key), "missing; this setting is required");
            }
            return defaultValue;
        }
        if (!node.isValueNode()) {
            problem(join(path, key), "must be a single value");
            return defaultValue;
        }
        return node.asText().trim();
    }

    List<String> strings(JsonNode parent, String path, String key) {
        JsonNode node = parent == null ? null : parent.get(key);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problem(join(path, key), "must be a list, e.g. [th, en]");
            return out;
        }
        node.forEach(n -> out.add(n.asText().trim()));
        return out;
    }

    long number(JsonNode parent, String path, String key, long defaultValue, long min, long max) {
        JsonNode node = parent == null ? null : parent.get(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            problem(
                    join(path, key),
                    "must be a whole number between " + min + " and " + max + ", got '" + node.asText() + "'");
            return defaultValue;
        }
        long value = node.asLong();
        if (value < min || value > max) {
            problem(join(path, key), value + " is outside " + min + " to " + max);
            return defaultValue;
        }
        return value;
    }

    boolean bool(JsonNode parent, String path, String key, boolean defaultValue) {
        JsonNode node = parent == null ? null : parent.get(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            problem(join(path, key), "must be true or false, got '" + node.asText() + "'");
            return defaultValue;
        }
        return node.asBoolean();
    }

    Duration duration(JsonNode parent, String path, String key, Duration defaultValue, Duration min, Duration max) {
        String text = string(parent, path, key, "");
        if (text.isEmpty()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            problem(join(path, key), "'" + text + "' is not a duration; write e.g. 500ms, 30s, 5m, 2h, 90d or 7y");
            return defaultValue;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "y" -> Duration.ofDays(365 * n); // a year of 365 days: retention periods are stated in years
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(join(path, key), text + " is outside " + min + " to " + max);
            return defaultValue;
        }
        return d;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
