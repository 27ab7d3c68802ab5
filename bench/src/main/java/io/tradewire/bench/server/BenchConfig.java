package io.tradewire.bench.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The bench server's configuration: the mesh's own defaults ({@code tradewire-defaults.yaml}) with what a
 * benchmark needs laid over them — loopback only, a known signing key, the simulated market off, no
 * per-address session limit (every load-generator socket comes from 127.0.0.1), the fan-out instrument and
 * one order book per pair of order-flow clients — then the user's {@code --set}. Everything else, rate
 * limits included, stays as configured.
 */
public final class BenchConfig {
    /** Region of the instruments the harness adds (their summaries go to {@code market.BENCH.summary}). */
    public static final String REGION = "BENCH";
    /** Prefix of the order-flow instruments: pair {@code i} trades {@code OB<i>} alone, so pairs never match each other. */
    public static final String ORDER_BOOK_PREFIX = "OB";

    private BenchConfig() {
    }

    public record Options(String host, int httpPort, String secret, String fanoutSymbol, int orderBooks, String dataDir,
            Map<String, String> sets) {
    }

    public static JsonObject apply(JsonObject defaults, Options options) {
        JsonObject config = defaults.copy();
        put(config, "http.host", options.host());
        put(config, "http.port", options.httpPort());
        put(config, "auth.jwt.secret", options.secret());
        put(config, "data-dir", options.dataDir());
        put(config, "market.simulator.enabled", false);
        // Every load-generator socket comes from 127.0.0.1, standing for many client addresses.
        put(config, "gateway.max-sessions-per-ip", 0);
        JsonArray instruments = config.getJsonArray("instruments", new JsonArray()).copy();
        instruments.add(instrument(options.fanoutSymbol()));
        for (int i = 0; i < options.orderBooks(); i++) {
            instruments.add(instrument(orderBook(i)));
        }
        config.put("instruments", instruments);
        options.sets().forEach((key, value) -> put(config, key, value));
        return config;
    }

    public static String orderBook(int pair) {
        return ORDER_BOOK_PREFIX + pair;
    }

    /** A futures contract like the demo's IX2301 (tick 0.1, multiplier 300, 12% margin, around 120). */
    static JsonObject instrument(String symbol) {
        return new JsonObject().put("symbol", symbol).put("kind", "futures").put("route", "venue")
                .put("tick-size", "0.1").put("lot-size", "1").put("multiplier", "300").put("margin-rate", "0.12")
                .put("currency", "USD").put("reference-price", "120").put("region", REGION);
    }

    /** Sets a dotted key, creating sections as needed (as the launcher's {@code --set} does). */
    static void put(JsonObject root, String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        JsonObject node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.getValue(parts[i]);
            if (!(child instanceof JsonObject)) {
                child = new JsonObject();
                node.put(parts[i], child);
            }
            node = (JsonObject) child;
        }
        node.put(parts[parts.length - 1], value);
    }
}
