package io.tradewire.gateway.session;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.spi.CloseReason;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its dialect, principal, subscriptions and liveness, over any {@link Connection}.
 * Used only on the gateway verticle's event loop.
 *
 * <p>Snapshot then live: while a stream's snapshot is on its way, live pushes of that stream are held
 * back; when it arrives the snapshot is delivered first, then only the held pushes with a higher
 * sequence number, so the client sees no gap and no duplicate.
 */
public final class Session implements SessionView {
    /** Close code for a client that reads slower than it is written to. */
    public static final short CLOSE_SLOW_CONSUMER = 1013;
    /** Close code for a connection that stayed silent past its dialect's idle timeout. */
    public static final short CLOSE_IDLE = 1001;
    /** Live pushes held back per stream while its snapshot is on its way, at most. */
    static final int MAX_HELD_PUSHES = 10_000;
    /** Client frames held while an authentication is in flight, at most. */
    static final int MAX_HELD_FRAMES = 256;
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final String id;
    private final DialectCodec codec;
    private final DialectSettings settings;
    private final Connection connection;
    private final Handshake handshake;
    private final Set<String> streams = new LinkedHashSet<>();
    private final Map<String, Object> state = new HashMap<>();
    private final Map<String, List<Push>> awaitingSnapshot = new HashMap<>();
    private final ArrayDeque<String> heldFrames = new ArrayDeque<>();
    private final int maxSubscriptions;
    /** This session's own budgets (null when rate limiting is off). */
    final TokenBucket messages;
    final TokenBucket orders;
    private boolean authenticating;
    private String principal;
    private long lastReceived;
    private long lastPing;
    /** Monotonic milliseconds at which the session's token expires (plus the clock skew); MAX_VALUE: never. */
    private long expiresAt = Long.MAX_VALUE;
    private long refusalWindowStart;
    private int refusals;
    private boolean closed;
    private final SessionMetrics metrics;

    Session(String id, DialectCodec codec, DialectSettings settings, Connection connection, Handshake handshake, long now) {
        this(id, codec, settings, connection, handshake, now, SessionLimits.UNLIMITED, 0, SessionMetrics.NONE);
    }

