package io.tradewire.gateway.session;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.gateway.auth.TokenVerifier;
import io.tradewire.gateway.auth.VerifiedToken;
import io.tradewire.gateway.spi.CloseReason;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.RejectedException;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.PartitionEpochs;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one gateway verticle: opens them on upgraded sockets, turns each decoded request
 * into its effect (authentication, subscriptions, commands on the bus) and answers in the session's
 * dialect. Every failure is answered; none reaches another session.
 *
 * <p>Limits ({@link SessionLimits}): sessions per client address and per user, streams per session,
 * token buckets per session and per user (shared by the user's sessions here) with a close for a session
 * that keeps going over them, and the close of a session whose token expired (4001) unless a fresh token
 * arrived in-band before.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    static final String TOO_MANY_MESSAGES = "Too many requests: slow down (message rate limit)";
    static final String TOO_MANY_ORDERS = "Too many requests: slow down (order rate limit)";

    private final Vertx vertx;
    private final TokenVerifier verifier;
    private final CommandRouter router;
    private final StreamRegistry streams;
    private final StreamReader reader;
    private final DeliveryOptions requestOptions;
    private final SessionLimits limits;
    private final TimeSource time;
    private final Outflow outflow;
    private final Map<String, Session> open = new LinkedHashMap<>();
    private final Map<String, Integer> byAddress = new HashMap<>();
    private final Map<String, UserSessions> byUser = new HashMap<>();
    private long nextId;
    private SessionMetrics metrics = SessionMetrics.NONE;

    /** The sessions of one user on this gateway and their shared budgets. */
    private static final class UserSessions {
        int count;
        final TokenBucket messages;
        final TokenBucket orders;

        UserSessions(RateLimits rates, long nowNanos) {
            messages = rates.enabled() ? rates.userMessages().bucket(nowNanos) : null;
            orders = rates.enabled() ? rates.userOrders().bucket(nowNanos) : null;
        }
    }

    /** No limits, the system clock (compatibility). */
    public Sessions(Vertx vertx, TokenService tokens, InstrumentDirectory instruments, String venue, Duration requestTimeout) {
        this(vertx, tokens, instruments, venue, requestTimeout, SessionLimits.UNLIMITED, TimeSource.SYSTEM);
    }

    /**
     * No limits, the system clock, tokens that never expire on an open socket (compatibility).
     *
     * @param authenticator turns a bearer token into its user id, or fails with a message for the client
     *                      ({@link TokenService#authenticate})
     */
    public Sessions(Vertx vertx, Function<String, Future<String>> authenticator, InstrumentDirectory instruments, String venue,
            Duration requestTimeout) {
        this(vertx, token -> authenticator.apply(token).map(user -> new VerifiedToken(user, null)), instruments, venue,
                requestTimeout, SessionLimits.UNLIMITED, TimeSource.SYSTEM);
    }

    /**
     * @param verifier turns a bearer token into its user and expiry, or fails with a message for the client
     *                 ({@link TokenService#verify})
     * @param limits   what sessions may do ({@link SessionLimits#UNLIMITED} for nothing)
     * @param time     the clocks (tests substitute them)
     */
    public Sessions(Vertx vertx, TokenVerifier verifier, InstrumentDirectory instruments, String venue, Duration requestTimeout,
            SessionLimits limits, TimeSource time) {
        this(vertx, verifier, instruments, venue, requestTimeout, limits, OutboundLimits.DEFAULTS, time);
    }

    /**
     * @param outbound how far a client may fall behind ({@code gateway.outbound.*})
     */
    public Sessions(Vertx vertx, TokenVerifier verifier, InstrumentDirectory instruments, String venue, Duration requestTimeout,
            SessionLimits limits, OutboundLimits outbound, TimeSource time) {
        this(vertx, verifier, instruments, venue, requestTimeout, limits, outbound, time, null);
    }

    /** @param reader where snapshots and history come from; null = the notifiers over the event bus */
    Sessions(Vertx vertx, TokenVerifier verifier, InstrumentDirectory instruments, String venue, Duration requestTimeout,
            SessionLimits limits, OutboundLimits outbound, TimeSource time, StreamReader reader) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.router = new CommandRouter(instruments, venue);
        this.streams = new StreamRegistry(vertx.eventBus());
        this.requestOptions = new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
        BusCodecs.ensureRegistered(vertx);
        this.reader = reader != null ? reader : new BusStreamReader(vertx.eventBus(), requestOptions,
                (address, type, failure, nanos) -> metrics.busRequest(address, type, outcomeOf(failure), nanos),
                (delay, task) -> vertx.setTimer(delay, id -> task.run()));
        this.limits = limits;
        this.time = time;
        this.outflow = new Outflow(outbound, new OutboundCounters(), time, (delay, task) -> vertx.setTimer(delay, id -> task.run()));
    }

    /** A notifier's partition epochs: the followed streams of a partition that moved resync ({@link StreamRegistry#partitionEpochs}). */
    public void partitionEpochs(PartitionEpochs announced) {
        streams.partitionEpochs(announced);
    }

    /** What the outbound path did with slow clients: queue depth, conflated, throttled, dropped, closed (any thread). */
    public OutboundStats outboundStats() {
        return outflow.counters();
    }

    /** Where frames in and out, drops and bus round trips are counted (before the first session opens). */
    public void useMetrics(SessionMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Whether a new session from this client address is allowed ({@code gateway.max-sessions-per-ip}). Transports
     * ask before they upgrade, so that a refusal is a plain HTTP 429; {@link #open} checks again.
     */
    public boolean admitsAddress(String remoteAddress) {
        return limits.maxSessionsPerIp() <= 0 || byAddress.getOrDefault(remoteAddress == null ? "" : remoteAddress, 0)
                < limits.maxSessionsPerIp();
    }

    /**
     * Starts a session on a connection: greets it in its dialect and handles what the connection itself
     * implies (a token in the URL, ...). The transport then feeds it with {@link #received} and friends.
     */
    public Session open(Connection connection, DialectCodec codec, DialectSettings settings, Handshake handshake) {
        boolean admitted = admitsAddress(handshake.remoteAddress());
        Session session = new Session(codec.name() + "-" + Long.toString(++nextId, 36), codec, settings, connection, handshake, now(),
                limits, time.nanoTime(), outflow, metrics);
        session.sequencing = Sequencing.of(session, reader);
        open.put(session.id(), session);
        byAddress.merge(session.remoteAddress(), 1, Integer::sum);
        session.send(new Outbound.Opened(time.currentTimeMillis()));
        if (!admitted) {
            LOG.info("Closing session {} ({}): more than {} sessions from one address", session.id(), codec.name(),
                    limits.maxSessionsPerIp());
            session.closeFor(CloseReason.SESSION_LIMIT, "Too many sessions from this address (at most "
                    + limits.maxSessionsPerIp() + ")");
            return session;
        }
        List<Inbound> implied;
        try {
            implied = codec.onOpen(session);
        } catch (RuntimeException e) {
            // Not the exception's message: the connecting request may carry a token (URL, header).
            LOG.warn("Dialect {} failed to open session {}: {} at {}", codec.name(), session.id(), e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            implied = List.of();
        }
        implied.forEach(request -> dispatch(session, request));
        return session;
    }

    /**
     * Opens a session whose transport identified the user itself before the upgrade (the {@code qe} dialect checks a
     * listen key): the session is authenticated as {@code userId} at once, under the same per-user limits as a token,
     * and never expires on the socket.
     */
    public Session openAs(Connection connection, DialectCodec codec, DialectSettings settings, Handshake handshake, String userId) {
        Session session = open(connection, codec, settings, handshake);
        if (!session.isClosed()) {
            session.startAuthenticating();
            answerAuthentication(session, new Inbound.Authenticate(null, null), new VerifiedToken(userId, null), null);
        }
        return session;
    }

    /** A text message from the client. */
    public void received(Session session, String frame) {
        session.touch(now());
        if (session.isClosed()) {
            return;
        }
        if (frame.length() > limits.maxMessageChars()) {
            // Only reachable with permessage-deflate: the transport bounds uncompressed messages itself.
            metrics.received(session.codec().name(), "oversized");
            session.close((short) 1009, "Message too big");
            return;
        }
        if (!admitMessage(session)) {
            metrics.received(session.codec().name(), "rate_limited");
            return;
        }
        handle(session, frame);
    }

    /** A message that was charged already: held while authenticating, or decoded and dispatched now. */
    private void handle(Session session, String frame) {
        if (session.isClosed()) {
            return;
        }
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
            metrics.received(session.codec().name(), "invalid");
            session.send(new Outbound.Failure(e.code(), e.getMessage(), e.requestType(), e.detail()));
            return;
        } catch (RuntimeException e) {
            // Not the exception's message: it could quote the frame, and a frame may carry a token.
            LOG.warn("Dialect {} failed to decode a frame of session {}: {} at {}", session.codec().name(), session.id(),
                    e.getClass().getName(), e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            metrics.received(session.codec().name(), "invalid");
            session.send(new Outbound.Failure(ErrorCode.MALFORMED, "Malformed message", null));
            return;
        }
        metrics.received(session.codec().name(), MessageTypes.of(request));
        if (request instanceof Inbound.Execute execute && isOrderEntry(execute.command()) && !admitOrder(session, execute)) {
            return;
        }
        dispatch(session, request);
    }

    /** A binary message: no dialect takes those. */
    public void receivedBinary(Session session) {
        session.touch(now());
        if (session.isClosed() || !admitMessage(session)) {
            return;
        }
        metrics.received(session.codec().name(), "binary");
        session.send(new Outbound.Failure(ErrorCode.MALFORMED, "Binary frames are not supported: send JSON text", null));
    }

    /** The client showed it is alive without a message (a pong). */
    public void alive(Session session) {
        session.touch(now());
    }

    /**
     * The connection's buffer drained: frames waiting in the session's queue go now. A drain is the client reading,
     * so it counts as a sign of life like a message: a client busy reading a backlog, whose pong waits behind it, is
     * not taken for a dead one.
     */
    public void writable(Session session) {
        session.touch(now());
        session.drain();
    }

    /**
     * A transport error. A frame over {@code gateway.max-frame-bytes} / {@code max-message-bytes} (or
     * another protocol violation) arrives as Netty's typed exception: close with the status it carries
     * (1009 for a message too big) rather than the default 1000, so the client learns why. A message over
     * {@code max-message-bytes} made of frames each under {@code max-frame-bytes} is caught by Vert.x's
     * frame aggregator instead, which raises a plain {@link IllegalStateException} ({@link #isMessageTooBig}):
     * that closes with 1009 too.
     */
    public void failed(Session session, Throwable error) {
        if (error instanceof CorruptedWebSocketFrameException corrupted) {
            LOG.info("Closing session {} ({}): {}", session.id(), session.codec().name(), corrupted.closeStatus());
            session.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else if (isMessageTooBig(error)) {
            LOG.info("Closing session {} ({}) with 1009: {}", session.id(), session.codec().name(), error.getMessage());
            session.close((short) 1009, "Message too big");
        } else {
            LOG.debug("Session {} transport error: {}", session.id(), error.toString());
        }
    }

    /**
     * Whether {@code error} is Vert.x's (5.1) report of a fragmented message that would exceed the maximum
     * message size: {@code IllegalStateException("Cannot process text frame of size N, it would cause message
     * buffer (size M) to overflow max message size of K")} (or "binary frame"), from its frame aggregator.
     */
    static boolean isMessageTooBig(Throwable error) {
        if (!(error instanceof IllegalStateException) || error.getMessage() == null) {
            return false;
        }
        String message = error.getMessage();
        return (message.startsWith("Cannot process text frame of size ") || message.startsWith("Cannot process binary frame of size "))
                && message.contains("to overflow max message size of ");
    }

    /** The connection is gone. */
    public void closed(Session session) {
        session.markClosed();
        if (open.remove(session.id()) == null) {
            return;
        }
        byAddress.computeIfPresent(session.remoteAddress(), (address, count) -> count <= 1 ? null : count - 1);
        session.principal().ifPresent(user -> byUser.computeIfPresent(user, (key, sessions) -> --sessions.count <= 0 ? null : sessions));
        streams.unsubscribeAll(session);
    }

    /** Pings sockets that are due, closes those silent past their idle timeout or whose token expired. */
    public void heartbeat() {
        long now = now();
        long wallClock = time.currentTimeMillis();
        for (Session session : new ArrayList<>(open.values())) {
            session.heartbeat(now, wallClock);
        }
    }

    public Map<String, Integer> countsByDialect() {
        Map<String, Integer> counts = new HashMap<>();
        open.values().forEach(s -> counts.merge(s.codec().name(), 1, Integer::sum));
        return counts;
    }

    /** Frames queued towards the clients (see {@link Session#queuedFrames()}), per dialect. */
    public Map<String, Integer> queuedFramesByDialect() {
        Map<String, Integer> queued = new HashMap<>();
        open.values().forEach(s -> queued.merge(s.codec().name(), s.queuedFrames(), Integer::sum));
        return queued;
    }

    public int streamCount() {
        return streams.streamCount();
    }

    /** Open sessions of a user on this gateway. */
    public int sessionsOf(String userId) {
        UserSessions sessions = byUser.get(userId);
        return sessions == null ? 0 : sessions.count;
    }

    // ---------------------------------------------------------------- rate limits

    /** Commands charged to the orders budget: they change orders on a venue. */
    private static boolean isOrderEntry(Command command) {
        return command instanceof SubmitOrder || command instanceof CancelOrder || command instanceof AmendOrder;
    }

    /** Charges one message to the session's and its user's messages budget; a refusal is answered. */
    private boolean admitMessage(Session session) {
        if (session.messages == null) {
            return true;
        }
        long nanos = time.nanoTime();
        if (!session.messages.tryTake(nanos)) {
            refuse(session, nanos, TOO_MANY_MESSAGES, null, null);
            return false;
        }
        UserSessions user = userOf(session);
        if (user != null && user.messages != null && !user.messages.tryTake(nanos)) {
            session.messages.refund();
            refuse(session, nanos, TOO_MANY_MESSAGES, null, null);
            return false;
        }
        return true;
    }

    /** Moves an order-entry message from the messages budget to the orders budget. */
    private boolean admitOrder(Session session, Inbound.Execute execute) {
        if (session.orders == null) {
            return true;
        }
        long nanos = time.nanoTime();
        UserSessions user = userOf(session);
        session.messages.refund();
        if (user != null && user.messages != null) {
            user.messages.refund();
        }
        if (!session.orders.tryTake(nanos)) {
            refuse(session, nanos, TOO_MANY_ORDERS, execute.requestType(), null);
            return false;
        }
        if (user != null && user.orders != null && !user.orders.tryTake(nanos)) {
            session.orders.refund();
            refuse(session, nanos, TOO_MANY_ORDERS, execute.requestType(), null);
            return false;
        }
        return true;
    }

    /** Answers a refused message (429 in the dialect's shape); a session refused too often is closed (1008). */
    private void refuse(Session session, long nanos, String message, String requestType, Object detail) {
        session.send(new Outbound.Failure(ErrorCode.RATE_LIMITED, message, requestType, detail));
        RateLimits rates = limits.rateLimits();
        if (session.refusedTooOften(nanos, rates.abuseRefusals(), rates.abuseWindow().toNanos())) {
            LOG.info("Closing session {} ({}): {} messages refused by the rate limits within {}s", session.id(),
                    session.codec().name(), rates.abuseRefusals(), rates.abuseWindow().toSeconds());
            session.closeFor(CloseReason.RATE_LIMIT_ABUSE, "Rate limit abuse: too many requests after being told to slow down");
        }
    }

    private UserSessions userOf(Session session) {
        return session.principal().map(byUser::get).orElse(null);
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
            session.send(new Outbound.Pong(time.currentTimeMillis()));
        }
    }

    /** Checks a token; the session's later frames wait until the outcome is answered, then run in order. */
    private void authenticate(Session session, Inbound.Authenticate auth) {
        session.startAuthenticating();
        Future<VerifiedToken> check;
        try {
            check = verifier.verify(auth.token());
        } catch (RuntimeException e) {
            check = Future.failedFuture("Invalid credentials");
        }
        check.onComplete(verified -> {
            if (session.isClosed()) {
                releaseHeldFrames(session);
            } else if (verified.succeeded()) {
                answerAuthentication(session, auth, verified.result(), null);
            } else {
                answerAuthentication(session, auth, null, verified.cause().getMessage());
            }
        });
    }

    /**
     * Ends the authentication and runs the frames that waited for it, in order, at once: in the same task as the answer,
     * so that nothing (a push of a stream just positioned) reaches the client between the answer and what the client
     * sent right after the auth (a {@code resume} sent with it must find its streams as the answer left them).
     */
    private void releaseHeldFrames(Session session) {
        for (String frame : session.finishAuthenticating()) {
            handle(session, frame); // a held frame that authenticates again holds the rest once more
        }
    }

    /**
     * Answers an authentication, then runs the frames that waited for it ({@link #releaseHeldFrames}). A successful one
     * subscribes the dialect's streams for the principal and answers once they are positioned at their heads
     * ({@link Sequencing#followFromHeads}), so that the client receives every push of an event it causes after the
     * answer (never, if the session closes first).
     */
    private void answerAuthentication(Session session, Inbound.Authenticate auth, VerifiedToken token, String failure) {
        String user = token == null ? null : token.userId();
        if (user == null) {
            session.send(new Outbound.AuthResult(false, null, failure));
        } else if (auth.claimedUserId() != null && !auth.claimedUserId().equals(user)) {
            session.send(new Outbound.AuthResult(false, null, "Invalid credentials"));
        } else if (session.principal().filter(current -> !current.equals(user)).isPresent()) {
            session.send(new Outbound.AuthResult(false, null, "Session is already authenticated as another user"));
        } else if (session.principal().isEmpty() && limits.maxSessionsPerUser() > 0
                && sessionsOf(user) >= limits.maxSessionsPerUser()) {
            LOG.info("Closing session {} ({}): user already has {} sessions here", session.id(), session.codec().name(),
                    limits.maxSessionsPerUser());
            session.closeFor(CloseReason.SESSION_LIMIT, "Too many sessions for this user (at most "
                    + limits.maxSessionsPerUser() + ")");
        } else {
            expireWith(session, token);
            if (session.principal().isEmpty()) {
                byUser.computeIfAbsent(user, key -> new UserSessions(limits.rateLimits(), time.nanoTime())).count++;
            }
            session.authenticate(user);
            List<String> added = new ArrayList<>();
            for (String stream : session.codec().streamsAfterAuthentication(session)) {
                if (streams.subscribe(session, stream)) {
                    added.add(stream);
                }
            }
            session.sequencing.followFromHeads(added, () -> {
                session.send(new Outbound.AuthResult(true, user, "Authentication successful"));
                session.codec().afterAuthentication(session).forEach(request -> dispatch(session, request));
                releaseHeldFrames(session);
            });
            return;
        }
        releaseHeldFrames(session);
    }

    /**
     * The session now lives as long as this token: it is closed (4001) {@code expiryGrace} after the token's
     * {@code exp}, measured on the monotonic clock from now on. A later token for the same user replaces it.
     */
    private void expireWith(Session session, VerifiedToken token) {
        if (token.expiresAt() == null) {
            session.expireAt(Long.MAX_VALUE);
            return;
        }
        long remaining = token.expiresAt().toEpochMilli() + limits.expiryGrace().toMillis() - time.currentTimeMillis();
        session.expireAt(now() + Math.max(0, remaining));
    }

    private void subscribe(Session session, Inbound.Subscribe subscribe) {
        Set<String> wanted = new LinkedHashSet<>(subscribe.streams());
        Set<String> resumed = new LinkedHashSet<>();
        subscribe.resume().forEach(position -> resumed.add(position.stream()));
        wanted.addAll(resumed);
        // The codec maps only the principal's own streams; check again here so that no codec can leak.
        for (String stream : wanted) {
            String owner = StreamKeys.ownerOf(stream);
            if (StreamKeys.isPrivate(stream) && (owner == null || !session.principal().filter(owner::equals).isPresent())) {
                session.send(new Outbound.Failure(ErrorCode.UNAUTHENTICATED, "Not authenticated", null));
                return;
            }
        }
        // Codecs refuse past the bound before changing their own state (SessionView.maxSubscriptions); this is the backstop.
        long adding = wanted.stream().filter(stream -> !session.streams().contains(stream)).count();
        if (session.streams().size() + adding > session.maxSubscriptions()) {
            session.send(new Outbound.SubscriptionResult(subscribe, false,
                    "Too many subscriptions: at most " + session.maxSubscriptions() + " streams per session"));
            return;
        }
        List<String> added = new ArrayList<>();
        for (String stream : wanted) {
            if (!resumed.contains(stream)) {
                session.throttle(stream, subscribe.maxRate());
            }
            if (streams.subscribe(session, stream) && !resumed.contains(stream)) {
                added.add(stream);
            }
        }
        Runnable answer = () -> {
            session.send(new Outbound.SubscriptionResult(subscribe, true, "Subscribed successfully"));
            if (!subscribe.resume().isEmpty()) {
                session.sequencing.resume(subscribe, subscribe.resume());
            }
        };
        if (subscribe.snapshot()) {
            answer.run(); // the snapshots follow the answer
            added.forEach(stream -> session.sequencing.follow(stream, Sequencing.Start.SNAPSHOT));
        } else {
            session.sequencing.followFromHeads(added, answer); // live from the answer on
        }
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
        long started = time.nanoTime();
        vertx.eventBus().request(address, execute.command(), requestOptions).onComplete(reply -> {
            metrics.busRequest(address, MessageTypes.of(execute), outcomeOf(reply.cause()), time.nanoTime() - started);
            if (reply.succeeded()) {
                session.send(Outbound.CommandResult.ok(execute, reply.result().body()));
            } else {
                session.send(failed(execute, reply.cause()));
            }
        });
    }

    /** How a request over the bus ended: {@code ok}, {@code rejected} (the recipient answered with a failure), {@code timeout} ... */
    private static String outcomeOf(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        if (!(failure instanceof ReplyException reply)) {
            return "error";
        }
        return switch (reply.failureType()) {
            case RECIPIENT_FAILURE -> "rejected";
            case TIMEOUT -> "timeout";
            case NO_HANDLERS -> "no_handler";
            default -> "error";
        };
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

    private long now() {
        return time.nanoTime() / 1_000_000;
    }

    List<Session> sessions() {
        return List.copyOf(open.values());
    }
}
