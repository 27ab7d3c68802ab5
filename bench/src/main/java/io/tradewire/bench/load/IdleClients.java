package io.tradewire.bench.load;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A share of the idle sessions on one event loop: each connects as its own user ({@code idle<i>}),
 * authenticates (exchange dialect) or joins the namespace (Socket.IO) and then only answers heartbeats
 * (Vert.x answers WebSocket pings by itself; Socket.IO pings are answered here).
 */
final class IdleClients extends VerticleBase {
    private final LoadSpec spec;
    private final LoadStats stats;
    private final int first;
    private final int share;
    private final Function<String, String> tokens;
    private final List<WebSocket> sockets = new ArrayList<>();
    private WebSocketClient client;

    IdleClients(LoadSpec spec, LoadStats stats, int first, int share, Function<String, String> tokens) {
        this.spec = spec;
        this.stats = stats;
        this.first = first;
        this.share = share;
        this.tokens = tokens;
    }

    @Override
    public Future<?> start() {
        client = vertx.createWebSocketClient(spec.clientOptions(share));
        boolean exchange = spec.protocol() == Protocol.EXCHANGE;
        SocketLife.connectAll(client, stats, share, index -> spec.connectOptions(exchange ? user(index) : null, index),
                (socket, index) -> opened(user(index), socket));
        return Future.succeededFuture();
    }

    private String user(int index) {
        return "idle" + (first + index);
    }

    private void opened(String user, WebSocket socket) {
        sockets.add(socket);
        SocketLife.follow(socket, stats, spec.protocol(), null, "refused", () -> { },
                frame -> spec.protocol().keepAlive(socket, frame), null);
        spec.protocol().opened(socket, spec.protocol() == Protocol.EXCHANGE ? Protocol.auth(user, tokens.apply(user)) : null);
    }
}
