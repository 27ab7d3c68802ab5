package io.tradewire.model.event;

import io.tradewire.model.Offset;
import io.tradewire.model.Side;
import java.math.BigDecimal;

/**
 * One side of a fill, addressed to the owner of the order that filled (a match produces two: one for
 * the maker, one for the taker, with the same trade id).
 *
 * @param fee       what this side paid for the fill (maker or taker fee rate × notional, rounded up to 8 decimals),
 *                  taken out of its balance
 * @param timestamp epoch milliseconds
 */
public record TradeExecuted(
        String tradeId,
        String orderId,
        String userId,
        String instrument,
        Side side,
        Offset offset,
        BigDecimal price,
        BigDecimal quantity,
        boolean maker,
        BigDecimal fee,
        long timestamp) implements Event {

    /** A fill without a fee. */
    public TradeExecuted(String tradeId, String orderId, String userId, String instrument, Side side, Offset offset,
            BigDecimal price, BigDecimal quantity, boolean maker, long timestamp) {
        this(tradeId, orderId, userId, instrument, side, offset, price, quantity, maker, BigDecimal.ZERO, timestamp);
    }
}
