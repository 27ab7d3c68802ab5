package io.tradewire.model.event;

import io.tradewire.model.Side;
import java.math.BigDecimal;

/**
 * A public trade print: last price and the quantity traded, with the aggressor's side.
 *
 * @param timestamp epoch milliseconds
 */
public record Tick(String tradeId, String instrument, BigDecimal lastPrice, BigDecimal quantity, Side aggressor, long timestamp)
        implements Event {
}
