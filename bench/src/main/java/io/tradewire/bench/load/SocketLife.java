package io.tradewire.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * What every load client does with its sockets: connect a share of them a few at a time, and follow
 * each one through the protocol's set-up (subscription or authentication) before its frames count.
 */
final class SocketLife {
    private SocketLife() {
    }

    /**
     * Connects sockets {@code 0 .. count-1}, at most {@link LoadSpec#CONNECT_CONCURRENCY} at a time;
     * {@code opened} gets each socket that connected with its index, failures are counted.
     */
    static void connectAll(WebSocketClient client, LoadStats stats, int count, IntFunction<WebSocketConnectOptions> options,
            ObjIntConsumer<WebSocket> opened) {
        Runnable next = new Runnable() {
            private int started;

            @Override
            public void run() {
                if (started >= count) {
                    return;
                }
                int index = started++;
                client.connect(options.apply(index)).onComplete(result -> {
                    if (result.succeeded()) {
                        opened.accept(result.result(), index);
                    } else {
                        stats.failed.increment();
                        stats.error("connect: " + result.cause());
                    }
                    run();
                });
            }
        };
        for (int i = 0; i < Math.min(LoadSpec.CONNECT_CONCURRENCY, count); i++) {
            next.run();
        }
    }

    /**
     * Follows a connected socket: counts it, feeds its first frames to the protocol's set-up
     * ({@code symbol} for a ticker subscription, null for authentication) until it is READY (counted,
     * {@code ready} runs) or REFUSED (counted, closed); then every frame goes to {@code live}. Set-up
     * frames that are neither go to {@code early} when given. A server close after set-up is counted.
     *
     * @param refused how a refusal is described in the error log ("subscription refused", ...)
     */
    static void follow(WebSocket socket, LoadStats stats, Protocol protocol, String symbol, String refused, Runnable ready,
            Consumer<Buffer> live, Consumer<Buffer> early) {
        stats.connected.increment();
        boolean[] isReady = {false};
        socket.handler(frame -> {
            if (isReady[0]) {
                live.accept(frame);
                return;
            }
            switch (protocol.setup(socket, frame, symbol)) {
                case READY -> {
                    isReady[0] = true;
                    stats.ready.increment();
                    ready.run();
                }
                case REFUSED -> {
                    stats.failed.increment();
                    stats.error(refused + ": " + frame);
                    socket.close();
                }
                case NONE -> {
                    if (early != null) {
                        early.accept(frame);
                    }
                }
            }
        });
        socket.closeHandler(v -> {
            if (isReady[0]) {
                stats.closed.increment();
                stats.error("closed by the server: " + socket.closeStatusCode() + " " + socket.closeReason());
            }
        });
        socket.exceptionHandler(e -> stats.error("socket: " + e));
    }
}
