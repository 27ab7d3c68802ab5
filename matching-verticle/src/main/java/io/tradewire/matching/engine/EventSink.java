package io.tradewire.matching.engine;

import io.tradewire.model.event.Event;

/** Where a {@link Venue} sends the events of one command, in order. Called only for accepted commands. */
@FunctionalInterface
public interface EventSink {
    EventSink DISCARD = event -> { };

    void publish(Event event);
}
