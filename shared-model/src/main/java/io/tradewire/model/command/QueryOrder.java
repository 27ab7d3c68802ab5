package io.tradewire.model.command;

/** One of the user's own orders. Reply: {@link io.tradewire.model.view.OrderView}. */
public record QueryOrder(String userId, String orderId) implements Command {
}
