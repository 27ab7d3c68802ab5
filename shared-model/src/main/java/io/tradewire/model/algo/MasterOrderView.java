package io.tradewire.model.algo;

import io.tradewire.model.Side;
import java.math.BigDecimal;

/**
 * A master order as the outside world sees it.
 *
 * @param exchange    the route as the engine resolved it ({@code Tradewire} or a broker name)
 * @param quantity    the quantity to trade (for an order given by notional: the notional converted at creation)
 * @param filled      quantity filled by the children so far
 * @param avgPrice    volume-weighted average fill price, null before the first fill
 * @param worstPrice  the worst price a child may trade at, null for none
 * @param reason      why the order finished or paused, or null
 * @param childOrders number of child orders placed so far
 * @param createdAt   epoch milliseconds
 * @param updatedAt   epoch milliseconds of the last change
 */
public record MasterOrderView(
        String masterOrderId,
        String clientOrderId,
        String userId,
        Algorithm algorithm,
        String exchange,
        String instrument,
        String marketType,
        Side side,
        BigDecimal quantity,
        BigDecimal filled,
        BigDecimal avgPrice,
        BigDecimal worstPrice,
        long durationSeconds,
        BigDecimal povLimit,
        boolean reduceOnly,
        MasterOrderStatus status,
        String reason,
        int childOrders,
        long createdAt,
        long updatedAt) {
}
