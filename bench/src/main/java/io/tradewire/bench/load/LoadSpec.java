package io.tradewire.bench.load;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/** What one load-generator process does, as the harness told it on its command line. */
record LoadSpec(String url, String control, Protocol protocol, int clients, double rate, double duration, double warmup,
        String symbol, int threads, double idle) {

    /** Connections being opened at once per event loop (more only fills the server's accept backlog). */
    static final int CONNECT_CONCURRENCY = 32;

    WebSocketClientOptions clientOptions(int share) {
        return new WebSocketClientOptions()
                .setMaxConnections(Math.max(1, share))
                .setConnectTimeout(30_000)
                .setIdleTimeout(0)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20);
    }

    /**
     * The server URL of client {@code index}, with {@code user_id=USER} added to its query when a user is given.
     * {@code url} may list several gateways, comma-separated: client {@code index} goes to gateway
     * {@code index % count}, so consecutive clients (the two sides of an order-flow pair) are on different gateways.
     */
    WebSocketConnectOptions connectOptions(String user, int index) {
        String[] urls = url.split(",");
        String uri = urls[Math.floorMod(index, urls.length)].trim();
        if (user != null) {
            uri += (uri.contains("?") ? "&" : "?") + "user_id=" + user;
        }
        return new WebSocketConnectOptions().setAbsoluteURI(uri);
    }

    /** How many of {@code total} clients event loop {@code index} of {@code threads} owns. */
    static int share(int total, int threads, int index) {
        return total / threads + (index < total % threads ? 1 : 0);
    }
}
