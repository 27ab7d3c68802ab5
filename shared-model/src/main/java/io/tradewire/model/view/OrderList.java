package io.tradewire.model.view;

import java.util.List;

/** Reply to {@link io.tradewire.model.command.QueryOrders}. */
public record OrderList(List<OrderView> orders) {
    public OrderList {
        orders = List.copyOf(orders);
    }
}
