package io.tradewire.gateway.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Printable;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.StreamPosition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Maps the exchange dialect's {@code channels × instruments} onto stream keys. */
final class ExchangeSubscriptions {
    static final String TRADE = "trade";
    static final String ORDERBOOK = "orderbook";
    static final String TICKER = "ticker";
    static final String ACCOUNT_UPDATE = "account_update";
    static final int MAX_ITEMS = 64;
    /** The highest {@code max_rate} accepted: more updates a second than that is no throttle. */
    static final int MAX_RATE = 1_000;

    /** The client's own request, echoed in {@code subscribe_response} / {@code unsubscribe_response}. */
    record Request(List<String> channels, List<String> instruments) {
    }

    /** A {@code resume} request, answered with {@code resume_response}. */
    record Resume(List<StreamPosition> positions) {
    }

    /** Positions one {@code resume} may name, at most. */
    static final int MAX_POSITIONS = 64;

    private ExchangeSubscriptions() {
    }

    static Inbound.Subscribe subscribe(ObjectNode message, SessionView session, InstrumentDirectory instruments)
            throws DecodeException {
        Request request = read(message, ExchangeCodec.SUBSCRIBE, session, instruments);
        Set<String> streams = new LinkedHashSet<>();
        for (String channel : request.channels()) {
            switch (channel) {
                case TRADE -> streams.add(StreamKeys.userTrades(session.principal().orElseThrow()));
                case ACCOUNT_UPDATE -> streams.add(StreamKeys.userAccount(session.principal().orElseThrow()));
                default -> streams.addAll(marketStreams(channel, request.instruments()));
            }
        }
        long adding = streams.stream().filter(stream -> !session.streams().contains(stream)).count();
        if (session.streams().size() + adding > session.maxSubscriptions()) {
            // Refused before the trade filter below changes: nothing of the request takes effect.
            throw new DecodeException(ErrorCode.FORBIDDEN, "Too many subscriptions: at most " + session.maxSubscriptions()
                    + " streams per session", ExchangeCodec.SUBSCRIBE);
        }
        int maxRate = maxRate(message);
        if (request.channels().contains(TRADE)) {
            ExchangeState.of(session).subscribeTrades(request.instruments());
        }
        return new Inbound.Subscribe(new ArrayList<>(streams), request, true, maxRate);
    }

