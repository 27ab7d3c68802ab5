package io.tradewire.model.event;

import io.tradewire.model.Side;
import java.math.BigDecimal;

/**
 * A public trade print: last price and the quantity traded, with the aggressor's side, and the instrument's ticker
 * right after it: the volume of the last 24 hours and the best bid and ask left in the book.
 *
 * @param timestamp epoch milliseconds
 * @param volume24h the quantity traded over the last 24 hours, this trade included (null when the source does not say)
 * @param bestBid   the best bid after this trade (null when the bid side is empty or the source does not say)
 * @param bestAsk   the best ask after this trade (null when the ask side is empty or the source does not say)
 */
public record Tick(String tradeId, String instrument, BigDecimal lastPrice, BigDecimal quantity, Side aggressor, long timestamp,
        BigDecimal volume24h, BigDecimal bestBid, BigDecimal bestAsk) implements Event {

    /** A trade print from a source that reports no ticker. */
    public Tick(String tradeId, String instrument, BigDecimal lastPrice, BigDecimal quantity, Side aggressor, long timestamp) {
        this(tradeId, instrument, lastPrice, quantity, aggressor, timestamp, null, null, null);
    }
}
