package io.tradewire.gateway.session;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;

/**
 * A plain WebSocket as a session's transport: text messages, ping frames, close codes.
 *
 * <p>A {@link Frame} shared by many sockets (a fanned-out push) is written as its UTF-8 bytes, encoded once for
 * all of them: each socket gets its own zero-copy wrapper around the same array. Vert.x's public API turns every
 * text message into bytes again ({@code writeTextMessage(String)}), so this one write builds the text frame with
 * Vert.x's frame class directly; frames larger than the socket's frame size go the public way, which splits them.
 */
public final class WebSocketConnection implements Connection {
    private static final Buffer PING_PAYLOAD = Buffer.buffer("tw");
    private final ServerWebSocket socket;
    private final int maxFrameBytes;

    private WebSocketConnection(ServerWebSocket socket, int maxFrameBytes) {
        this.socket = socket;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Wraps an upgraded socket and feeds everything it receives (and its drains) to the session. */
    public static void attach(ServerWebSocket socket, Sessions sessions, Session session) {
        socket.textMessageHandler(text -> sessions.received(session, text));
        socket.binaryMessageHandler(frame -> sessions.receivedBinary(session));
        socket.pongHandler(pong -> sessions.alive(session));
        socket.exceptionHandler(error -> sessions.failed(session, error));
        socket.drainHandler(v -> sessions.writable(session));
        socket.closeHandler(v -> sessions.closed(session));
    }

    /**
     * @param socketBytes   the socket's write-queue high-water mark ({@code gateway.outbound.socket-bytes})
     * @param maxFrameBytes the largest frame written in one piece ({@code gateway.max-frame-bytes})
     */
    public static WebSocketConnection of(ServerWebSocket socket, int socketBytes, int maxFrameBytes) {
        socket.setWriteQueueMaxSize(socketBytes);
        return new WebSocketConnection(socket, maxFrameBytes);
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void write(String text) {
        socket.writeTextMessage(text);
    }

    @Override
    public void write(Frame frame) {
        byte[] utf8 = frame.utf8();
        if (utf8.length > maxFrameBytes) {
            socket.writeTextMessage(frame.text());
            return;
        }
        socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true));
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
