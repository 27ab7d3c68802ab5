package io.tradewire.gateway.qe;

import io.tradewire.model.Side;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.CreateMasterOrder;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the query parameters of QE requests (as the SDK sends them: every parameter in the query string, Python's
 * spelling of booleans {@code True} / {@code False} included). Every value is bounded; a bad one is a
 * {@link QeRejection#malformed}.
 */
final class QeParams {
    static final int MAX_TEXT = 64;
    static final int MAX_NOTES = 256;
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,18})?");
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final MultiMap params;

    QeParams(MultiMap params) {
        this.params = params;
    }

    /** {@code POST /user/trading/master-orders} → the engine's request. */
    CreateMasterOrder createMasterOrder(String userId) {
        Algorithm algorithm = enumOf(Algorithm.class, required("algorithm"), "algorithm", "TWAP, VWAP or POV");
        Side side = enumOf(Side.class, required("side"), "side", "BUY or SELL");
        String exchange = required("exchange");
        String symbol = required("symbol");
        if (!ID.matcher(symbol).matches()) {
            throw QeRejection.malformed("symbol");
        }
        String marketType = required("marketType").toUpperCase(Locale.ROOT);
        required("apiKeyId");
        long seconds;
        if (params.contains("executionDurationSeconds")) {
            seconds = integer("executionDurationSeconds");
        } else if (params.contains("executionDuration")) {
            seconds = integer("executionDuration") * 60L;
        } else {
            throw QeRejection.malformed("executionDurationSeconds is required");
        }
        BigDecimal worst = decimal("worstPrice");
        if (worst == null) {
            worst = decimal("limitPrice");
        }
        return new CreateMasterOrder(userId, text("clientOrderId", MAX_TEXT), algorithm, exchange, symbol, marketType, side,
                decimal("totalQuantity"), decimal("orderNotional"), seconds, worst, decimal("povLimit"), bool("reduceOnly"),
                text("notes", MAX_NOTES));
    }

    /** A required printable value of at most {@value #MAX_TEXT} characters. */
    String required(String name) {
        String value = text(name, MAX_TEXT);
        if (value == null || value.isEmpty()) {
            throw QeRejection.malformed(name + " is required");
        }
        return value;
    }

    /** An optional printable-ASCII value of at most {@code max} characters; null when absent. */
    String text(String name, int max) {
        String value = single(name);
        if (value != null && (value.length() > max || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7F))) {
            throw QeRejection.malformed(name + " must be printable ASCII of at most " + max + " characters");
        }
        return value;
    }

    BigDecimal decimal(String name) {
        String value = single(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw QeRejection.malformed(name + " must be a decimal number");
        }
        return new BigDecimal(value);
    }

    /** An optional filter value: null when absent or empty. */
    String filter(String name) {
        String value = text(name, MAX_TEXT);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code page} (from 1) and {@code pageSize} (default 20, at most {@code maxSize}). */
    Page page(int maxSize) {
        return new Page(params.contains("page") ? Math.max(1, integer("page")) : 1,
                params.contains("pageSize") ? Math.max(1, Math.min(maxSize, integer("pageSize"))) : 20);
    }

    /** One page of a list reply: {@code {"items","total","page","pageSize"}}. */
    record Page(int page, int size) {
        JsonObject of(List<JsonObject> rows) {
            long from = Math.min(rows.size(), (long) (page - 1) * size);
            List<Object> items = new ArrayList<>(rows.subList((int) from, (int) Math.min(rows.size(), from + size)));
            return new JsonObject().put("items", new JsonArray(items)).put("total", rows.size()).put("page", page).put("pageSize", size);
        }
    }

    private int integer(String name) {
        String value = single(name);
        if (value == null || !INTEGER.matcher(value).matches()) {
            throw QeRejection.malformed(name + " must be a whole number");
        }
        return Integer.parseInt(value);
    }

    private boolean bool(String name) {
        String value = single(name);
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw QeRejection.malformed(name + " must be true or false");
    }

    private String single(String name) {
        List<String> values = params.getAll(name);
        if (values.size() > 1) {
            throw QeRejection.malformed(name + " is given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String name, String expected) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw QeRejection.malformed(name + " must be " + expected);
        }
    }
}
