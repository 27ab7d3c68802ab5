package io.tradewire.gateway.session;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.RejectedException;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.Addresses;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one gateway verticle: opens them on upgraded sockets, turns each decoded request
 * into its effect (authentication, subscriptions, commands on the bus) and answers in the session's
 * dialect. Every failure is answered; none reaches another session.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final Vertx vertx;
    private final Function<String, Future<String>> authenticator;
    private final CommandRouter router;
    private final StreamRegistry streams;
    private final DeliveryOptions requestOptions;
    private final Map<String, Session> open = new LinkedHashMap<>();
    private long nextId;

    public Sessions(Vertx vertx, TokenService tokens, InstrumentDirectory instruments, String venue, Duration requestTimeout) {
        this(vertx, tokens::authenticate, instruments, venue, requestTimeout);
    }

    /**
     * @param authenticator turns a bearer token into its user id, or fails with a message for the client
     *                      ({@link TokenService#authenticate})
     */
    public Sessions(Vertx vertx, Function<String, Future<String>> authenticator, InstrumentDirectory instruments, String venue,
            Duration requestTimeout) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.router = new CommandRouter(instruments, venue);
        this.streams = new StreamRegistry(vertx.eventBus());
        this.requestOptions = new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
    }

    /**
     * Starts a session on a connection: greets it in its dialect and handles what the connection itself
     * implies (a token in the URL, ...). The transport then feeds it with {@link #received} and friends.
     */
    public Session open(Connection connection, DialectCodec codec, DialectSettings settings, Handshake handshake) {
        Session session = new Session(codec.name() + "-" + Long.toString(++nextId, 36), codec, settings, connection, handshake, now());
        open.put(session.id(), session);
        session.send(new Outbound.Opened(System.currentTimeMillis()));
        List<Inbound> implied;
        try {
            implied = codec.onOpen(session);
        } catch (RuntimeException e) {
            LOG.warn("Dialect {} failed to open session {}", codec.name(), session.id(), e);
            implied = List.of();
        }
        implied.forEach(request -> dispatch(session, request));
        return session;
    }

    /** A text message from the client. */
    public void received(Session session, String frame) {
        session.touch(now());
        if (session.authenticating()) {
            if (!session.hold(frame)) {
                session.close((short) 1008, "Too many messages while authenticating");
            }
            return;
        }
        Inbound request;
        try {
            request = session.codec().decode(frame, session);
        } catch (DecodeException e) {
            session.send(new Outbound.Failure(e.code(), e.getMessage(), e.requestType(), e.detail()));
            return;
        } catch (RuntimeException e) {
            LOG.warn("Dialect {} failed to decode a frame of session {}", session.codec().name(), session.id(), e);
            session.send(new Outbound.Failure(ErrorCode.MALFORMED, "Malformed message", null));
            return;
        }
        dispatch(session, request);
    }

    /** A binary message: no dialect takes those. */
    public void receivedBinary(Session session) {
        session.touch(now());
        session.send(new Outbound.Failure(ErrorCode.MALFORMED, "Binary frames are not supported: send JSON text", null));
    }

    /** The client showed it is alive without a message (a pong). */
    public void alive(Session session) {
        session.touch(now());
    }

    /**
     * A transport error. A frame over {@code gateway.max-frame-bytes} / {@code max-message-bytes} (or
     * another protocol violation) arrives as Netty's typed exception: close with the status it carries
     * (1009 for a message too big) rather than the default 1000, so the client learns why.
     */
    public void failed(Session session, Throwable error) {
        if (error instanceof CorruptedWebSocketFrameException corrupted) {
            LOG.info("Closing session {} ({}): {}", session.id(), session.codec().name(), corrupted.closeStatus());
            session.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else {
            LOG.debug("Session {} transport error: {}", session.id(), error.toString());
        }
    }

    /** The connection is gone. */
    public void closed(Session session) {
        session.markClosed();
        open.remove(session.id());
        streams.unsubscribeAll(session);
    }

    /** Pings sockets that are due and closes those silent past their idle timeout. */
    public void heartbeat() {
        long now = now();
        long wallClock = System.currentTimeMillis();
        for (Session session : new ArrayList<>(open.values())) {
            session.heartbeat(now, wallClock);
        }
    }

    public Map<String, Integer> countsByDialect() {
        Map<String, Integer> counts = new HashMap<>();
        open.values().forEach(s -> counts.merge(s.codec().name(), 1, Integer::sum));
        return counts;
    }

    public int streamCount() {
        return streams.streamCount();
    }

    /** Closes every socket (shutdown). */
    public void closeAll() {
        for (Session session : new ArrayList<>(open.values())) {
            session.close((short) 1001, "Server shutting down");
        }
    }





    private void dispatch(Session session, Inbound request) {
        if (request instanceof Inbound.Authenticate auth) {
            authenticate(session, auth);
        } else if (request instanceof Inbound.Subscribe subscribe) {
            subscribe(session, subscribe);
        } else if (request instanceof Inbound.Unsubscribe unsubscribe) {
            unsubscribe.streams().forEach(stream -> streams.unsubscribe(session, stream));
            session.send(new Outbound.SubscriptionResult(unsubscribe, true, "Unsubscribed successfully"));
        } else if (request instanceof Inbound.Execute execute) {
            execute(session, execute);
        } else if (request instanceof Inbound.Ping) {
            session.send(new Outbound.Pong(System.currentTimeMillis()));
        }
    }

    /** Checks a token; the session's later frames wait until the outcome is answered, then run in order. */
    private void authenticate(Session session, Inbound.Authenticate auth) {
        session.startAuthenticating();
        authenticator.apply(auth.token()).onComplete(result -> {
            if (!session.isClosed()) {
                answerAuthentication(session, auth, result.succeeded() ? result.result() : null,
                        result.succeeded() ? null : result.cause().getMessage());
            }
            for (String frame : session.finishAuthenticating()) {
                received(session, frame); // a held frame that authenticates again holds the rest once more
            }
        });
    }

    private void answerAuthentication(Session session, Inbound.Authenticate auth, String user, String failure) {
        if (user == null) {
            session.send(new Outbound.AuthResult(false, null, failure));
        } else if (auth.claimedUserId() != null && !auth.claimedUserId().equals(user)) {
            session.send(new Outbound.AuthResult(false, null, "Invalid credentials"));
        } else if (session.principal().filter(current -> !current.equals(user)).isPresent()) {
            session.send(new Outbound.AuthResult(false, null, "Session is already authenticated as another user"));
        } else {
            session.authenticate(user);
            session.send(new Outbound.AuthResult(true, user, "Authentication successful"));
            session.codec().streamsAfterAuthentication(session).forEach(stream -> streams.subscribe(session, stream));
        }
    }

    private void subscribe(Session session, Inbound.Subscribe subscribe) {
        // The codec maps only the principal's own streams; check again here so that no codec can leak.
        for (String stream : subscribe.streams()) {
            String owner = StreamKeys.ownerOf(stream);
            if (StreamKeys.isPrivate(stream) && (owner == null || !session.principal().filter(owner::equals).isPresent())) {
                session.send(new Outbound.Failure(ErrorCode.UNAUTHENTICATED, "Not authenticated", null));
                return;
            }
        }
        List<String> added = new ArrayList<>();
        for (String stream : subscribe.streams()) {
            if (streams.subscribe(session, stream)) {
                added.add(stream);
                if (subscribe.snapshot()) {
                    session.awaitSnapshot(stream);
                }
            }
        }
        session.send(new Outbound.SubscriptionResult(subscribe, true, "Subscribed successfully"));
        if (subscribe.snapshot()) {
            added.forEach(stream -> requestSnapshot(session, stream));
        }
    }

    /** Asks the notifier for a stream's state; the session holds the stream's live pushes until it arrives. */
    private void requestSnapshot(Session session, String stream) {
        vertx.eventBus().<Snapshot>request(Addresses.NOTIFIER_SNAPSHOT, new SnapshotRequest(stream), requestOptions)
                .onComplete(reply -> {
                    if (reply.succeeded()) {
                        session.snapshotArrived(reply.result().body());
                    } else {
                        LOG.debug("No snapshot of {} for session {}: {}", stream, session.id(), reply.cause().getMessage());
                        session.snapshotFailed(stream);
                    }
                });
    }

    private void execute(Session session, Inbound.Execute execute) {
        if (!session.principal().filter(execute.command().userId()::equals).isPresent()) {
            session.send(new Outbound.Failure(ErrorCode.UNAUTHENTICATED, "Not authenticated", execute.requestType()));
            return;
        }
        String address;
        try {
            address = router.addressFor(execute.command());
        } catch (RejectedException e) {
            session.send(Outbound.CommandResult.failed(execute, e.code(), e.getMessage()));
            return;
        }
        vertx.eventBus().request(address, execute.command(), requestOptions).onComplete(reply -> {
            if (reply.succeeded()) {
                session.send(Outbound.CommandResult.ok(execute, reply.result().body()));
            } else {
                session.send(failed(execute, reply.cause()));
            }
        });
    }

    private static Outbound.CommandResult failed(Inbound.Execute execute, Throwable cause) {
        if (cause instanceof ReplyException reply) {
            switch (reply.failureType()) {
                case RECIPIENT_FAILURE:
                    return Outbound.CommandResult.failed(execute, ErrorCode.of(reply.failureCode()), reply.getMessage());
                case TIMEOUT:
                    return Outbound.CommandResult.failed(execute, ErrorCode.TIMEOUT, "The venue did not answer in time");
                default:
                    return Outbound.CommandResult.failed(execute, ErrorCode.UNAVAILABLE, "The venue is not available");
            }
        }
        LOG.warn("Command {} failed", execute.requestType(), cause);
        return Outbound.CommandResult.failed(execute, ErrorCode.INTERNAL, "Internal error");
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    List<Session> sessions() {
        return List.copyOf(open.values());
    }
}
