package io.tradewire.bench.load;

import io.tradewire.bench.measure.LatencySummary;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A share of the fan-out clients on one event loop: each connects, subscribes to the ticker of the
 * benchmark instrument, then counts every ticker frame and records publish → receive latency while the
 * window is open. The client and its sockets stay referenced for the whole run.
 */
final class FanoutClients extends VerticleBase {
    private final LoadSpec spec;
    private final LoadStats stats;
    private final int share;
    private final List<WebSocket> sockets = new ArrayList<>();
    private WebSocketClient client;
    private int started;

    FanoutClients(LoadSpec spec, LoadStats stats, int share) {
        this.spec = spec;
        this.stats = stats;
        this.share = share;
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
        started++;
        WebSocketConnectOptions options = spec.connectOptions(null);
        client.connect(options).onComplete(result -> {
            if (result.succeeded()) {
                opened(result.result());
            } else {
                stats.failed.increment();
                stats.error("connect: " + result.cause());
            }
            connectNext();
        });
    }

    private void opened(WebSocket socket) {
        stats.connected.increment();
        sockets.add(socket);
        boolean[] ready = {false};
        socket.handler(frame -> {
            if (ready[0]) {
                received(socket, frame);
                return;
            }
            switch (spec.protocol().setup(socket, frame, spec.symbol())) {
                case READY -> {
                    ready[0] = true;
                    stats.ready.increment();
                }
                case REFUSED -> {
                    stats.failed.increment();
                    stats.error("subscription refused: " + frame.toString());
                    socket.close();
                }
                case NONE -> received(socket, frame);
            }
        });
        socket.closeHandler(v -> {
            if (ready[0]) {
                stats.closed.increment();
                stats.error("closed by the server: " + socket.closeStatusCode() + " " + socket.closeReason());
            }
        });
        socket.exceptionHandler(e -> stats.error("socket: " + e));
        spec.protocol().opened(socket, Protocol.subscribeTicker(spec.symbol()));
    }

    private void received(WebSocket socket, Buffer frame) {
        if (spec.protocol().keepAlive(socket, frame)) {
            return;
        }
        long stamp = Frames.timestamp(frame);
        if (stamp <= 0) {
            return;
        }
        stats.received.increment();
        stats.receivedBytes.add(frame.length());
        if (stats.measuring) {
            stats.latency.recordValue(LatencySummary.clamp(LoadStats.nowMicros() - stamp));
            stats.windowReceived.increment();
        }
    }
}
