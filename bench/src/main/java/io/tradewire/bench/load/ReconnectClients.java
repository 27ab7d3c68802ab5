package io.tradewire.bench.load;

import io.tradewire.bench.measure.LatencySummary;
import io.tradewire.model.StreamKeys;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * A share of the reconnect storm's clients on one event loop. Each connects as its own user ({@code rc<i>}, exchange
 * dialect with {@code ?user_id=}), learns where its account stream stands from a first push, drops its connection
 * when told, and later reconnects at its own instant: {@code auth} and {@code resume} at once, then counts the time
 * until {@code resume_response}, whether the stream was recovered, and any push out of order.
 */
final class ReconnectClients extends VerticleBase {
    private final LoadSpec spec;
    private final LoadStats stats;
    private final int first;
    private final int share;
    private final Function<String, String> tokens;
    private final WebSocket[] sockets;
    private final long[] epoch;
    private final long[] seq;
    private WebSocketClient client;

    ReconnectClients(LoadSpec spec, LoadStats stats, int first, int share, Function<String, String> tokens) {
        this.spec = spec;
        this.stats = stats;
        this.first = first;
        this.share = share;
        this.tokens = tokens;
        this.sockets = new WebSocket[share];
        this.epoch = new long[share];
        this.seq = new long[share];
    }

    @Override
    public Future<?> start() {
        client = vertx.createWebSocketClient(spec.clientOptions(share));
        SocketLife.connectAll(client, stats, share, index -> spec.connectOptions(user(index), index), this::opened);
        return Future.succeededFuture();
    }

    private String user(int index) {
        return "rc" + (first + index);
    }

    private String account(int index) {
        return StreamKeys.userAccount(user(index));
    }

    private void opened(WebSocket socket, int index) {
        sockets[index] = socket;
        stats.connected.increment();
        socket.handler(frame -> {
            JsonObject message = new JsonObject(frame);
            if ("auth_response".equals(message.getString("type"))) {
                if (Boolean.TRUE.equals(message.getBoolean("success"))) {
                    stats.ready.increment();
                } else {
                    stats.failed.increment();
                    stats.error("auth refused: " + frame);
                }
            } else if (account(index).equals(message.getString("stream"))) {
                if (seq[index] == 0) {
                    stats.positioned.increment();
                }
                epoch[index] = message.getLong("epoch");
                seq[index] = message.getLong("seq");
            }
        });
        socket.writeTextMessage(Protocol.auth(user(index), tokens.apply(user(index))));
    }

    /** Runs an action on this share's event loop (the harness thread never touches the sockets). */
    void later(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    /** Drops every connection (a network failure as the server sees it: the socket just closes). */
    void disconnectAll() {
        for (WebSocket socket : sockets) {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Reconnects client {@code i} of all {@code total} at {@code startNanos + (first+i)/total × spread}. */
    void reconnectAll(long startNanos, long spreadNanos, int total) {
        for (int i = 0; i < share; i++) {
            int index = i;
            long at = startNanos + spreadNanos * (first + i) / total;
            long delayMillis = Math.max(1, (at - System.nanoTime()) / 1_000_000);
            vertx.setTimer(delayMillis, id -> reconnect(index));
        }
    }

    private void reconnect(int index) {
        long started = System.nanoTime();
        client.connect(spec.connectOptions(user(index), index)).onComplete(result -> {
            if (result.failed()) {
                stats.failed.increment();
                stats.error("reconnect: " + result.cause());
                return;
            }
            WebSocket socket = result.result();
            sockets[index] = socket;
            socket.handler(frame -> resumed(index, frame, started));
            socket.writeTextMessage(Protocol.auth(user(index), tokens.apply(user(index))));
            socket.writeTextMessage(new JsonObject().put("type", "resume").put("positions", new JsonArray()
                    .add(new JsonObject().put("stream", account(index)).put("epoch", epoch[index]).put("seq", seq[index]))).encode());
        });
    }

    private void resumed(int index, Buffer frame, long started) {
        JsonObject message = new JsonObject(frame);
        String type = message.getString("type");
        if ("resume_response".equals(type)) {
            stats.latency.recordValue(LatencySummary.clamp((System.nanoTime() - started) / 1_000));
            stats.resumed.increment();
            JsonArray results = message.getJsonArray("results", new JsonArray());
            for (int i = 0; i < results.size(); i++) {
                if (!results.getJsonObject(i).getBoolean("recovered", false)) {
                    stats.fallbacks.increment();
                }
            }
        } else if ("resync".equals(type) && account(index).equals(message.getString("stream"))) {
            epoch[index] = message.getLong("epoch");
            seq[index] = message.getLong("seq");
        } else if (account(index).equals(message.getString("stream")) && !message.getBoolean("snapshot", false)) {
            long at = message.getLong("seq");
            if (message.getLong("epoch") != epoch[index] || at != seq[index] + 1) {
                stats.gaps.increment();
                stats.error(user(index) + ": seq " + at + " after " + seq[index]);
            }
            seq[index] = at;
        }
    }
}
