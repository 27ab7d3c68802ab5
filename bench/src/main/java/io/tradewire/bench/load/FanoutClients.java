package io.tradewire.bench.load;

import io.tradewire.bench.measure.LatencySummary;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
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

    FanoutClients(LoadSpec spec, LoadStats stats, int share) {
        this.spec = spec;
        this.stats = stats;
        this.share = share;
    }

    @Override
    public Future<?> start() {
        client = vertx.createWebSocketClient(spec.clientOptions(share));
        SocketLife.connectAll(client, stats, share, index -> spec.connectOptions(null, index), (socket, index) -> opened(socket));
        return Future.succeededFuture();
    }

    private void opened(WebSocket socket) {
        sockets.add(socket);
        SocketLife.follow(socket, stats, spec.protocol(), spec.symbol(), "subscription refused", () -> { },
                frame -> received(socket, frame), frame -> received(socket, frame));
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
