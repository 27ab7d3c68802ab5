package io.tradewire.model.event;

import io.tradewire.model.algo.MasterOrderView;

/** A master order was created, started, paused, resumed, filled further or finished: its new state. */
public record MasterOrderUpdated(MasterOrderView master) implements Event {
}
