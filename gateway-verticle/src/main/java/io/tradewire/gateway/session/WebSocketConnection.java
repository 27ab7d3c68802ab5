package io.tradewire.gateway.session;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/** A plain WebSocket as a session's transport: text messages, ping frames, close codes. */
public final class WebSocketConnection implements Connection {
    private static final Buffer PING_PAYLOAD = Buffer.buffer("tw");
    private final ServerWebSocket socket;
    private int queued;

    private WebSocketConnection(ServerWebSocket socket) {
        this.socket = socket;
    }

    /** Wraps an upgraded socket and feeds everything it receives to the session. */
    public static void attach(ServerWebSocket socket, Sessions sessions, Session session) {
        socket.textMessageHandler(text -> sessions.received(session, text));
        socket.binaryMessageHandler(frame -> sessions.receivedBinary(session));
        socket.pongHandler(pong -> sessions.alive(session));
        socket.exceptionHandler(error -> sessions.failed(session, error));
        socket.closeHandler(v -> sessions.closed(session));
    }

    public static WebSocketConnection of(ServerWebSocket socket) {
        return new WebSocketConnection(socket);
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void write(String text) {
        queued++;
        socket.writeTextMessage(text).onComplete(written -> queued--);
    }

    @Override
    public int queuedFrames() {
        return queued;
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void ping() {
        socket.writePing(PING_PAYLOAD);
    }

    @Override
    public void close(short code, String reason) {
        socket.close(code, reason);
    }
}
