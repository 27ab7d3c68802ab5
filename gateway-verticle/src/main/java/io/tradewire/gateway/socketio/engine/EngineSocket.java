package io.tradewire.gateway.socketio.engine;

import io.tradewire.gateway.session.Connection;
import io.tradewire.gateway.session.Handshake;
import io.tradewire.gateway.session.Session;
import io.tradewire.gateway.session.Sessions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO socket: a gateway session's {@link Connection} over HTTP long-polling, WebSocket, or
 * polling first and WebSocket after an upgrade.
 *
 * <p>Long-polling: outgoing packets wait in a buffer until the client's pending GET takes them (several
 * written in one event-loop turn leave in one response); one GET and one POST at a time. Upgrade: a
 * WebSocket with this sid is probed ({@code 2probe} → {@code 3probe}); from then on a poll is answered at
 * once (with {@code 6}, NOOP, when there is nothing) so the client can pause polling; on {@code 5} the
 * WebSocket becomes the transport and the buffer is flushed onto it. Liveness: the gateway's heartbeat
 * calls {@link #ping()} every ping interval; a ping without pong within the ping timeout closes the socket,
 * and so does a session still unauthenticated (no accepted Socket.IO CONNECT) after the connect timeout.
 * Event loop only.
 */
final class EngineSocket implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSocket.class);
    private static final short CLOSE_NORMAL = 1000;
    private static final short CLOSE_GOING_AWAY = 1001;
    private static final short CLOSE_PROTOCOL_ERROR = 1002;
    private static final short CLOSE_POLICY = 1008;
    private static final short CLOSE_TOO_BIG = 1009;

    private final Vertx vertx;
    private final EngineIoServer server;
    private final String sid;
    private final EngineLimits limits;
    private final List<String> buffer = new ArrayList<>();
    private long bufferedChars;
    /** Packets written to the WebSocket and not yet handed to the network. */
    private Sessions sessions;
    private Session session;
    private RoutingContext poll;
    private boolean posting;
    private boolean flushScheduled;
    private ServerWebSocket webSocket;
    private ServerWebSocket probe;
    private boolean probed;
    private boolean pongDue;
    private long pingTimer = -1;
    private long connectTimer = -1;
    private boolean closed;

    EngineSocket(Vertx vertx, EngineIoServer server, String sid, EngineLimits limits) {
        this.vertx = vertx;
        this.server = server;
        this.sid = sid;
        this.limits = limits;
    }

    /** The session on this socket; it must authenticate (an accepted CONNECT) within the connect timeout. */
    void attach(Sessions sessions, Session session) {
        this.sessions = sessions;
        this.session = session;
        connectTimer = vertx.setTimer(limits.connectTimeout().toMillis(), id -> {
            connectTimer = -1;
            if (session.principal().isEmpty()) {
                LOG.debug("Engine.IO socket of {}: no authenticated CONNECT in time", session.id());
                terminate(CLOSE_POLICY, "No authenticated CONNECT within " + limits.connectTimeout().toMillis() + " ms");
            }
        });
    }

    boolean isPolling() {
        return webSocket == null;
    }

    boolean canUpgrade() {
        return webSocket == null && probe == null && !closed;
    }

    // ------------------------------------------------------------ Connection (the session writes here)

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void write(String text) {
        send(EnginePacket.MESSAGE + text);
    }

    @Override
    public boolean writeQueueFull() {
        return webSocket != null ? webSocket.writeQueueFull() : bufferedChars > limits.socketBytes();
    }

    /** An Engine.IO PING; the client must answer with a PONG within the ping timeout. */
    @Override
    public void ping() {
        if (closed) {
            return;
        }
        send(String.valueOf(EnginePacket.PING));
        if (pongDue) {
            return; // the timeout runs from the oldest unanswered ping
        }
        pongDue = true;
        pingTimer = vertx.setTimer(limits.pingTimeout().toMillis(), id -> {
            pingTimer = -1;
            if (pongDue) {
                LOG.debug("Engine.IO socket of {}: ping timeout", session == null ? "(no session)" : session.id());
                terminate(CLOSE_GOING_AWAY, "Ping timeout");
            }
        });
    }

    @Override
    public void close(short code, String reason) {
        terminate(code, reason);
    }

    // ------------------------------------------------------------ outgoing packets

    void send(String packet) {
        if (closed) {
            return;
        }
        if (webSocket != null) {
            webSocket.writeTextMessage(packet);
            return;
        }
        buffer.add(packet);
        bufferedChars += packet.length();
        if (poll != null && !flushScheduled) {
            // Let everything written in this event-loop turn leave in one response.
            flushScheduled = true;
            vertx.runOnContext(v -> flush());
        }
    }

    private void flush() {
        flushScheduled = false;
        if (poll == null || closed || buffer.isEmpty() && !probed) {
            return;
        }
        String body = buffer.isEmpty() ? String.valueOf(EnginePacket.NOOP) : EnginePacket.encodePayload(buffer);
        buffer.clear();
        bufferedChars = 0;
        RoutingContext answered = poll;
        poll = null;
        respond(answered, body);
        if (session != null) {
            sessions.writable(session); // what waited in the session's queue fills the next poll
        }
    }

    private static void respond(RoutingContext ctx, String body) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().putHeader("Content-Type", "text/plain; charset=UTF-8").end(body);
        }
    }

    // ------------------------------------------------------------ long-polling

    /** A GET: answered at once when packets wait (or an upgrade is under way), else held until some are written. */
    void poll(RoutingContext ctx) {
        if (poll != null) {
            EngineIoServer.error(ctx, EngineIoServer.BAD_REQUEST);
            terminate(CLOSE_PROTOCOL_ERROR, "Overlapping polls");
            return;
        }
        poll = ctx;
        ctx.response().closeHandler(v -> {
            if (poll == ctx) {
                poll = null;
                terminate(CLOSE_GOING_AWAY, "Poll connection closed prematurely");
            }
        });
        if (!buffer.isEmpty() || probed) {
            flush();
        }
    }

    /** A POST: packets from the client, at most {@code maxPayload} bytes. */
    void post(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (posting) {
            EngineIoServer.error(ctx, EngineIoServer.BAD_REQUEST);
            terminate(CLOSE_PROTOCOL_ERROR, "Overlapping posts");
            return;
        }
        String type = request.getHeader("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            EngineIoServer.error(ctx, EngineIoServer.BAD_REQUEST);
            return;
        }
        posting = true;
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > limits.maxPayload()) {
                tooLarge[0] = true;
                posting = false;
                ctx.response().setStatusCode(413).end();
                terminate(CLOSE_TOO_BIG, "Payload larger than max-http-buffer-size");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> posting = false);
        request.endHandler(v -> {
            if (tooLarge[0]) {
                return;
            }
            posting = false;
            if (!ctx.response().ended()) {
                ctx.response().putHeader("Content-Type", "text/html").end("ok");
            }
            for (String packet : EnginePacket.decodePayload(body.toString(StandardCharsets.UTF_8))) {
                if (closed) {
                    return;
                }
                received(packet);
            }
        });
    }

    // ------------------------------------------------------------ WebSocket

    /** A WebSocket from the start (no upgrade). */
    void useWebSocket(ServerWebSocket socket) {
        webSocket = socket;
        socket.textMessageHandler(this::received);
        socket.binaryMessageHandler(data -> binary());
        socket.exceptionHandler(error -> {
            if (session != null) {
                sessions.failed(session, error);
            }
        });
        socket.drainHandler(v -> {
            if (session != null && webSocket == socket) {
                sessions.writable(session);
            }
        });
        socket.closeHandler(v -> {
            if (webSocket == socket) {
                terminate(CLOSE_NORMAL, "Transport closed");
            }
        });
        List<String> waiting = new ArrayList<>(buffer);
        buffer.clear();
        bufferedChars = 0;
        waiting.forEach(socket::writeTextMessage);
        if (session != null && !waiting.isEmpty()) {
            sessions.writable(session);
        }
    }

    /** A WebSocket that wants to take over from long-polling: probe, then upgrade. */
    void probe(ServerWebSocket socket, Handshake handshake) {
        if (!canUpgrade()) {
            socket.close(CLOSE_PROTOCOL_ERROR, "Already upgrading");
            return;
        }
        probe = socket;
        socket.closeHandler(v -> {
            if (probe == socket) {
                probe = null;
                probed = false;
            }
        });
        socket.textMessageHandler(text -> {
            if (probe != socket || closed) {
                return;
            }
            if (text.equals(EnginePacket.PING + "probe")) {
                socket.writeTextMessage(EnginePacket.PONG + "probe");
                probed = true;
                // A waiting poll is answered now (with NOOP if nothing waits) so the client can pause polling.
                flush();
            } else if (text.equals(String.valueOf(EnginePacket.UPGRADE)) && probed) {
                probe = null;
                probed = false;
                if (session != null) {
                    session.state().put(EngineIoServer.UPGRADE_HANDSHAKE, handshake);
                }
                if (poll != null) {
                    RoutingContext answered = poll;
                    poll = null;
                    respond(answered, String.valueOf(EnginePacket.NOOP));
                }
                useWebSocket(socket);
            } else {
                probe = null;
                probed = false;
                socket.close(CLOSE_PROTOCOL_ERROR, "Unexpected packet during upgrade");
            }
        });
        socket.binaryMessageHandler(data -> {
            if (probe == socket) {
                probe = null;
                probed = false;
                socket.close(CLOSE_PROTOCOL_ERROR, "Unexpected packet during upgrade");
            }
        });
    }

    // ------------------------------------------------------------ incoming packets

    private void received(String packet) {
        if (closed || session == null) {
            return;
        }
        if (packet.isEmpty()) {
            terminate(CLOSE_PROTOCOL_ERROR, "Empty Engine.IO packet");
            return;
        }
        char type = packet.charAt(0);
        switch (type) {
            case EnginePacket.MESSAGE -> sessions.received(session, packet.substring(1));
            case EnginePacket.PONG -> {
                pongDue = false;
                if (pingTimer >= 0) {
                    vertx.cancelTimer(pingTimer);
                    pingTimer = -1;
                }
                sessions.alive(session);
            }
            case EnginePacket.PING -> {
                // Engine.IO 3 clients ping; answer anyway.
                sessions.alive(session);
                send(EnginePacket.PONG + packet.substring(1));
            }
            case EnginePacket.CLOSE -> terminate(CLOSE_NORMAL, "Closed by the client");
            case EnginePacket.NOOP, EnginePacket.UPGRADE -> sessions.alive(session);
            case EnginePacket.BINARY -> binary();
            default -> terminate(CLOSE_PROTOCOL_ERROR, "Invalid Engine.IO packet");
        }
    }

    private void binary() {
        if (!closed && session != null) {
            sessions.receivedBinary(session);
        }
    }

    /** Closes the socket once: the client is told (CLOSE on a waiting poll, or the WebSocket closes) and the session ends. */
    private void terminate(short code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        server.forget(sid);
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
        if (connectTimer >= 0) {
            vertx.cancelTimer(connectTimer);
            connectTimer = -1;
        }
        if (poll != null) {
            // What the session wrote last (an error, a Socket.IO DISCONNECT) still reaches a waiting poll, then CLOSE.
            RoutingContext answered = poll;
            poll = null;
            List<String> last = new ArrayList<>(buffer);
            last.add(String.valueOf(EnginePacket.CLOSE));
            respond(answered, EnginePacket.encodePayload(last));
        }
        buffer.clear();
        bufferedChars = 0;
        if (webSocket != null && !webSocket.isClosed()) {
            webSocket.close(code, reason);
        }
        if (probe != null && !probe.isClosed()) {
            probe.close(code, reason);
        }
        probe = null;
        if (session != null) {
            sessions.closed(session);
        }
    }

    boolean isClosed() {
        return closed;
    }
}
