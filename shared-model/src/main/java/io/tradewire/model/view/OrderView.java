package io.tradewire.model.view;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import java.math.BigDecimal;

/**
 * An order as the outside world sees it.
 *
 * @param price        limit price, null for MARKET orders
 * @param avgFillPrice volume-weighted average fill price, null before the first fill
 * @param createdAt    epoch milliseconds
 * @param updatedAt    epoch milliseconds of the last change
 * @param postOnly     the order was placed post-only (it never takes liquidity)
 */
public record OrderView(
        String orderId,
        String clientOrderId,
        String userId,
        String instrument,
        Side side,
        Offset offset,
        OrderType type,
        TimeInForce timeInForce,
        BigDecimal price,
        BigDecimal quantity,
        BigDecimal filled,
        BigDecimal remaining,
        BigDecimal avgFillPrice,
        OrderStatus status,
        OrderSource source,
        long createdAt,
        long updatedAt,
        boolean postOnly) {

    /** An order that is not post-only. */
    public OrderView(String orderId, String clientOrderId, String userId, String instrument, Side side, Offset offset,
            OrderType type, TimeInForce timeInForce, BigDecimal price, BigDecimal quantity, BigDecimal filled,
            BigDecimal remaining, BigDecimal avgFillPrice, OrderStatus status, OrderSource source, long createdAt,
            long updatedAt) {
        this(orderId, clientOrderId, userId, instrument, side, offset, type, timeInForce, price, quantity, filled, remaining,
                avgFillPrice, status, source, createdAt, updatedAt, false);
    }
}
