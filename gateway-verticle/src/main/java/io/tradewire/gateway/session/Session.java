package io.tradewire.gateway.session;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.spi.CloseReason;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.event.Push;
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
 * <p>Its streams reach it through {@link Sequencing}: snapshot then live, gaps healed, resumes, a user's
 * streams in causal order.
 *
 * <p>Outbound: frames go straight to the connection while it takes them; once its buffer is full (the client
 * reads slower than it is written to) they wait in the session's {@link OutboundQueue}, where a state stream
 * keeps only its latest message, and leave as the connection {@linkplain #drain drains}. A queue past its
 * bounds closes the session as a slow consumer (1013) without slowing any other session. Book and ticker
 * subscriptions may be {@linkplain #throttle throttled}.
 */
public final class Session implements SessionView {
    /** Close code for a client that reads slower than it is written to ({@link CloseReason#SLOW_CONSUMER}). */
    /** Close code for a connection that stayed silent past its dialect's idle timeout. */
    public static final short CLOSE_IDLE = 1001;
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
    private final ArrayDeque<String> heldFrames = new ArrayDeque<>();
    private final int maxSubscriptions;
    private final Outflow outflow;
    private final OutboundQueue queue;
    /** Throttled subscriptions by stream (null until the first). */
    private Map<String, Throttle> throttles;
    /** This session's own budgets (null when rate limiting is off). */
    final TokenBucket messages;
    final TokenBucket orders;
    private boolean authenticating;
    private String principal;
    private long lastReceived;
    private long lastPing;
    /** Whether frames went to the connection since the last heartbeat, at {@link #lastHeartbeat} (see {@link #heartbeat}). */
    private boolean wrote;
    private long lastHeartbeat;
    /** Monotonic milliseconds at which the session's token expires (plus the clock skew); MAX_VALUE: never. */
    private long expiresAt = Long.MAX_VALUE;
    private long refusalWindowStart;
    private int refusals;
    private boolean closed;
    private final SessionMetrics metrics;
    /** The order its streams reach it in (set when the session is opened). */
    Sequencing sequencing;

    Session(String id, DialectCodec codec, DialectSettings settings, Connection connection, Handshake handshake, long now,
            SessionLimits limits, long nowNanos, Outflow outflow, SessionMetrics metrics) {
        this.id = id;
        this.metrics = metrics;
        this.codec = codec;
        this.settings = settings;
        this.connection = connection;
        this.handshake = handshake;
        this.lastReceived = now;
        this.lastPing = now;
        this.lastHeartbeat = now;
        this.maxSubscriptions = limits.subscriptionBound();
        this.outflow = outflow;
        this.queue = new OutboundQueue(outflow.limits());
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
        return sequencing != null && sequencing.pending(stream);
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
        if (sequencing != null) {
            sequencing.forget(stream);
        }
        if (throttles != null) {
            throttles.remove(stream);
        }
        return streams.remove(stream);
    }

    /**
     * Limits a subscribed book or ticker stream to {@code maxPerSecond} messages a second, always ending on the
     * latest (0: no limit). Other streams are not throttled: every message of theirs matters, or (account,
     * positions) it is rare.
     */
    void throttle(String stream, int maxPerSecond) {
        if (maxPerSecond <= 0 || !Throttle.applies(stream)) {
            if (throttles != null) {
                throttles.remove(stream);
            }
            return;
        }
        if (throttles == null) {
            throttles = new HashMap<>();
        }
        Throttle current = throttles.get(stream);
        if (current == null || current.maxPerSecond() != maxPerSecond) {
            throttles.put(stream, new Throttle(maxPerSecond));
        }
    }

    /** The update limit of a subscribed stream (0: none). */
    int throttleOf(String stream) {
        Throttle throttle = throttles == null ? null : throttles.get(stream);
        return throttle == null ? 0 : throttle.maxPerSecond();
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
        discardQueue();
    }

    void touch(long now) {
        lastReceived = now;
    }

    /**
     * A push of a subscribed stream, next in its order ({@link Sequencing}); {@code frames} renders it once for every
     * session that encodes it alike, or is null for a push of this session alone (replayed from history, held back).
     */
    void deliver(Push push, FanOut frames) {
        Throttle throttle = throttles == null ? null : throttles.get(push.stream());
        if (throttle == null || admit(throttle, push)) {
            deliverNow(push, frames != null ? frames : new FanOut(push));
        }
    }

    /** Too many pushes of a stream held while it caught up: closed as a slow consumer, the held frames counted as dropped. */
    void overflow(String stream, int held) {
        metrics.dropped(codec.name(), "snapshot_backlog", held);
        close(CloseReason.SLOW_CONSUMER.closeCode(), "Too many messages while " + stream + " was catching up");
    }

    /** Whether a throttled stream's push goes now; otherwise it is held, and a timer sends the latest held later. */
    private boolean admit(Throttle throttle, Push push) {
        long now = outflow.time().nanoTime();
        switch (throttle.offer(push, now)) {
            case SEND:
                return true;
            case HOLD_AND_SCHEDULE:
                long delayMillis = Math.max(1, (throttle.dueIn(now) + 999_999) / 1_000_000);
                outflow.timers().schedule(delayMillis, () -> release(push.stream(), throttle));
                return false;
            default:
                outflow.counters().throttledOne();
                metrics.dropped(codec.name(), "throttled", 1);
                return false;
        }
    }

    /**
     * A throttle's interval passed: its latest held push goes out, unless the subscription ended meanwhile (a new
     * rate set meanwhile does not hold it back: the client still ends on the latest state).
     */
    private void release(String stream, Throttle throttle) {
        Push push = throttle.release(outflow.time().nanoTime());
        if (push != null && !closed && streams.contains(stream)) {
            deliverNow(push, new FanOut(push));
        }
    }

    /**
     * The conflation key and message type come from the fan-out: worked out once per push, not per session (the key
     * only when a frame has to wait in the queue).
     */
    private void deliverNow(Push push, FanOut frames) {
        if (codec.encodesAlike(push)) {
            write(frames.of(codec), frames, frames.type());
        } else if (!closed) {
            write(Frame.render(codec, new Outbound.Delivery(push, false), this), frames, frames.type());
        }
    }

    /** Renders a message in the session's dialect and writes it (or queues it while the connection is full). */
    public void send(Outbound message) {
        if (closed) {
            return;
        }
        write(Frame.render(codec, message, this), null, MessageTypes.of(message));
    }

    /** Messages waiting for the connection: the outbound queue's length (0 while frames go straight through). */
    public int queuedFrames() {
        return queue.messages();
    }


    /**
     * Straight to the connection while it takes frames and none waits; otherwise to the back of the queue (a
     * frame with a conflation key — the push's, when {@code push} is not null — replacing the waiting one of its key).
     * A queue past its bounds closes the session as a slow consumer.
     */
    private void write(List<Frame> frames, FanOut push, String type) {
        if (closed || !connection.isOpen()) {
            return;
        }
        if (!frames.isEmpty()) {
            metrics.sent(codec.name(), type, frames.size()); // handed to the connection or queued for it
        }
        for (Frame frame : frames) {
            if (queue.isEmpty() && !connection.writeQueueFull()) {
                connection.write(frame);
                wrote = true;
                continue;
            }
            int messages = queue.messages();
            long bytes = queue.bytes();
            OutboundQueue.Offer offer = queue.offer(frame, push != null && frames.size() == 1 ? push.conflationKey() : null);
            outflow.counters().queueChanged(queue.messages() - messages, queue.bytes() - bytes);
            if (offer == OutboundQueue.Offer.CONFLATED) {
                outflow.counters().conflatedOne();
                metrics.dropped(codec.name(), "conflated", 1);
            } else if (offer == OutboundQueue.Offer.OVERFLOW) {
                closeSlow();
                return;
            }
        }
    }

    /** The connection can take more: the waiting frames go, oldest first, for as long as it takes them. */
    void drain() {
        if (closed || queue.isEmpty() || !connection.isOpen()) {
            return;
        }
        int messages = queue.messages();
        long bytes = queue.bytes();
        Frame frame;
        while (!connection.writeQueueFull() && (frame = queue.poll()) != null) {
            connection.write(frame);
            wrote = true;
        }
        outflow.counters().queueChanged(queue.messages() - messages, queue.bytes() - bytes);
    }


    private void closeSlow() {
        OutboundLimits limits = outflow.limits();
        int messages = queue.messages();
        long bytes = queue.bytes();
        int dropped = discardQueue();
        outflow.counters().closedSlow(dropped);
        metrics.dropped(codec.name(), "slow_consumer", dropped);
        LOG.info("Closing session {} ({}): slow consumer, {} messages ({} bytes) waiting", id, codec.name(), messages, bytes);
        closeFor(CloseReason.SLOW_CONSUMER, "Slow consumer: more than " + limits.maxMessages() + " messages or "
                + limits.maxBytes() + " bytes waiting to be read; reconnect and read faster");
    }

    /** Empties the queue; returns how many frames were still wanted. */
    private int discardQueue() {
        int messages = queue.messages();
        long bytes = queue.bytes();
        int dropped = queue.clear();
        outflow.counters().queueChanged(-messages, -bytes);
        return dropped;
    }

    /**
     * Heartbeat: close when the token expired or silent too long, ping when due, and let the dialect push what is due.
     *
     * <p>Silent means: nothing received (a pong counts) and nothing read. A connection that took frames since the
     * last heartbeat and still has room in its buffer passed what it had on to the client, which is reading: that
     * counts as a sign of life. So a client busy with a backlog — a ping waits behind it in the socket buffers, and
     * the pong with it — is not taken for a dead one; a client that stopped reading fills its buffer and gets no
     * such credit.
     */
    void heartbeat(long now, long wallClock) {
        if (closed) {
            return;
        }
        if (wrote && !connection.writeQueueFull()) {
            lastReceived = Math.max(lastReceived, lastHeartbeat); // the frames went after the last heartbeat
        }
        wrote = false;
        lastHeartbeat = now;
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

    /**
     * Tells the client why in its dialect (when the dialect can), then closes with the reason's code. The last words
     * go to the connection directly: whatever still waits in the queue is dropped with the session anyway.
     */
    void closeFor(CloseReason reason, String message) {
        if (closed) {
            return;
        }
        discardQueue();
        if (connection.isOpen()) {
            for (Frame frame : Frame.render(codec, new Outbound.Closing(reason, message), this)) {
                connection.write(frame);
            }
        }
        close(reason.closeCode(), reason.closeText());
    }

    void close(short code, String reason) {
        if (!closed) {
            closed = true;
            discardQueue();
            connection.close(code, reason);
        }
    }
}
