package io.tradewire.model.event;

import io.tradewire.model.view.OrderView;

/** An order was accepted, filled (partly or fully), cancelled or rejected: its new state. */
public record OrderUpdated(OrderView order) implements Event {
}
