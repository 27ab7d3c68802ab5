package io.tradewire.gateway.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A plain WebSocket as a session's transport: text messages, ping frames, close codes.
 *
 * <p>Text messages skip Vert.x's per-message path, which turns every {@code String} into bytes again and flushes
 * every message on its own: a {@link Frame} is written to the socket's Netty channel as its UTF-8 bytes — encoded
 * once for all the sockets a push fans out to, each socket with its own zero-copy wrapper — and the channel is
 * flushed once per {@link FlushBatch}. The socket's buffer is the channel's (its high-water mark is
 * {@code gateway.outbound.socket-bytes}); when a write leaves it full, the session hears when it has drained.
 * Pings and the close go through Vert.x, after what was written before them. A connection whose channel cannot be
 * reached, or carries no WebSocket frame encoder (another Vert.x connection type), writes through Vert.x's API.
 */
public final class WebSocketConnection implements Connection {
    private static final Buffer PING_PAYLOAD = Buffer.buffer("tw");
    private final ServerWebSocket socket;
    private final Channel channel;
    private final ChannelPromise unwatched;
    private final FlushBatch flushes;
    private final int maxFrameBytes;
    private final Runnable flush = this::flush;
    private Runnable drained = () -> { };
    private boolean flushRequested;
    private boolean watchingDrain;

    private WebSocketConnection(ServerWebSocket socket, Channel channel, FlushBatch flushes, int maxFrameBytes) {
        this.socket = socket;
        this.channel = channel;
        this.unwatched = channel == null ? null : new VoidChannelPromise(channel, false);
        this.flushes = flushes;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Wraps an upgraded socket and feeds everything it receives (and its drains) to the session. */
    public static void attach(ServerWebSocket socket, Sessions sessions, Session session, WebSocketConnection connection) {
        socket.textMessageHandler(text -> sessions.received(session, text));
        socket.binaryMessageHandler(frame -> sessions.receivedBinary(session));
        socket.pongHandler(pong -> sessions.alive(session));
        socket.exceptionHandler(error -> sessions.failed(session, error));
        socket.drainHandler(v -> sessions.writable(session));
        socket.closeHandler(v -> sessions.closed(session));
        connection.drained = () -> sessions.writable(session);
    }

    /**
     * @param connection    the HTTP connection the socket was upgraded from (its Netty channel carries the socket)
     * @param flushes       the gateway's flush batch
     * @param socketBytes   the socket's write-queue high-water mark ({@code gateway.outbound.socket-bytes})
     * @param maxFrameBytes the largest frame written in one piece ({@code gateway.max-frame-bytes})
     */
    public static WebSocketConnection of(ServerWebSocket socket, HttpConnection connection, FlushBatch flushes, int socketBytes,
            int maxFrameBytes) {
        socket.setWriteQueueMaxSize(socketBytes);
        Channel channel = connection instanceof ConnectionBase base ? base.channel() : null;
        if (channel != null && channel.pipeline().get(WebSocketFrameEncoder.class) == null) {
            channel = null; // not a plain WebSocket channel (HTTP/2, ...): Vert.x's own writes
        }
        return new WebSocketConnection(socket, channel, flushes, maxFrameBytes);
    }

    /**
     * A socket written through Vert.x alone (no batched flushes on its channel): for transports that upgrade their own
     * sockets at a low message rate, such as the QE user-data stream.
     */
    public static WebSocketConnection of(ServerWebSocket socket, int socketBytes) {
        socket.setWriteQueueMaxSize(socketBytes);
        return new WebSocketConnection(socket, null, null, Integer.MAX_VALUE);
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void write(String text) {
        write(new Frame(text));
    }

    @Override
    public void write(Frame frame) {
        byte[] utf8 = frame.utf8();
        if (channel == null || utf8.length > maxFrameBytes) {
            flush();
            socket.writeTextMessage(frame.text()); // Vert.x splits it into frames of the allowed size
            return;
        }
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), unwatched);
        if (!channel.isWritable()) {
            flush(); // a batch larger than the buffer leaves now; only what the client has not taken keeps it full
        } else if (!flushRequested) {
            flushRequested = true;
            flushes.request(flush);
        }
        if (!channel.isWritable() && !watchingDrain) {
            // The buffer is full now: when everything written so far has left, the session sends what it queued.
            watchingDrain = true;
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> channel.eventLoop().execute(() -> {
                watchingDrain = false;
                drained.run();
            }));
        }
    }

    private void flush() {
        flushRequested = false;
        if (channel != null) {
            channel.flush();
        }
    }

    @Override
    public boolean writeQueueFull() {
        return channel == null ? socket.writeQueueFull() : !channel.isWritable();
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