    Session(String id, DialectCodec codec, DialectSettings settings, Connection connection, Handshake handshake, long now,
            SessionLimits limits, long nowNanos, SessionMetrics metrics) {
        this.id = id;
        this.metrics = metrics;
        this.codec = codec;
        this.settings = settings;
        this.connection = connection;
        this.handshake = handshake;
        this.lastReceived = now;
        this.lastPing = now;
        this.maxSubscriptions = limits.subscriptionBound();
        RateLimits rates = limits.rateLimits();
        this.messages = rates.enabled() ? rates.sessionMessages().bucket(nowNanos) : null;
        this.orders = rates.enabled() ? rates.sessionOrders().bucket(nowNanos) : null;
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
        return Optional.ofNullable(handshake.query().get(name));
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(handshake.headers().get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public Set<String> streams() {
        return Collections.unmodifiableSet(streams);
    }

    @Override
    public Map<String, Object> state() {
        return state;
    }

    @Override
    public boolean snapshotPending(String stream) {
        return awaitingSnapshot.containsKey(stream);
    }

    @Override
    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    public DialectCodec codec() {
        return codec;
    }

    /** Closes the session at this monotonic time (millis) unless a fresh token moves it. */
    void expireAt(long monotonicMillis) {
        this.expiresAt = monotonicMillis;
    }

    long expiresAt() {
        return expiresAt;
    }

    /**
     * Counts a refused message; true when the refusals within the window reached {@code threshold} (0: never).
     * A window starts with its first refusal.
     */
    boolean refusedTooOften(long nowNanos, int threshold, long windowNanos) {
        if (refusals == 0 || nowNanos - refusalWindowStart > windowNanos) {
            refusalWindowStart = nowNanos;
            refusals = 0;
        }
        refusals++;
        return threshold > 0 && refusals >= threshold;
    }

    String remoteAddress() {
        return handshake.remoteAddress();
    }

    void authenticate(String userId) {
        this.principal = userId;
    }

    boolean addStream(String stream) {
        return streams.add(stream);
    }

    boolean removeStream(String stream) {
        awaitingSnapshot.remove(stream);
        return streams.remove(stream);
    }

    /** While an authentication is in flight, later client frames wait, so none is judged as anonymous. */
    void startAuthenticating() {
        authenticating = true;
    }

    boolean authenticating() {
        return authenticating;
    }

    /** Keeps a frame for after the authentication; false when too many are waiting. */
    boolean hold(String frame) {
        if (heldFrames.size() >= MAX_HELD_FRAMES) {
            return false;
        }
        heldFrames.add(frame);
        return true;
    }

    /** Ends the authentication and hands back the frames that waited, in order. */
    List<String> finishAuthenticating() {
        authenticating = false;
        List<String> frames = new ArrayList<>(heldFrames);
        heldFrames.clear();
        return frames;
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

    /** Holds live pushes of a stream back until {@link #snapshotArrived} or {@link #snapshotFailed}. */
    void awaitSnapshot(String stream) {
        awaitingSnapshot.put(stream, new ArrayList<>());
    }

    /** A live push of a subscribed stream; {@code frames} renders it once for every session that encodes it alike. */
    void deliver(Push push, FanOut frames) {
        List<Push> held = awaitingSnapshot.get(push.stream());
        if (held == null) {
            if (codec.encodesAlike(push)) {
                write(frames.of(codec), MessageTypes.ofEvent(push.event()));
            } else {
                send(new Outbound.Delivery(push, false));
            }
        } else if (held.size() < MAX_HELD_PUSHES) {
            held.add(push);
        } else {
            metrics.dropped(codec.name(), "snapshot_backlog", held.size() + 1);
            close(CLOSE_SLOW_CONSUMER, "Too many messages while the snapshot of " + push.stream() + " was on its way");
        }
    }

    /** The snapshot first, then the held pushes it does not already contain. */
    void snapshotArrived(Snapshot snapshot) {
        List<Push> held = awaitingSnapshot.remove(snapshot.stream());
        if (held == null) {
            return; // unsubscribed meanwhile
        }
        long seq = snapshot.seq();
        for (var event : snapshot.events()) {
            send(new Outbound.Delivery(new Push(snapshot.stream(), snapshot.epoch(), seq, event), true));
        }
        for (Push push : held) {
            if (push.epoch() != snapshot.epoch() || push.seq() > seq) {
                send(new Outbound.Delivery(push, false));
            }
        }
    }

    /** No snapshot could be had: go live with what was held. */
    void snapshotFailed(String stream) {
        List<Push> held = awaitingSnapshot.remove(stream);
        if (held != null) {
            held.forEach(push -> send(new Outbound.Delivery(push, false)));
        }
    }

    /** Renders a message in the session's dialect and writes it; a full write queue closes the connection. */
    public void send(Outbound message) {
        if (closed) {
            return;
        }
        write(codec.encode(message, this), MessageTypes.of(message));
    }

    /** Frames written to the transport and not yet handed to the network (0 when the transport cannot tell). */
    public int queuedFrames() {
        return connection.queuedFrames();
    }

    private void write(List<String> frames, String type) {
        if (closed || !connection.isOpen()) {
            return;
        }
        int written = 0;
        for (String frame : frames) {
            if (connection.writeQueueFull()) {
                LOG.info("Closing session {} ({}): slow consumer", id, codec.name());
                if (written > 0) {
                    metrics.sent(codec.name(), type, written);
                }
                metrics.dropped(codec.name(), "slow_consumer", frames.size() - written);
                close(CLOSE_SLOW_CONSUMER, "Slow consumer: messages are not read fast enough");
                return;
            }
            connection.write(frame);
            written++;
        }
        if (written > 0) {
            metrics.sent(codec.name(), type, written);
        }
    }

    /** Heartbeat: close when the token expired or silent too long, ping when due, and let the dialect push what is due. */
    void heartbeat(long now, long wallClock) {
        if (closed) {
            return;
        }
        if (now >= expiresAt) {
            LOG.info("Closing session {} ({}): token expired", id, codec.name());
            closeFor(CloseReason.TOKEN_EXPIRED, "Token expired: authenticate again with a fresh token");
            return;
        }
        if (now - lastReceived > settings.idleTimeout().toMillis()) {
            close(CLOSE_IDLE, "Idle timeout: nothing received for " + settings.idleTimeout().toSeconds() + "s");
            return;
        }
        if (now - lastPing >= settings.pingInterval().toMillis()) {
            lastPing = now;
            connection.ping();
        }
        send(new Outbound.Heartbeat(wallClock));
    }

    /** Tells the client why in its dialect (when the dialect can), then closes with the reason's code. */
    void closeFor(CloseReason reason, String message) {
        if (closed) {
            return;
        }
        send(new Outbound.Closing(reason, message));
        close(reason.closeCode(), reason.closeText());
    }

    void close(short code, String reason) {
        if (!closed) {
            closed = true;
            connection.close(code, reason);
        }
    }
}
