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
    private int started;

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
        for (int i = 0; i < Math.min(LoadSpec.CONNECT_CONCURRENCY, share); i++) {
            connectNext();
        }
        return Future.succeededFuture();
    }

    private void connectNext() {
        if (started >= share) {
            return;
        }
        String user = "idle" + (first + started++);
        client.connect(spec.connectOptions(spec.protocol() == Protocol.EXCHANGE ? user : null)).onComplete(result -> {
            if (result.succeeded()) {
                opened(user, result.result());
            } else {
                stats.failed.increment();
                stats.error("connect: " + result.cause());
            }
            connectNext();
        });
    }

    private void opened(String user, WebSocket socket) {
        stats.connected.increment();
        sockets.add(socket);
        boolean[] ready = {false};
        socket.handler(frame -> {
            if (ready[0]) {
                spec.protocol().keepAlive(socket, frame);
                return;
            }
            switch (spec.protocol().setup(socket, frame, null)) {
                case READY -> {
                    ready[0] = true;
                    stats.ready.increment();
                }
                case REFUSED -> {
                    stats.failed.increment();
                    stats.error("refused: " + frame);
                    socket.close();
                }
                case NONE -> {
                }
            }
        });
        socket.closeHandler(v -> {
            if (ready[0]) {
                stats.closed.increment();
                stats.error("closed by the server: " + socket.closeStatusCode() + " " + socket.closeReason());
            }
        });
        socket.exceptionHandler(e -> stats.error("socket: " + e));
        spec.protocol().opened(socket, spec.protocol() == Protocol.EXCHANGE ? Protocol.auth(user, tokens.apply(user)) : null);
    }
}
