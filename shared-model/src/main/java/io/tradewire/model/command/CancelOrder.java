package io.tradewire.model.command;

/**
 * Cancel one of the user's own orders, named by exactly one of {@code orderId} (the venue's id) and
 * {@code clientOrderId} (the id the user gave it in {@link SubmitOrder#clientOrderId()}, like Binance's
 * {@code origClientOrderId}, Bybit's {@code orderLinkId} or FIX {@code OrigClOrdID}). Naming it by the client's id
 * lets a client cancel an order it has just sent without waiting for its acknowledgement. Reply: the cancelled order;
 * another user's order (by either id) is "not found", and so is a client order id the user has no order with;
 * both ids or neither is {@link io.tradewire.model.ErrorCode#MALFORMED}.
 *
 * @param orderId       the venue's order id, or null when the order is named by {@code clientOrderId}
 * @param clientOrderId the user's own id of the order, or null when it is named by {@code orderId}
 */
public record CancelOrder(String userId, String orderId, String clientOrderId) implements Command {

    /** Cancels the order with the venue's id {@code orderId}. */
    public CancelOrder(String userId, String orderId) {
        this(userId, orderId, null);
    }

    /** Cancels the user's order that was submitted with {@code clientOrderId}. */
    public static CancelOrder byClientOrderId(String userId, String clientOrderId) {
        return new CancelOrder(userId, null, clientOrderId);
    }
}
