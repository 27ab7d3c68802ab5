package io.tradewire.model.command;

import java.math.BigDecimal;

/**
 * Change the price and / or the quantity of one of the user's own working orders, named by exactly one of
 * {@code orderId} and {@code clientOrderId} (as in {@link CancelOrder}). Reply: the order's
 * {@link io.tradewire.model.view.OrderView} after the amend (and any fills it caused); another user's order (by either
 * id) is "not found", a finished one {@link io.tradewire.model.ErrorCode#ORDER_NOT_ACTIVE}, both ids or neither
 * {@link io.tradewire.model.ErrorCode#MALFORMED}.
 *
 * <p>Priority: reducing the quantity at the same price keeps the order's place in its price level's queue; a new
 * price or a larger quantity loses it (the order goes to the back of the queue of its new price, and a new price that
 * crosses the book trades first, as an incoming order would).
 *
 * @param orderId       the venue's order id, or null when the order is named by {@code clientOrderId}
 * @param clientOrderId the id the user submitted the order with ({@link SubmitOrder#clientOrderId()}), or null when
 *                      the order is named by {@code orderId}; an amend does not change an order's client order id
 * @param price         the new limit price, or null to keep it
 * @param quantity      the new total quantity (filled part included, so it must exceed what has filled), or null to
 *                      keep it
 */
public record AmendOrder(String userId, String orderId, String clientOrderId, BigDecimal price, BigDecimal quantity)
        implements Command {

    /** Amends the order with the venue's id {@code orderId}. */
    public AmendOrder(String userId, String orderId, BigDecimal price, BigDecimal quantity) {
        this(userId, orderId, null, price, quantity);
    }

    /** Amends the user's order that was submitted with {@code clientOrderId}. */
    public static AmendOrder byClientOrderId(String userId, String clientOrderId, BigDecimal price, BigDecimal quantity) {
        return new AmendOrder(userId, null, clientOrderId, price, quantity);
    }
}
