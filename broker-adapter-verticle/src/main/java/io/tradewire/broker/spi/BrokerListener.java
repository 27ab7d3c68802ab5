package io.tradewire.broker.spi;

import io.tradewire.model.event.Event;

/** What an adapter reports: canonical events, and changes of its connection state. */
public interface BrokerListener {
    void onEvent(Event event);

    /** The adapter's state changed; {@code detail} is for operators (never a secret). */
    void onState(BrokerState state, String detail);
}
