package io.tradewire.broker.ib;

import io.tradewire.model.Side;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.BookLevel;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code smd+<conid>} pushes (only the fields that changed, merged per contract) to market events: a tick when the last
 * price (field 31, with 7059 the last size) changes, a top-of-book when the bid (84 / size 88) or ask (86 / size 85) is in
 * the push.
 */
final class IbMarketData {
    /** A field's marker before the number ({@code C} for a close, {@code H} for a halted price, ...). */
    private static final java.util.regex.Pattern LETTER_PREFIX = java.util.regex.Pattern.compile("^[A-Za-z]+");

    private final IbMapper mapper;
    private final Map<Long, JsonObject> quotes = new HashMap<>();

    IbMarketData(IbMapper mapper) {
        this.mapper = mapper;
    }

    List<Event> apply(JsonObject message) {
        long conid = io.tradewire.broker.BrokerJson.decimal(message, "conid").longValue();
        String symbol = mapper.symbol(message);
        JsonObject quote = quotes.computeIfAbsent(conid, c -> new JsonObject());
        BigDecimal previousLast = price(quote, "31");
        quote.mergeIn(message);
        long ts = message.getLong("_updated", System.currentTimeMillis());
        List<Event> events = new ArrayList<>();
        BigDecimal last = price(quote, "31");
        if (message.getValue("31") != null && last != null && (previousLast == null || previousLast.compareTo(last) != 0)) {
            BigDecimal size = price(quote, "7059");
            events.add(new Tick("ib-" + conid + "-" + ts, symbol, last, size == null ? BigDecimal.ZERO : size,
                    previousLast != null && last.compareTo(previousLast) < 0 ? Side.SELL : Side.BUY, ts));
        }
        if (message.getValue("84") != null || message.getValue("86") != null) {
            events.add(new BookChanged(symbol, level(quote, "84", "88"), level(quote, "86", "85"), ts));
        }
        return events;
    }

    private static List<BookLevel> level(JsonObject quote, String priceField, String sizeField) {
        BigDecimal price = price(quote, priceField);
        BigDecimal size = price(quote, sizeField);
        return price == null ? List.of() : List.of(new BookLevel(price, size == null ? BigDecimal.ZERO : size, 0));
    }

    /** A market-data value; IB prefixes some ({@code C} for a closing price, {@code H} when halted) and groups thousands. */
    private static BigDecimal price(JsonObject quote, String field) {
        Object value = quote.getValue(field);
        if (value == null) {
            return null;
        }
        String text = LETTER_PREFIX.matcher(value.toString()).replaceFirst("").replace(",", "");
        try {
            return text.isEmpty() || text.length() > 64 ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
