package io.tradewire.broker.bybit;

import io.tradewire.model.event.BookChanged;
import io.tradewire.model.view.BookLevel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One symbol's book from {@code orderbook.{depth}.{symbol}} pushes: a snapshot replaces the book, a delta sets levels
 * (size "0" deletes one). A delta whose update id {@code u} is not past the last one is a duplicate or arrived out of
 * order and is ignored; a delta before any snapshot too (the next snapshot brings the book).
 */
public final class BybitBook {
    private final String symbol;
    private final int publishedLevels;
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private long lastUpdateId = -1;

    public BybitBook(String symbol, int publishedLevels) {
        this.symbol = symbol;
        this.publishedLevels = publishedLevels;
    }

    /** Applies one push; returns the book to publish, or null when the push changed nothing. */
    public BookChanged apply(String type, JsonObject data, long timestamp) {
        long updateId = data.getLong("u", 0L);
        if ("snapshot".equals(type)) {
            bids.clear();
            asks.clear();
        } else if (lastUpdateId < 0 || updateId <= lastUpdateId) {
            return null;
        }
        lastUpdateId = updateId;
        set(bids, data.getJsonArray("b", new JsonArray()));
        set(asks, data.getJsonArray("a", new JsonArray()));
        return new BookChanged(symbol, top(bids), top(asks), timestamp);
    }

    /** A new connection: wait for its snapshot. */
    public void reset() {
        bids.clear();
        asks.clear();
        lastUpdateId = -1;
    }

    private static void set(Map<BigDecimal, BigDecimal> side, JsonArray levels) {
        for (Object level : levels) {
            if (!(level instanceof JsonArray pair) || pair.size() < 2) {
                throw new IllegalArgumentException("a book level must be [price, size]");
            }
            BigDecimal price = new BigDecimal(pair.getValue(0).toString());
            BigDecimal size = new BigDecimal(pair.getValue(1).toString());
            if (size.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, size);
            }
        }
    }

    private List<BookLevel> top(TreeMap<BigDecimal, BigDecimal> side) {
        List<BookLevel> levels = new ArrayList<>();
        for (Map.Entry<BigDecimal, BigDecimal> level : side.entrySet()) {
            if (levels.size() == publishedLevels) {
                break;
            }
            levels.add(new BookLevel(level.getKey(), level.getValue(), 0));
        }
        return levels;
    }
}
