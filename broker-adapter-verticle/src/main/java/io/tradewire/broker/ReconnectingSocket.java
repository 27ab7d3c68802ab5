package io.tradewire.broker;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket to a broker that comes back by itself: after a failed connect or a close it reconnects after the
 * {@link Backoff}'s delay (reset once the owner calls {@link #healthy()}), and a socket silent for longer than the
 * liveness window is closed and replaced. Runs on the owner's context; the owner reacts to open / text / close.
 */
public final class ReconnectingSocket {
    /** What the owner does with the socket's life. */
    public interface Listener {
        void onOpen();

        void onText(String text);

        /** The socket closed or could not connect; a reconnect follows after {@code delayMillis}. */
        void onDown(String reason, long delayMillis);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSocket.class);
    /** Largest message accepted from a broker (a deep book snapshot fits; more closes the socket). */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final String name;
    private final Supplier<WebSocketConnectOptions> options;
    private final Backoff backoff;
    private final long livenessMillis;
    private final Listener listener;
    private WebSocket socket;
    private long lastReceived;
    private long livenessTimer = -1;
    private long reconnectTimer = -1;
    private boolean stopped;

    public ReconnectingSocket(Vertx vertx, WebSocketClient client, String name, Supplier<WebSocketConnectOptions> options,
            Backoff backoff, long livenessMillis, Listener listener) {
        this.vertx = vertx;
        this.client = client;
        this.name = name;
        this.options = options;
        this.backoff = backoff;
        this.livenessMillis = livenessMillis;
        this.listener = listener;
    }

    /** Client options for broker streams: frames and messages up to {@link #MAX_MESSAGE_BYTES}. */
    public static io.vertx.core.http.WebSocketClientOptions clientOptions() {
        return new io.vertx.core.http.WebSocketClientOptions().setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES);
    }

    public void start() {
        stopped = false;
        livenessTimer = vertx.setPeriodic(Math.max(100, livenessMillis / 4), id -> checkLiveness());
        connect();
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(livenessTimer);
        vertx.cancelTimer(reconnectTimer);
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** True while a socket is open. */
    public boolean isOpen() {
        return socket != null;
    }

    /** Sends a text frame when a socket is open; false otherwise. */
    public boolean send(String text) {
        if (socket == null) {
            return false;
        }
        socket.writeTextMessage(text);
        return true;
    }

    /** The connection works (authenticated, subscribed): the next drop starts the backoff from the beginning. */
    public void healthy() {
        backoff.reset();
    }

    /** Closes the current socket (e.g. after an authentication failure); the usual reconnect follows. */
    public void drop(String reason) {
        if (socket != null) {
            WebSocket closing = socket;
            down(reason);
            closing.close();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        client.connect(options.get()).onSuccess(ws -> {
            if (stopped) {
                ws.close();
                return;
            }
            socket = ws;
            lastReceived = System.currentTimeMillis();
            ws.textMessageHandler(text -> {
                if (socket == ws) {
                    lastReceived = System.currentTimeMillis();
                    listener.onText(text);
                }
            });
            ws.pongHandler(pong -> lastReceived = System.currentTimeMillis());
            ws.closeHandler(v -> {
                if (socket == ws) {
                    down("closed by the server" + (ws.closeStatusCode() == null ? "" : " (" + ws.closeStatusCode() + ")"));
                }
            });
            ws.exceptionHandler(e -> {
                if (socket == ws) {
                    drop("stream error: " + e.getMessage()); // e.g. a message over the size limit: start afresh and reconcile
                }
            });
            listener.onOpen();
        }).onFailure(e -> {
            socket = null;
            down("connect failed: " + e.getMessage());
        });
    }

    private void down(String reason) {
        socket = null;
        if (stopped) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.info("{}: {}; reconnecting in {} ms", name, reason, delay);
        listener.onDown(reason, delay);
        vertx.cancelTimer(reconnectTimer);
        reconnectTimer = vertx.setTimer(delay, id -> connect());
    }

    private void checkLiveness() {
        if (socket != null && System.currentTimeMillis() - lastReceived > livenessMillis) {
            drop("silent for more than " + livenessMillis + " ms");
        }
    }
}
