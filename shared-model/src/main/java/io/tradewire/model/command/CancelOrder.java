package io.tradewire.model.command;

/** Cancel one of the user's own orders. Reply: the cancelled order; another user's order is "not found". */
public record CancelOrder(String userId, String orderId) implements Command {
}
