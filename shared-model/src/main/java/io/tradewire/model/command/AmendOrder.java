package io.tradewire.model.command;

import java.math.BigDecimal;

/**
 * Change the price and / or the quantity of one of the user's own working orders. Reply: the order's
 * {@link io.tradewire.model.view.OrderView} after the amend (and any fills it caused); another user's order is
 * "not found", a finished one {@link io.tradewire.model.ErrorCode#ORDER_NOT_ACTIVE}.
 *
 * <p>Priority: reducing the quantity at the same price keeps the order's place in its price level's queue; a new
 * price or a larger quantity loses it (the order goes to the back of the queue of its new price, and a new price that
 * crosses the book trades first, as an incoming order would).
 *
 * @param price    the new limit price, or null to keep it
 * @param quantity the new total quantity (filled part included, so it must exceed what has filled), or null to keep it
 */
public record AmendOrder(String userId, String orderId, BigDecimal price, BigDecimal quantity) implements Command {
}
