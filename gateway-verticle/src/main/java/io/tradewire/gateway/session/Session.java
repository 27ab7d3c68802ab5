package io.tradewire.gateway.session;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: its dialect, principal, subscriptions and liveness. Used only on the
 * gateway verticle's event loop.
 */
public final class Session implements SessionView {
    /** Close code for a socket whose client reads slower than it is written to. */
    public static final short CLOSE_SLOW_CONSUMER = 1013;
    /** Close code for a socket that stayed silent past its dialect's idle timeout. */
    public static final short CLOSE_IDLE = 1001;
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final Buffer PING_PAYLOAD = Buffer.buffer("tw");

    private final String id;
    private final DialectCodec codec;
    private final DialectSettings settings;
    private final ServerWebSocket socket;
    private final Map<String, String> query;
    private final Set<String> streams = new LinkedHashSet<>();
    private final Map<String, Object> state = new HashMap<>();
    private String principal;
    private long lastReceived;
    private long lastPing;
    private boolean closed;

    Session(String id, DialectCodec codec, DialectSettings settings, ServerWebSocket socket, Map<String, String> query,
            long now) {
        this.id = id;
        this.codec = codec;
        this.settings = settings;
        this.socket = socket;
        this.query = Map.copyOf(query);
        this.lastReceived = now;
        this.lastPing = now;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    @Override
    public Set<String> streams() {
        return Collections.unmodifiableSet(streams);
    }

    @Override
    public Map<String, Object> state() {
        return state;
    }

    DialectCodec codec() {
        return codec;
    }

    void authenticate(String userId) {
        this.principal = userId;
    }

    boolean addStream(String stream) {
        return streams.add(stream);
    }

    boolean removeStream(String stream) {
        return streams.remove(stream);
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    void touch(long now) {
        lastReceived = now;
    }

    /** Renders a message in the session's dialect and writes it; a full write queue closes the socket. */
    public void send(Outbound message) {
        if (closed) {
            return;
        }
        for (String frame : codec.encode(message, this)) {
            if (socket.writeQueueFull()) {
                LOG.info("Closing session {} ({}): slow consumer", id, codec.name());
                close(CLOSE_SLOW_CONSUMER, "Slow consumer: messages are not read fast enough");
                return;
            }
            socket.writeTextMessage(frame);
        }
    }

    /** Heartbeat: close the socket when it has been silent too long, otherwise ping when due. */
    void heartbeat(long now) {
        if (closed) {
            return;
        }
        if (now - lastReceived > settings.idleTimeout().toMillis()) {
            close(CLOSE_IDLE, "Idle timeout: nothing received for " + settings.idleTimeout().toSeconds() + "s");
        } else if (now - lastPing >= settings.pingInterval().toMillis()) {
            lastPing = now;
            socket.writePing(PING_PAYLOAD);
        }
    }

    void close(short code, String reason) {
        if (!closed) {
            closed = true;
            socket.close(code, reason);
        }
    }
}
