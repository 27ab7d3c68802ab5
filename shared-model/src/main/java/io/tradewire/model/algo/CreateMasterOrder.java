package io.tradewire.model.algo;

import io.tradewire.model.Side;
import java.math.BigDecimal;

/**
 * Start a master order. Reply: its {@link MasterOrderView} (status NEW); failure: an
 * {@link io.tradewire.model.ErrorCode} (malformed parameters, unknown instrument or route, duplicate client order id).
 *
 * @param exchange         where the children go: {@code Tradewire} (the in-house venue) or a broker name such as
 *                         {@code Bybit} (any letter case)
 * @param marketType       the client's market type ({@code SPOT}, {@code PERP}), echoed back
 * @param totalQuantity    quantity to trade; null when {@code orderNotional} is given instead
 * @param orderNotional    value to trade (price × quantity); null when {@code totalQuantity} is given
 * @param durationSeconds  how long the execution may take
 * @param worstPrice       no child trades beyond it (the highest price of a BUY, the lowest of a SELL); null for no limit
 * @param povLimit         POV only: the share of market volume to take, in (0, 1]
 */
public record CreateMasterOrder(
        String userId,
        String clientOrderId,
        Algorithm algorithm,
        String exchange,
        String instrument,
        String marketType,
        Side side,
        BigDecimal totalQuantity,
        BigDecimal orderNotional,
        long durationSeconds,
        BigDecimal worstPrice,
        BigDecimal povLimit,
        boolean reduceOnly,
        String notes) {
}
