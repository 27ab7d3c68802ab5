package io.tradewire.broker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Reading brokers' JSON, which is untrusted: numbers as strings or numbers, empty strings for "none", lists of objects. */
public final class BrokerJson {
    private static final int MAX_TEXT = 200;

    private BrokerJson() {
    }

    /** A decimal field given as a string or a number; null when absent or empty; a malformed one is an error. */
    public static BigDecimal decimal(JsonObject o, String field) {
        Object value = o.getValue(field);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > 64) {
            throw new IllegalArgumentException(field + " is too long for a number");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number");
        }
    }

    public static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** Epoch milliseconds, 0 when absent. */
    public static long epoch(JsonObject o, String field) {
        BigDecimal value = decimal(o, field);
        return value == null ? 0 : value.longValue();
    }

    /** The objects of an array (other items are skipped). */
    public static List<JsonObject> objects(Object array) {
        List<JsonObject> rows = new ArrayList<>();
        if (array instanceof JsonArray items) {
            items.forEach(item -> {
                if (item instanceof JsonObject row) {
                    rows.add(row);
                }
            });
        }
        return rows;
    }

    /** A JSON object parsed from a frame, or null when it is not one. */
    public static JsonObject parseObject(String text) {
        try {
            return text.startsWith("{") ? new JsonObject(text) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A broker's text (an error message) cut to a loggable length. */
    public static String shortText(Object value) {
        String text = String.valueOf(value);
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }
}