    /**
     * The optional {@code max_rate}: at most that many {@code orderbook} / {@code ticker} updates a second for the
     * streams of this request, always ending on the latest (a whole number from 1 to {@link #MAX_RATE}; absent or
     * null: every update).
     */
    private static int maxRate(ObjectNode message) throws DecodeException {
        com.fasterxml.jackson.databind.JsonNode node = message.get("max_rate");
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1 || node.intValue() > MAX_RATE) {
            throw new DecodeException(ErrorCode.MALFORMED, "max_rate must be a whole number of updates per second from 1 to "
                    + MAX_RATE, ExchangeCodec.SUBSCRIBE);
        }
        return node.intValue();
    }

    static Inbound.Unsubscribe unsubscribe(ObjectNode message, SessionView session, InstrumentDirectory instruments)
            throws DecodeException {
        Request request = read(message, ExchangeCodec.UNSUBSCRIBE, session, instruments);
        Set<String> streams = new LinkedHashSet<>();
        for (String channel : request.channels()) {
            switch (channel) {
                case TRADE -> {
                    if (ExchangeState.of(session).unsubscribeTrades(request.instruments())) {
                        streams.add(StreamKeys.userTrades(session.principal().orElseThrow()));
                    }
                }
                case ACCOUNT_UPDATE -> streams.add(StreamKeys.userAccount(session.principal().orElseThrow()));
                default -> streams.addAll(marketStreams(channel, request.instruments()));
            }
        }
        return new Inbound.Unsubscribe(new ArrayList<>(streams), request);
    }

    /**
     * {@code {"type":"resume","positions":[{"stream","epoch","seq"}]}}: each stream one the dialect serves (the
     * principal's orders, trades and account; the order book or ticker of a known instrument), from the position the
     * client reached. Resuming the trades stream on a connection that does not follow it yet follows the trades of
     * every instrument (as {@code ?user_id=} does).
     */
    static Inbound.Subscribe resume(ObjectNode message, SessionView session, InstrumentDirectory instruments)
            throws DecodeException {
        String type = ExchangeCodec.RESUME;
        List<StreamPosition> positions = ClientJson.positions(message, "positions", type, MAX_POSITIONS);
        if (positions.isEmpty()) {
            throw new DecodeException(ErrorCode.MALFORMED, "Missing field: positions", type);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (StreamPosition position : positions) {
            checkResumable(position.stream(), session, instruments);
            seen.add(position.stream());
        }
        long adding = seen.stream().filter(stream -> !session.streams().contains(stream)).count();
        if (session.streams().size() + adding > session.maxSubscriptions()) {
            throw new DecodeException(ErrorCode.FORBIDDEN, "Too many subscriptions: at most " + session.maxSubscriptions()
                    + " streams per session", type);
        }
        session.principal().map(StreamKeys::userTrades).filter(seen::contains)
                .filter(trades -> !session.streams().contains(trades))
                .ifPresent(trades -> ExchangeState.of(session).subscribeAllTrades());
        return new Inbound.Subscribe(List.of(), new Resume(positions), true, positions);
    }

    private static void checkResumable(String stream, SessionView session, InstrumentDirectory instruments)
            throws DecodeException {
        StreamKeys.Parsed key = StreamKeys.parse(stream);
        boolean served;
        if (key == null) {
            served = false;
        } else if (key.isPrivate()) {
            ExchangeCodec.principal(session, ExchangeCodec.RESUME);
            served = session.principal().filter(key.subject()::equals).isPresent()
                    && List.of("orders", "trades", "account").contains(key.kind());
        } else {
            served = key.detail() == null && (key.kind().equals("book") || key.kind().equals("ticker"))
                    && instruments.find(key.subject()).isPresent();
        }
        if (!served) {
            throw new DecodeException(ErrorCode.MALFORMED, "Not a stream of this connection: " + Printable.of(stream),
                    ExchangeCodec.RESUME);
        }
    }

    /** Reads and validates the request; private channels need a principal, market channels need instruments. */
    private static Request read(ObjectNode message, String type, SessionView session, InstrumentDirectory directory)
            throws DecodeException {
        List<String> channels = ClientJson.textList(message, "channels", type);
        List<String> instruments = message.has("instruments")
                ? ClientJson.textList(message, "instruments", type)
                : List.of();
        if (channels.isEmpty() || channels.size() > MAX_ITEMS || instruments.size() > MAX_ITEMS) {
            throw new DecodeException(ErrorCode.MALFORMED,
                    "channels must list 1 to " + MAX_ITEMS + " channels and instruments at most " + MAX_ITEMS, type);
        }
        for (String channel : channels) {
            switch (channel) {
                case TRADE, ACCOUNT_UPDATE -> ExchangeCodec.principal(session, type);
                case ORDERBOOK, TICKER -> {
                    if (instruments.isEmpty()) {
                        throw new DecodeException(ErrorCode.MALFORMED, "Channel " + channel + " needs instruments", type);
                    }
                }
                default -> throw new DecodeException(ErrorCode.MALFORMED,
                        "Unknown channel: " + Printable.of(channel), type);
            }
        }
        for (String instrument : instruments) {
            if (directory.find(instrument).isEmpty()) {
                throw new DecodeException(ErrorCode.UNKNOWN_INSTRUMENT,
                        "Unknown instrument: " + Printable.of(instrument), type);
            }
        }
        return new Request(List.copyOf(channels), List.copyOf(instruments));
    }

    private static List<String> marketStreams(String channel, List<String> instruments) {
        List<String> streams = new ArrayList<>();
        for (String instrument : instruments) {
            streams.add(channel.equals(ORDERBOOK) ? StreamKeys.marketBook(instrument) : StreamKeys.marketTicker(instrument));
        }
        return streams;
    }
}
