package io.tradewire.gateway.ib;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Printable;
import io.tradewire.model.event.StreamPosition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code subscribe} / {@code unsubscribe} with {@code message_types} (and, for {@code market_data}, an
 * optional {@code symbols} list) onto stream keys. A request is all or nothing: one unknown type, unknown
 * symbol or private type without a principal refuses it whole. The session's active types change here;
 * a stream is subscribed when the first type needs it and unsubscribed when the last one stops needing it.
 */
final class IbSubscriptions {
    static final int MAX_TYPES = 16;
    static final int MAX_SYMBOLS = 64;

    /** The client's request, handed back with the subscription result. */
    record Request(List<String> messageTypes, List<String> symbols) {
    }

    private IbSubscriptions() {
    }

    static Inbound.Subscribe subscribe(ObjectNode message, SessionView session, IbState state, InstrumentDirectory instruments)
            throws DecodeException {
        Set<IbMessageType> types = types(message, IbCodec.SUBSCRIBE);
        List<String> symbols = symbols(message, IbCodec.SUBSCRIBE, instruments);
        for (IbMessageType type : types) {
            if (type.needsPrincipal() && session.principal().isEmpty()) {
                throw new DecodeException(ErrorCode.UNAUTHENTICATED, "Message type " + type.wire()
                        + " needs a logged-in user: connect with ?token= or an Authorization: Bearer header", IbCodec.SUBSCRIBE);
            }
        }
        List<String> marketSymbols = symbols;
        if (marketSymbols == null) {
            marketSymbols = new ArrayList<>();
            for (Instrument instrument : instruments.all()) {
                marketSymbols.add(instrument.symbol());
            }
        }
        String principal = session.principal().orElse(null);
        Set<String> before = state.neededStreams(principal);
        Set<String> after = state.neededStreamsWith(types, marketSymbols, principal);
        long adding = after.stream().filter(stream -> !session.streams().contains(stream)).count();
        if (session.streams().size() + adding > session.maxSubscriptions()) {
            // Refused before the connection's types change: nothing of the request takes effect.
            throw new DecodeException(ErrorCode.FORBIDDEN, "Too many subscriptions: at most " + session.maxSubscriptions()
                    + " streams per connection (each market_data symbol takes two)", IbCodec.SUBSCRIBE, IbErrors.TOO_MANY_SUBSCRIPTIONS);
        }
        List<StreamPosition> positions = new ArrayList<>();
        for (StreamPosition position : ClientJson.positions(message, "positions", IbCodec.SUBSCRIBE, MAX_TYPES + 2 * MAX_SYMBOLS)) {
            if (!after.contains(position.stream())) {
                throw new DecodeException(ErrorCode.MALFORMED, "positions names a stream these message types do not read: "
                        + Printable.of(position.stream()), IbCodec.SUBSCRIBE);
            }
            positions.add(position);
        }
        state.subscribe(types, marketSymbols);
        Set<String> added = new LinkedHashSet<>(state.neededStreams(principal));
        added.removeAll(before);
        positions.forEach(position -> added.remove(position.stream()));
        return new Inbound.Subscribe(new ArrayList<>(added), request(types, symbols), true, positions);
    }

    static Inbound.Unsubscribe unsubscribe(ObjectNode message, SessionView session, IbState state, InstrumentDirectory instruments)
            throws DecodeException {
        Set<IbMessageType> types = types(message, IbCodec.UNSUBSCRIBE);
        List<String> symbols = symbols(message, IbCodec.UNSUBSCRIBE, instruments);
        String principal = session.principal().orElse(null);
        Set<String> removed = new LinkedHashSet<>(state.neededStreams(principal));
        state.unsubscribe(types, symbols);
        removed.removeAll(state.neededStreams(principal));
        return new Inbound.Unsubscribe(new ArrayList<>(removed), request(types, symbols));
    }

    private static Request request(Set<IbMessageType> types, List<String> symbols) {
        List<String> names = new ArrayList<>();
        types.forEach(type -> names.add(type.wire()));
        return new Request(names, symbols == null ? List.of() : symbols);
    }

    private static Set<IbMessageType> types(ObjectNode message, String requestType) throws DecodeException {
        List<String> names = ClientJson.textList(message, "message_types", requestType);
        if (names.isEmpty() || names.size() > MAX_TYPES) {
            throw new DecodeException(ErrorCode.MALFORMED, "message_types must list 1 to " + MAX_TYPES + " message types",
                    requestType);
        }
        Set<IbMessageType> types = EnumSet.noneOf(IbMessageType.class);
        for (String name : names) {
            types.add(IbMessageType.parse(name).orElseThrow(() -> new DecodeException(ErrorCode.MALFORMED,
                    "Unknown message type in message_types: " + Printable.of(name), requestType)));
        }
        return types;
    }

    /** The {@code symbols} list, each a configured instrument; null when absent (= every instrument). */
    private static List<String> symbols(ObjectNode message, String requestType, InstrumentDirectory instruments)
            throws DecodeException {
        if (!message.hasNonNull("symbols")) {
            return null;
        }
        List<String> symbols = ClientJson.textList(message, "symbols", requestType);
        if (symbols.isEmpty() || symbols.size() > MAX_SYMBOLS) {
            throw new DecodeException(ErrorCode.MALFORMED, "symbols must list 1 to " + MAX_SYMBOLS + " symbols", requestType);
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String symbol : symbols) {
            if (instruments.find(symbol).isEmpty()) {
                throw new DecodeException(ErrorCode.UNKNOWN_INSTRUMENT, "Unknown symbol: " + Printable.of(symbol), requestType);
            }
            unique.add(symbol);
        }
        return new ArrayList<>(unique);
    }
}
