package io.tradewire.model.command;

/** The user's open (working) orders. Reply: {@link io.tradewire.model.view.OrderList}. */
public record QueryOrders(String userId) implements Command {
}
