package io.tradewire.model.algo;

/**
 * The child orders of a user's master orders (all of them, or those of one master order), newest first. Reply: an
 * {@link io.tradewire.model.view.OrderList} of the children as the venue last reported them.
 *
 * @param masterOrderId one master order, or null for all of the user's
 */
public record QueryAlgoFills(String userId, String masterOrderId) {
}
