package io.tradewire.gateway.session;

import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the connecting request carried: query and path parameters (a path parameter such as
 * {@code :client_id} wins over a query parameter of the same name), headers (names in lower case; the
 * first value of each), and the peer address. Codecs see them through the session.
 */
public record Handshake(Map<String, String> query, Map<String, String> headers, String remoteAddress) {
    public Handshake {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    public static Handshake of(MultiMap query, Map<String, String> pathParams, MultiMap headers, String remoteAddress) {
        Map<String, String> params = new HashMap<>(pathParams);
        query.forEach(entry -> params.putIfAbsent(entry.getKey(), entry.getValue()));
        Map<String, String> heads = new HashMap<>();
        headers.forEach(entry -> heads.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
        return new Handshake(params, heads, remoteAddress == null ? "" : remoteAddress);
    }
}
