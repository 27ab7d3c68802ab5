package io.tradewire.gateway.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientFields;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.DialectDefaults;
import io.tradewire.gateway.spi.FlatJson;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Printable;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.Push;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code exchange} dialect (seed 001): JSON messages with a {@code type}, an {@code auth} message,
 * {@code channels × instruments} subscriptions, order entry and queries. See {@code docs/dialects/exchange.md}.
 *
 * <p>Error rule: a message that is itself wrong is answered with code 400 (in the reply shape of its
 * request when the request type is known: {@code order_response}, {@code auth_response},
 * {@code subscribe_response}; otherwise an {@code error}); anything that needs a principal before
 * {@code auth} gets {@code {"type":"error","code":401}}; a well-formed request the venue refuses carries
 * the canonical error code (1001 insufficient funds, 1002 order not found, 1003 account not found, ...).
 *
 * <p>Extensions of the seed protocol: {@code amend_order} (answered with {@code order_response}), and
 * {@code post_only} on {@code submit_order}; replies and pushes carry {@code fee} / {@code fees} / {@code post_only};
 * every push carries {@code stream}, {@code epoch} and {@code seq}, and {@code resume} (answered with the missed
 * pushes, then {@code resume_response}) picks streams up where an earlier connection left them.
 */
public final class ExchangeCodec implements DialectCodec {
    public static final String NAME = "exchange";

    static final String AUTH = "auth";
    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final String SUBMIT_ORDER = "submit_order";
    static final String CANCEL_ORDER = "cancel_order";
    static final String AMEND_ORDER = "amend_order";
    static final String QUERY_ORDER = "query_order";
    static final String QUERY_ACCOUNT = "query_account";
    static final String QUERY_POSITION = "query_position";
    static final String PING = "ping";
    static final String RESUME = "resume";

