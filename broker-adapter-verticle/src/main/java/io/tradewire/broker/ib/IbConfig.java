package io.tradewire.broker.ib;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code brokers.ib.*}: the Client Portal gateway's REST base ({@code base-url}, ending in {@code /v1/api}) and WebSocket
 * ({@code ws-url}, by default the base with a {@code ws} scheme and {@code /ws}), the account id, whether to trust the
 * gateway's self-signed certificate, the routed instruments with their contract ids ({@code instruments: [{symbol,
 * conid}]}), and the keep-alive and polling intervals.
 */
public record IbConfig(String baseUrl, String wsUrl, String account, boolean trustSelfSigned, Map<String, Long> conids,
        Duration ticInterval, Duration tickleInterval, Duration pollInterval) {

    public static final String DEFAULT_BASE_URL = "https://localhost:5000/v1/api";

    public static IbConfig from(ConfigReader section) {
        String base = section.string("base-url", DEFAULT_BASE_URL);
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String ws = section.string("ws-url", "");
        if (ws.isBlank()) {
            ws = base.replaceFirst("^http", "ws") + "/ws";
        }
        String account = section.string("account", null);
        if (account == null || !StreamKeys.isValidSegment(account)) {
            throw new ConfigException(section.key("account"), "the IB account id (e.g. DU1234567) is required");
        }
        Map<String, Long> conids = new LinkedHashMap<>();
        for (ConfigReader item : section.objects("instruments")) {
            String symbol = item.string("symbol", null);
            long conid = item.longValue("conid", 0, 0, Long.MAX_VALUE);
            if (symbol == null || conid <= 0) {
                throw new ConfigException(item.path(), "each instrument needs a symbol and its IB conid");
            }
            conids.put(symbol, conid);
            item.ignore("kind", "tick-size", "lot-size", "multiplier", "margin-rate", "currency", "reference-price", "region",
                    "maker-fee-rate", "taker-fee-rate", "price-band");
        }
        section.ignore("enabled", "kind", "symbols");
        return new IbConfig(base, ws, account, section.bool("trust-self-signed", false), Map.copyOf(conids),
                section.duration("tic-interval", Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMinutes(1)),
                section.duration("tickle-interval", Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofMinutes(5)),
                section.duration("poll-interval", Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMinutes(10)));
    }
}
