package io.tradewire.gateway.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.tradewire.gateway.session.Handshake;
import io.tradewire.gateway.socketio.engine.EngineIds;
import io.tradewire.gateway.socketio.engine.EngineIoServer;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.DialectDefaults;
import io.tradewire.gateway.spi.HttpTransportCodec;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.gateway.spi.TransportContext;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Printable;
import io.tradewire.model.event.BrokerNotice;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code socketio} dialect (seed 004): a Socket.IO 5 server over Engine.IO 4 (HTTP long-polling,
 * WebSocket and the upgrade, served by {@link EngineIoServer}) for a private trading push. See
 * {@code docs/dialects/socketio.md}.
 *
 * <p>Frames are Socket.IO packets (the Engine.IO {@code 4} prefix is the transport's). A CONNECT to
 * {@code /} must carry a valid JWT (auth payload {@code {"token"}}, the {@code Authorization: Bearer}
 * header or a {@code token} URL parameter): anonymous connections are refused with CONNECT_ERROR, since
 * everything this dialect serves is private. Then {@code subscribe_trading} / {@code unsubscribe_trading}
 * drive periodic {@code balance_update}, {@code positions_update}, {@code pnl_update} and
 * {@code orders_update} pushes ({@link PushSchedule}: immediately after subscribing, then per interval and
 * only when the data changed). Packets that need no answer (an ACK from the client, events for a namespace
 * the client is not connected to) decode to {@link Inbound.Ping}, whose {@link Outbound.Pong} renders as nothing.
 */
public final class SocketIoCodec implements HttpTransportCodec {
    public static final String NAME = "socketio";
    public static final String DEFAULT_PATH = "/socket.io/";

    static final String CONNECT = "connect";
    static final String SUBSCRIBE = "subscribe_trading";
    static final String UNSUBSCRIBE = "unsubscribe_trading";
    static final int MAX_TYPES = 16;
    /** The seed's timestamps: ISO-8601 local date-time to the second ({@code 2025-11-10T09:00:00}), no offset. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final Pattern NUMERIC_ID = Pattern.compile("0|[1-9][0-9]{0,17}");
    /** A pid as this server writes them ({@link EngineIds}). */
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The request behind a subscription result, so that it can be answered (and acknowledged). */
    enum Kind { SUBSCRIBE, UNSUBSCRIBE, DISCONNECT, RECOVER }

    record Request(Kind kind, List<TradingType> types, Long ackId) {
        Request {
            types = List.copyOf(types);
        }
    }

    /**
     * How a failed packet is answered ({@link DecodeException#detail()}): a CONNECT with CONNECT_ERROR in
     * its namespace, anything else with an {@code error} event, plus an ACK when the packet asked for one.
     */
    record Answer(int packetType, String namespace, Long ackId) {
    }

    private final Clock clock;
    private SocketIoConfig config = SocketIoConfig.defaults();
    private InstrumentDirectory instruments = new InstrumentDirectory(List.of());

    public SocketIoCodec() {
        this(Clock.systemUTC());
    }

    SocketIoCodec(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Engine.IO's defaults: a ping every 25 s; silent for pingInterval + pingTimeout (45 s) means gone. */
    @Override
    public DialectDefaults defaults() {
        return new DialectDefaults(DEFAULT_PATH, SocketIoConfig.DEFAULT_PING_INTERVAL,
                SocketIoConfig.DEFAULT_PING_INTERVAL.plus(SocketIoConfig.DEFAULT_PING_TIMEOUT));
    }

    @Override
    public void configure(DialectContext context) {
        this.instruments = context.instruments();
        this.config = SocketIoConfig.from(context.section());
    }

    SocketIoConfig config() {
        return config;
    }

    @Override
    public Handler<RoutingContext> httpTransport(TransportContext context) {
        return new EngineIoServer(context, this, config.pingTimeout(), config.connectTimeout(), config.maxHttpBufferSize());
    }

    // ---------------------------------------------------------------- decode

    @Override
    public Inbound decode(String frame, SessionView session) throws DecodeException {
        SocketIoPacket packet;
        try {
            packet = SocketIoPacket.parse(frame);
        } catch (DecodeException e) {
            // A broken CONNECT is still answered as a refused CONNECT, so that the client hears of it.
            boolean connect = frame.startsWith("0");
            throw new DecodeException(e.code(), e.getMessage(), connect ? CONNECT : null,
                    connect ? new Answer(SocketIoPacket.CONNECT, SocketIoPacket.DEFAULT_NAMESPACE, null) : null);
        }
        try {
            return decode(packet, session);
        } catch (DecodeException e) {
            throw new DecodeException(e.code(), e.getMessage(), e.requestType(),
                    new Answer(packet.type(), packet.namespace(), packet.ackId()));
        }
    }

    private Inbound decode(SocketIoPacket packet, SessionView session) throws DecodeException {
        SocketIoState state = state(session);
        boolean root = SocketIoPacket.DEFAULT_NAMESPACE.equals(packet.namespace());
        switch (packet.type()) {
            case SocketIoPacket.CONNECT:
                if (!root) {
                    throw new DecodeException(ErrorCode.UNSUPPORTED, "Invalid namespace", CONNECT);
                }
                return connect(packet, session);
            case SocketIoPacket.DISCONNECT:
                if (!root || !state.connected) {
                    return nothing();
                }
                List<TradingType> all = new ArrayList<>(state.schedule.subscribed());
                return new Inbound.Unsubscribe(streamsToDrop(all, List.of(), session), new Request(Kind.DISCONNECT, all, null));
            case SocketIoPacket.EVENT:
                return root ? event(packet, session, state) : nothing();
            default:
                // ACK: the server never asks the client for one; nothing to do.
                return nothing();
        }
    }

    private Inbound connect(SocketIoPacket packet, SessionView session) throws DecodeException {
        String token = null;
        JsonNode auth = packet.data();
        if (auth != null) {
            JsonNode given = auth.has("token") ? auth.get("token") : auth.has("Authorization") ? auth.get("Authorization")
                    : auth.get("authorization");
            if (given != null && !given.isNull()) {
                if (!given.isTextual()) {
                    throw new DecodeException(ErrorCode.UNAUTHENTICATED, "The token must be a string", CONNECT);
                }
                token = bearer(given.textValue());
            }
        }
        if (token == null) {
            token = session.header("Authorization").map(SocketIoCodec::bearer)
                    .or(() -> session.queryParam("token").map(SocketIoCodec::bearer))
                    .orElse(null);
        }
        if (token == null && session.state().get(EngineIoServer.UPGRADE_HANDSHAKE) instanceof Handshake upgrade) {
            String header = upgrade.headers().get("authorization");
            token = header != null ? bearer(header) : bearer(upgrade.query().get("token"));
        }
        if (token == null) {
            throw new DecodeException(ErrorCode.UNAUTHENTICATED, "Authentication required: send a token in the CONNECT auth "
                    + "payload ({\"token\": ...}), the Authorization: Bearer header or the token URL parameter", CONNECT);
        }
        recoveryAsked(auth, state(session));
        return new Inbound.Authenticate(token, null);
    }

    /**
     * Connection state recovery as socket.io-client does it: the CONNECT of a client that was given a pid carries it
     * back with the offset of the last event it got. Offsets go to a connection that asks ({@code "recovery": true}),
     * that brings a pid, or to every connection with {@code connection-state-recovery: always}.
     */
    private void recoveryAsked(JsonNode auth, SocketIoState state) {
        String pid = auth == null ? null : textOrNull(auth.get("pid"));
        String offset = auth == null ? null : textOrNull(auth.get("offset"));
        boolean asked = auth != null && auth.path("recovery").asBoolean(false) || pid != null;
        state.offsets = config.recovery() == SocketIoConfig.Recovery.ALWAYS
                || config.recovery() == SocketIoConfig.Recovery.OPT_IN && asked;
        boolean wellFormed = pid != null && PID.matcher(pid).matches() && offset != null;
        state.claimedPid = state.offsets && wellFormed ? pid : null;
        state.claimedOffset = state.offsets && wellFormed ? offset : null;
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** The subscriptions of a recovered connection, set up again as soon as it is authenticated. */
    @Override
    public List<Inbound> afterAuthentication(SessionView session) {
        SocketIoState state = state(session);
        if (state.recovering == null || state.recovering.types().isEmpty()) {
            state.recovering = null;
            return List.of();
        }
        List<TradingType> types = new ArrayList<>(state.recovering.types());
        Set<String> streams = new LinkedHashSet<>();
        types.forEach(type -> streams.addAll(type.streams(session.principal().orElseThrow())));
        return List.of(new Inbound.Subscribe(new ArrayList<>(streams), new Request(Kind.RECOVER, types, null), true));
    }

    /** {@code Bearer X} or plain {@code X}; null for nothing. */
    static String bearer(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            trimmed = trimmed.substring(7).trim();
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    private Inbound event(SocketIoPacket packet, SessionView session, SocketIoState state) throws DecodeException {
        String name = packet.eventName();
        boolean known = name.equals(SUBSCRIBE) || name.equals(UNSUBSCRIBE);
        if (!known) {
            throw new DecodeException(ErrorCode.UNSUPPORTED, "Unknown event: " + Printable.of(name), null);
        }
        if (!state.connected || session.principal().isEmpty()) {
            throw new DecodeException(ErrorCode.UNAUTHENTICATED, "Not connected: CONNECT with a valid token first", name);
        }
        JsonNode argument = packet.data().size() > 1 ? packet.data().get(1) : null;
        if (name.equals(SUBSCRIBE)) {
            List<TradingType> types = types(argument, name, List.of(TradingType.values()));
            Set<String> streams = new LinkedHashSet<>();
            types.forEach(type -> streams.addAll(type.streams(session.principal().orElseThrow())));
            return new Inbound.Subscribe(new ArrayList<>(streams), new Request(Kind.SUBSCRIBE, types, packet.ackId()), true);
        }
        List<TradingType> subscribed = new ArrayList<>(state.schedule.subscribed());
        List<TradingType> types = types(argument, name, subscribed);
        List<TradingType> remaining = new ArrayList<>(subscribed);
        remaining.removeAll(types);
        return new Inbound.Unsubscribe(streamsToDrop(types, remaining, session),
                new Request(Kind.UNSUBSCRIBE, types, packet.ackId()));
    }

    /** {@code {types: [...]}} or {@code {subscribeTypes: [...]}}; absent or empty means {@code whenAbsent}. */
    private static List<TradingType> types(JsonNode argument, String event, List<TradingType> whenAbsent) throws DecodeException {
        if (argument == null || argument.isNull()) {
            return whenAbsent;
        }
        if (!argument.isObject()) {
            throw new DecodeException(ErrorCode.MALFORMED, event + " takes an object such as {\"types\": [\"balance\"]}", event);
        }
        ObjectNode object = (ObjectNode) argument;
        String field = object.hasNonNull("types") ? "types" : "subscribeTypes";
        if (!object.hasNonNull(field)) {
            return whenAbsent;
        }
        List<String> names = ClientJson.textList(object, field, event);
        if (names.size() > MAX_TYPES) {
            throw new DecodeException(ErrorCode.MALFORMED, field + " lists more than " + MAX_TYPES + " types", event);
        }
        Set<TradingType> types = new LinkedHashSet<>();
        for (String name : names) {
            types.add(TradingType.fromWire(name).orElseThrow(() -> new DecodeException(ErrorCode.MALFORMED,
                    "Unknown type: " + Printable.of(name) + " (expected balance, positions, pnl, orders)", event)));
        }
        return types.isEmpty() ? whenAbsent : new ArrayList<>(types);
    }

    /** The streams only {@code leaving} needed (a stream another remaining type reads stays). */
    private static List<String> streamsToDrop(List<TradingType> leaving, List<TradingType> remaining, SessionView session) {
        String user = session.principal().orElse(null);
        if (user == null) {
            return List.of();
        }
        Set<String> kept = new LinkedHashSet<>();
        remaining.forEach(type -> kept.addAll(type.streams(user)));
        Set<String> drop = new LinkedHashSet<>();
        leaving.forEach(type -> type.streams(user).stream().filter(s -> !kept.contains(s)).forEach(drop::add));
        return new ArrayList<>(drop);
    }

    private static Inbound nothing() {
        return new Inbound.Ping();
    }

    // ---------------------------------------------------------------- encode

    @Override
    public List<String> encode(Outbound message, SessionView session) {
        SocketIoState state = state(session);
        if (message instanceof Outbound.Delivery delivery) {
            if (delivery.push().event() instanceof BrokerNotice notice) {
                return List.of(emit("error", ClientJson.object().put("message", notice.message())
                        .put("code", ErrorCode.UNAVAILABLE.code()).put("timestamp", now())));
            }
            state.view.apply(delivery.push().event());
            return List.of();
        } else if (message instanceof Outbound.Heartbeat heartbeat) {
            return pushes(heartbeat.timestamp(), session, state);
        } else if (message instanceof Outbound.AuthResult auth) {
            return authResult(auth, state);
        } else if (message instanceof Outbound.SubscriptionResult result) {
            return subscriptionResult(result, session, state);
        } else if (message instanceof Outbound.Failure failure) {
            return failure(failure);
        } else if (message instanceof Outbound.Closing closing) {
            return closing(closing, state);
        }
        // Opened (Engine.IO's open packet is the transport's), Pong (a no-op), CommandResult (never requested).
        return List.of();
    }

    private List<String> authResult(Outbound.AuthResult auth, SocketIoState state) {
        if (!auth.success()) {
            state.connected = false;
            return List.of(connectError(SocketIoPacket.DEFAULT_NAMESPACE, auth.message(), ErrorCode.UNAUTHENTICATED));
        }
        state.connected = true;
        state.socketId = EngineIds.next();
        ObjectNode ack = ClientJson.object().put("sid", state.socketId);
        boolean recovered = false;
        if (state.offsets) {
            state.userTag = RecoveryOffset.userTag(auth.userId());
            RecoveryOffset offset = RecoveryOffset.decode(state.claimedOffset).filter(o -> o.userTag() == state.userTag).orElse(null);
            recovered = offset != null && state.claimedPid != null;
            state.recovering = recovered ? offset : null;
            state.pid = recovered ? state.claimedPid : EngineIds.next();
            ack.put("pid", state.pid);
        }
        state.claimedPid = null;
        state.claimedOffset = null;
        SocketIoPacket accepted = new SocketIoPacket(SocketIoPacket.CONNECT, SocketIoPacket.DEFAULT_NAMESPACE, null, ack);
        ObjectNode connected = ClientJson.object().put("message", "Connected");
        connected.set("user_id", userId(auth.userId()));
        connected.put("sid", state.socketId).put("timestamp", now());
        if (state.offsets) {
            connected.put("recovered", recovered);
        }
        return List.of(accepted.encode(), emit("connected", connected));
    }

    private List<String> subscriptionResult(Outbound.SubscriptionResult result, SessionView session, SocketIoState state) {
        if (!(((result.request() instanceof Inbound.Subscribe s) ? s.echo() : ((Inbound.Unsubscribe) result.request()).echo())
                instanceof Request request)) {
            return List.of();
        }
        if (!result.success()) {
            return failure(new Outbound.Failure(ErrorCode.INTERNAL, result.message(),
                    request.kind() == Kind.UNSUBSCRIBE ? UNSUBSCRIBE : SUBSCRIBE, new Answer(SocketIoPacket.EVENT,
                    SocketIoPacket.DEFAULT_NAMESPACE, request.ackId())));
        }
        if (result.request() instanceof Inbound.Unsubscribe unsubscribe) {
            request.types().forEach(state.schedule::unsubscribe);
            unsubscribe.streams().forEach(state.view::forget);
        } else if (request.kind() == Kind.RECOVER && state.recovering != null) {
            RecoveryOffset offset = state.recovering;
            state.recovering = null;
            request.types().forEach(type -> state.schedule.recover(type, offset.sent().contains(type), offset.hashes()[type.ordinal()]));
            return List.of();
        } else {
            request.types().forEach(state.schedule::subscribe);
        }
        if (request.kind() == Kind.DISCONNECT) {
            state.connected = false;
            return List.of();
        }
        ObjectNode payload = ClientJson.object();
        ArrayNode types = payload.putArray("types");
        request.types().forEach(type -> types.add(type.wireName()));
        payload.put("message", request.kind() == Kind.SUBSCRIBE ? "Subscribed successfully" : "Unsubscribed successfully");
        payload.set("user_id", userId(session.principal().orElse(null)));
        payload.put("timestamp", now());
        List<String> frames = new ArrayList<>();
        frames.add(emit(request.kind() == Kind.SUBSCRIBE ? "subscribed" : "unsubscribed", payload, offset(state)));
        if (request.ackId() != null) {
            frames.add(ack(request.ackId(), payload));
        }
        return frames;
    }

    private List<String> failure(Outbound.Failure failure) {
        Answer answer = failure.detail() instanceof Answer given ? given : null;
        if (answer != null && answer.packetType() == SocketIoPacket.CONNECT) {
            return List.of(connectError(answer.namespace(), failure.message(), failure.code()));
        }
        ObjectNode payload = ClientJson.object().put("message", failure.message()).put("code", failure.code().code());
        if (failure.requestType() != null) {
            payload.put("event", failure.requestType());
        }
        payload.put("timestamp", now());
        List<String> frames = new ArrayList<>();
        frames.add(emit("error", payload));
        if (answer != null && answer.ackId() != null && SocketIoPacket.DEFAULT_NAMESPACE.equals(answer.namespace())) {
            frames.add(ack(answer.ackId(), payload));
        }
        return frames;
    }

    /**
     * The server is about to close: a connected client gets an {@code error} event and a DISCONNECT of {@code /}
     * (socket.io clients then report "io server disconnect" and do not reconnect on their own); a client not
     * connected yet gets a CONNECT_ERROR.
     */
    private List<String> closing(Outbound.Closing closing, SocketIoState state) {
        ErrorCode code = closing.reason().errorCode();
        if (!state.connected) {
            return List.of(connectError(SocketIoPacket.DEFAULT_NAMESPACE, closing.message(), code));
        }
        state.connected = false;
        ObjectNode payload = ClientJson.object().put("message", closing.message()).put("code", code.code()).put("timestamp", now());
        return List.of(emit("error", payload),
                new SocketIoPacket(SocketIoPacket.DISCONNECT, SocketIoPacket.DEFAULT_NAMESPACE, null, null).encode());
    }

    private static String connectError(String namespace, String message, ErrorCode code) {
        ObjectNode payload = ClientJson.object().put("message", message);
        payload.putObject("data").put("code", code.code());
        return new SocketIoPacket(SocketIoPacket.CONNECT_ERROR, namespace, null, payload).encode();
    }

    private List<String> pushes(long now, SessionView session, SocketIoState state) {
        String user = session.principal().orElse(null);
        if (!state.connected || user == null || state.schedule.subscribed().isEmpty()) {
            return List.of();
        }
        List<String> frames = new ArrayList<>();
        RecoveryOffset before = state.offsets ? state.schedule.offset(state.userTag) : null;
        for (PushSchedule.Due due : state.schedule.due(now, type -> complete(type, user, session) ? state.view.data(type) : null)) {
            ObjectNode envelope = ClientJson.object().put("type", due.type().event());
            envelope.putRawValue("data", new RawValue(due.data()));
            envelope.put("timestamp", timestamp(Instant.ofEpochMilli(now)));
            envelope.set("user_id", userId(user));
            String offset = null;
            if (before != null) {
                // Each event's offset is what the client holds once it has this event (not yet the ones after it).
                before.sent().add(due.type());
                before.hashes()[due.type().ordinal()] = due.hash();
                offset = before.encode();
            }
            frames.add(emit(due.type().event(), envelope, offset));
        }
        return frames;
    }

    /** A push's data is complete when all its streams are subscribed and their snapshots are in. */
    private static boolean complete(TradingType type, String user, SessionView session) {
        for (String stream : type.streams(user)) {
            if (!session.streams().contains(stream) || session.snapshotPending(stream)) {
                return false;
            }
        }
        return true;
    }

    private static String emit(String event, JsonNode payload) {
        return emit(event, payload, null);
    }

    /** An event; with connection state recovery, the offset is its last argument (as socket.io servers send it). */
    private static String emit(String event, JsonNode payload, String offset) {
        ArrayNode arguments = ClientJson.MAPPER.createArrayNode().add(event).add(payload);
        if (offset != null) {
            arguments.add(offset);
        }
        return SocketIoPacket.event(arguments).encode();
    }

    private static String offset(SocketIoState state) {
        return state.offsets && state.pid != null ? state.schedule.offset(state.userTag).encode() : null;
    }

    private static String ack(long ackId, JsonNode payload) {
        ArrayNode arguments = ClientJson.MAPPER.createArrayNode().add(payload);
        return new SocketIoPacket(SocketIoPacket.ACK, SocketIoPacket.DEFAULT_NAMESPACE, ackId, arguments).encode();
    }

    /** A numeric user id travels as a JSON number (the seed's {@code "user_id": 4}), any other as a string. */
    static JsonNode userId(String userId) {
        if (userId == null) {
            return ClientJson.MAPPER.nullNode();
        }
        return NUMERIC_ID.matcher(userId).matches()
                ? ClientJson.MAPPER.getNodeFactory().numberNode(Long.parseLong(userId))
                : ClientJson.MAPPER.getNodeFactory().textNode(userId);
    }

    private String now() {
        return timestamp(clock.instant());
    }

    private String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.atZone(config.zone()));
    }

    private SocketIoState state(SessionView session) {
        return SocketIoState.of(session, config, instruments);
    }
}