    private InstrumentDirectory instruments = new InstrumentDirectory(List.of());
    private final ExchangeEncoder encoder = new ExchangeEncoder();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DialectDefaults defaults() {
        return new DialectDefaults("/ws", Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Override
    public void configure(DialectContext context) {
        this.instruments = context.instruments();
    }

    /**
     * Own order updates always; with {@code ?user_id=} naming the authenticated user, also that user's
     * trades (every instrument) and account updates, as the seed's connection flow shows.
     */
    @Override
    public List<String> streamsAfterAuthentication(SessionView session) {
        String user = session.principal().orElseThrow();
        List<String> streams = new ArrayList<>(List.of(StreamKeys.userOrders(user)));
        if (session.queryParam("user_id").filter(user::equals).isPresent()) {
            ExchangeState.of(session).subscribeAllTrades();
            streams.add(StreamKeys.userTrades(user));
            streams.add(StreamKeys.userAccount(user));
        }
        return streams;
    }

    @Override
    public Inbound decode(String frame, SessionView session) throws DecodeException {
        FlatJson flat = FlatJson.parse(frame);
        if (flat != null) {
            Inbound request = decodeOrderEntry(flat, session);
            if (request != null) {
                return request;
            }
        }
        return decodeTree(frame, session);
    }

    /** Any request, from the frame's JSON tree: what {@link #decode} does with a frame that is not flat order entry. */
    Inbound decodeTree(String frame, SessionView session) throws DecodeException {
        ObjectNode message = ClientJson.parseObject(frame);
        ClientFields fields = ClientJson.fields(message);
        String type = ClientJson.text(message, "type", null);
        switch (type) {
            case AUTH:
                return new Inbound.Authenticate(ClientJson.text(message, "token", AUTH),
                        ClientJson.optionalText(message, "user_id", AUTH));
            case PING:
                return new Inbound.Ping();
            case SUBSCRIBE:
                return ExchangeSubscriptions.subscribe(message, session, instruments);
            case UNSUBSCRIBE:
                return ExchangeSubscriptions.unsubscribe(message, session, instruments);
            case RESUME:
                return ExchangeSubscriptions.resume(message, session, instruments);
            case SUBMIT_ORDER, CANCEL_ORDER, AMEND_ORDER:
                return orderEntry(type, fields, session);
            case QUERY_ORDER:
                return new Inbound.Execute(new QueryOrder(principal(session, type),
                        ClientJson.text(message, "order_id", type)), type);
            case QUERY_ACCOUNT:
                return new Inbound.Execute(new QueryAccount(principal(session, type)), type);
            case QUERY_POSITION:
                return new Inbound.Execute(new QueryPositions(principal(session, type),
                        ClientJson.optionalText(message, "instrument_id", type)), type);
            default:
                throw new DecodeException(ErrorCode.UNSUPPORTED, "Unknown message type: " + Printable.of(type), null);
        }
    }

    /**
     * The hot requests — order entry and ping — of a flat message, read without a tree; null for any other request (or a
     * message without a text {@code type}), which {@link #decode} then reads from its tree.
     */
    private static Inbound decodeOrderEntry(FlatJson message, SessionView session) throws DecodeException {
        String type;
        try {
            type = message.optionalText("type", null);
        } catch (DecodeException e) {
            return null; // the tree path refuses it
        }
        if (type == null) {
            return null;
        }
        return switch (type) {
            case SUBMIT_ORDER, CANCEL_ORDER, AMEND_ORDER -> orderEntry(type, message, session);
            case PING -> new Inbound.Ping();
            default -> null;
        };
    }

    /** {@code submit_order}, {@code cancel_order} or {@code amend_order}: the same rules whichever way it was parsed. */
    private static Inbound orderEntry(String type, ClientFields message, SessionView session) throws DecodeException {
        return switch (type) {
            case SUBMIT_ORDER -> new Inbound.Execute(submitOrder(message, principal(session, type)), type);
            case CANCEL_ORDER -> new Inbound.Execute(new CancelOrder(principal(session, type),
                    message.text("order_id", type)), type);
            default -> new Inbound.Execute(amendOrder(message, principal(session, type)), type);
        };
    }

    @Override
    public List<String> encode(Outbound message, SessionView session) {
        List<byte[]> frames = encoder.encodeUtf8(message, session);
        if (frames.isEmpty()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>(frames.size());
        frames.forEach(frame -> texts.add(new String(frame, StandardCharsets.UTF_8)));
        return texts;
    }

    /** Frames are written straight to UTF-8: sessions take them as bytes. */
    @Override
    public boolean rendersUtf8() {
        return true;
    }

    @Override
    public List<byte[]> encodeUtf8(Outbound message, SessionView session) {
        return encoder.encodeUtf8(message, session);
    }

    /** Market pushes carry nothing per session; private ones may be filtered (trades by instrument). */
    @Override
    public boolean encodesAlike(Push push) {
        return !StreamKeys.isPrivate(push.stream());
    }

    static String principal(SessionView session, String requestType) throws DecodeException {
        return session.principal().orElseThrow(
                () -> new DecodeException(ErrorCode.UNAUTHENTICATED, "Not authenticated", requestType));
    }

    private static SubmitOrder submitOrder(ClientFields message, String userId) throws DecodeException {
        String instrument = message.text("instrument_id", SUBMIT_ORDER);
        Side side = parseEnum(Side.class, message.text("direction", SUBMIT_ORDER), "direction");
        Offset offset = optionalEnum(Offset.class, message, "offset", Offset.OPEN);
        OrderType type = optionalEnum(OrderType.class, message, "order_type", OrderType.LIMIT);
        TimeInForce timeInForce = optionalEnum(TimeInForce.class, message, "time_in_force", null);
        BigDecimal volume = message.decimal("volume", SUBMIT_ORDER);
        if (volume.signum() <= 0) {
            throw new DecodeException(ErrorCode.MALFORMED, "volume must be positive", SUBMIT_ORDER);
        }
        BigDecimal price = null;
        if (type == OrderType.LIMIT) {
            price = message.decimal("price", SUBMIT_ORDER);
            if (price.signum() <= 0) {
                throw new DecodeException(ErrorCode.MALFORMED, "price must be positive", SUBMIT_ORDER);
            }
        }
        String clientOrderId = message.optionalText("client_order_id", SUBMIT_ORDER);
        if (clientOrderId != null && clientOrderId.length() > 64) {
            throw new DecodeException(ErrorCode.MALFORMED, "client_order_id is longer than 64 characters", SUBMIT_ORDER);
        }
        boolean postOnly = message.optionalFlag("post_only", SUBMIT_ORDER);
        return new SubmitOrder(userId, clientOrderId, instrument, side, offset, type, timeInForce, price, volume,
                OrderSource.API, postOnly);
    }

    /** {@code {"type":"amend_order","order_id","price"?,"volume"?}}: at least one of them, each positive. */
    private static AmendOrder amendOrder(ClientFields message, String userId) throws DecodeException {
        String orderId = message.text("order_id", AMEND_ORDER);
        BigDecimal price = message.optionalDecimal("price", AMEND_ORDER);
        BigDecimal volume = message.optionalDecimal("volume", AMEND_ORDER);
        if (price == null && volume == null) {
            throw new DecodeException(ErrorCode.MALFORMED, "amend_order needs a new price or a new volume", AMEND_ORDER);
        }
        if (price != null && price.signum() <= 0) {
            throw new DecodeException(ErrorCode.MALFORMED, "price must be positive", AMEND_ORDER);
        }
        if (volume != null && volume.signum() <= 0) {
            throw new DecodeException(ErrorCode.MALFORMED, "volume must be positive", AMEND_ORDER);
        }
        return new AmendOrder(userId, orderId, price, volume);
    }

    private static <E extends Enum<E>> E optionalEnum(Class<E> type, ClientFields message, String field, E defaultValue)
            throws DecodeException {
        String text = message.optionalText(field, SUBMIT_ORDER);
        return text == null ? defaultValue : parseEnum(type, text, field);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String field) throws DecodeException {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DecodeException(ErrorCode.MALFORMED, "Invalid " + field + ": " + Printable.of(text), SUBMIT_ORDER);
        }
    }
}
