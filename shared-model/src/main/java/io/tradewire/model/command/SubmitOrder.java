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
 * @param clientOrderId the client's own id, or null
 * @param price         limit price; null for MARKET orders
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
        OrderSource source) implements Command {
}
