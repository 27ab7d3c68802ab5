package io.tradewire.model.command;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import java.math.BigDecimal;

/**
 * Place an order. Reply: the order's {@link io.tradewire.model.view.OrderView} right after it was
 * accepted (and possibly matched); failure: an {@link io.tradewire.model.ErrorCode}.
 *
 * @param clientOrderId the client's own id, or null; unique per user among its working and recent orders
 *                      ({@link io.tradewire.model.ErrorCode#DUPLICATE_CLIENT_ORDER_ID} otherwise)
 * @param price         limit price; null for MARKET orders
 * @param postOnly      the order must rest: when any part of it would trade on arrival it is refused
 *                      ({@link io.tradewire.model.ErrorCode#WOULD_TAKE_LIQUIDITY}); LIMIT GTC orders only
 */
public record SubmitOrder(
        String userId,
        String clientOrderId,
        String instrument,
        Side side,
        Offset offset,
        OrderType type,
        TimeInForce timeInForce,
        BigDecimal price,
        BigDecimal quantity,
        OrderSource source,
        boolean postOnly) implements Command {

    /** An order that may take liquidity (not post-only). */
    public SubmitOrder(String userId, String clientOrderId, String instrument, Side side, Offset offset, OrderType type,
            TimeInForce timeInForce, BigDecimal price, BigDecimal quantity, OrderSource source) {
        this(userId, clientOrderId, instrument, side, offset, type, timeInForce, price, quantity, source, false);
    }
}
