package io.tradewire.broker.bybit;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code brokers.bybit.*}: Bybit v5 endpoints (testnet by default), the API key and secret, the product category and
 * settle coin, the symbols to route and the public book depth. The secret never appears in {@link #toString()}.
 */
public record BybitConfig(String restUrl, String wsPrivateUrl, String wsPublicUrl, String apiKey, String apiSecret,
        String category, String settleCoin, List<String> symbols, int bookDepth, Duration recvWindow, Duration pingInterval) {

    public static final String TESTNET_REST = "https://api-testnet.bybit.com";
    public static final String TESTNET_WS_PRIVATE = "wss://stream-testnet.bybit.com/v5/private";
    public static final String TESTNET_WS_PUBLIC = "wss://stream-testnet.bybit.com/v5/public/linear";
    private static final Set<String> CATEGORIES = Set.of("linear", "inverse", "spot", "option");
    private static final Set<Integer> DEPTHS = Set.of(1, 50, 200);

    public static BybitConfig from(ConfigReader section) {
        String category = section.string("category", "linear");
        if (!CATEGORIES.contains(category)) {
            throw new ConfigException(section.key("category"), "expected one of " + CATEGORIES);
        }
        int depth = section.integer("book-depth", 50, 1, 200);
        if (!DEPTHS.contains(depth)) {
            throw new ConfigException(section.key("book-depth"), "expected one of " + DEPTHS);
        }
        String key = section.string("api-key", "");
        String secret = section.string("api-secret", "");
        if (key.isBlank() || secret.isBlank()) {
            throw new ConfigException(section.key("api-key"), "api-key and api-secret are required when brokers.bybit is enabled");
        }
        List<String> symbols = section.stringList("symbols", List.of());
        for (String symbol : symbols) {
            if (!StreamKeys.isValidSegment(symbol)) {
                throw new ConfigException(section.key("symbols"), "symbol '" + symbol + "' must match " + StreamKeys.SEGMENT);
            }
        }
        section.ignore("enabled", "kind", "instruments");
        return new BybitConfig(
                trimSlash(section.string("rest-url", TESTNET_REST)),
                section.string("ws-private-url", TESTNET_WS_PRIVATE),
                section.string("ws-public-url", TESTNET_WS_PUBLIC),
                key, secret, category,
                section.string("settle-coin", "USDT"),
                symbols, depth,
                section.duration("recv-window", Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMinutes(1)),
                section.duration("ping-interval", Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofMinutes(5)));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "BybitConfig[restUrl=" + restUrl + ", wsPrivateUrl=" + wsPrivateUrl + ", wsPublicUrl=" + wsPublicUrl
                + ", apiKey=" + (apiKey.length() > 4 ? apiKey.substring(0, 4) + "…" : "…") + ", category=" + category
                + ", symbols=" + symbols + "]";
    }
}
