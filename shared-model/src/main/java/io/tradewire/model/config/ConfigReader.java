package io.tradewire.model.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Reads one section of the configuration into typed values, once, at verticle start.
 *
 * <p>Values may arrive as YAML/JSON scalars or as strings (from {@code --set} and environment
 * variables), so every numeric and boolean reader accepts both. Invalid values throw a
 * {@link ConfigException} naming the full key; keys nobody read are reported by {@link #unknownKeys()}
 * so that a verticle can warn about them instead of failing (a key added by a later version must not
 * break an older one).
 */
public final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(us|ms|s|m|h|d)");

    private final String path;
    private final JsonObject json;
    private final Set<String> read = new LinkedHashSet<>();
    private final List<ConfigReader> children = new ArrayList<>();

    private ConfigReader(String path, JsonObject json) {
        this.path = path;
        this.json = json == null ? new JsonObject() : json;
    }

    /** The section at a dotted path of the root configuration (an empty section when absent). */
    public static ConfigReader of(JsonObject root, String dottedPath) {
        if (dottedPath.isEmpty()) {
            return new ConfigReader("", root);
        }
        JsonObject node = root;
        for (String part : dottedPath.split("\\.")) {
            Object value = node == null ? null : node.getValue(part);
            node = value instanceof JsonObject object ? object : null;
        }
        return new ConfigReader(dottedPath, node);
    }

    public String path() {
        return path;
    }

    /** A copy of this section's values (without marking them as read). */
    public JsonObject copyOfValues() {
        return json.copy();
    }

    /** The keys this section holds, in order (without marking them as read). */
    public List<String> keys() {
        return List.copyOf(json.fieldNames());
    }

    public boolean has(String key) {
        return json.getValue(key) != null;
    }

    public String string(String key, String defaultValue) {
        Object value = raw(key);
        return value == null ? defaultValue : value.toString();
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key(key), "expected true or false, got '" + value + "'");
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Object value = raw(key);
        long result;
        if (value == null) {
            result = defaultValue;
        } else if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
            result = n.longValue();
        } else {
            try {
                result = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key(key), "expected a whole number, got '" + value + "'");
            }
        }
        if (result < min || result > max) {
            throw new ConfigException(key(key), "must be between " + min + " and " + max + ", got " + result);
        }
        return result;
    }

    public BigDecimal decimal(String key, BigDecimal defaultValue) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key(key), "expected a decimal number, got '" + value + "'");
        }
    }

    /**
     * A duration written as {@code 500ms}, {@code 5s}, {@code 10m}, {@code 24h}, {@code 7d}, an ISO-8601
     * duration ({@code PT5S}) or a plain number of milliseconds.
     */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        Duration result;
        try {
            result = parseDuration(value.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(key), "expected a duration such as 500ms, 5s, 10m or 24h, got '" + value + "'");
        }
        if (result.compareTo(min) < 0 || result.compareTo(max) > 0) {
            throw new ConfigException(key(key), "must be between " + min + " and " + max + ", got " + result);
        }
        return result;
    }

    /** A list given as a YAML/JSON array or as a comma-separated string ({@code --set a.b=x,y}). */
    public List<String> stringList(String key, List<String> defaultValue) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        List<String> result = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(item -> result.add(String.valueOf(item).trim()));
        } else {
            for (String part : value.toString().split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
        }
        return List.copyOf(result);
    }

    /**
     * A map of text to text: a YAML/JSON map ({@code {BTC: BTCUSDT}}, which {@code --set a.map.BTC=BTCUSDT}
     * also builds), or {@code KEY=VALUE} items as a list or comma-separated text ({@code --set a.map=BTC=BTCUSDT,ETH=ETHUSDT}).
     */
    public Map<String, String> stringMap(String key) {
        Object value = raw(key);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (value instanceof JsonObject map) {
            for (Map.Entry<String, Object> entry : map) {
                if (!(entry.getValue() instanceof String text) || text.isBlank()) {
                    throw new ConfigException(key(key) + "." + entry.getKey(), "expected a text value");
                }
                result.put(entry.getKey().trim(), text.trim());
            }
            return result;
        }
        for (String item : stringList(key, List.of())) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new ConfigException(key(key), "expected KEY=VALUE items, got '" + item + "'");
            }
            result.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return result;
    }

    /** An array of objects, each read by its own child reader (named {@code key[i]}). */
    public List<ConfigReader> objects(String key) {
        Object value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new ConfigException(key(key), "expected a list");
        }
        List<ConfigReader> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            if (!(item instanceof JsonObject object)) {
                throw new ConfigException(key(key) + "[" + i + "]", "expected an object");
            }
            ConfigReader child = new ConfigReader(key(key) + "[" + i + "]", object);
            children.add(child);
            result.add(child);
        }
        return result;
    }

    /** A nested section (empty when absent). */
    public ConfigReader section(String key) {
        Object value = raw(key);
        if (value != null && !(value instanceof JsonObject)) {
            throw new ConfigException(key(key), "expected a section of keys");
        }
        ConfigReader child = new ConfigReader(key(key), (JsonObject) value);
        children.add(child);
        return child;
    }

    /** Every key of this section and the sections read from it that no reader asked for, as full paths. */
    public List<String> unknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (String name : json.fieldNames()) {
            if (!read.contains(name)) {
                unknown.add(key(name));
            }
        }
        for (ConfigReader child : children) {
            unknown.addAll(child.unknownKeys());
        }
        return unknown;
    }

    /** Logs one warning per unknown key: a later version's key must not break this one. */
    public void warnUnknown(Logger log) {
        for (String key : unknownKeys()) {
            log.warn("Unknown configuration key '{}' is ignored", key);
        }
    }

    /** Marks keys as known without reading them (sections owned by another reader). */
    public void ignore(String... keys) {
        read.addAll(List.of(keys));
    }

    public String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Object raw(String key) {
        read.add(key);
        return json.getValue(key);
    }

    /** Parses {@code 250us}, {@code 500ms}, {@code 5s}, {@code 10m}, {@code 24h}, {@code 7d}, ISO-8601 or plain milliseconds. */
    public static Duration parseDuration(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e);
            }
        }
        if (trimmed.chars().allMatch(Character::isDigit) && !trimmed.isEmpty()) {
            return Duration.ofMillis(Long.parseLong(trimmed));
        }
        Matcher m = DURATION.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(text + " is too long", e);
        }
    }
}
