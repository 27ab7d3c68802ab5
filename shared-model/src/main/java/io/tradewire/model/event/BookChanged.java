package io.tradewire.model.event;

import io.tradewire.model.view.BookLevel;
import java.util.List;

/** The top levels of an instrument's book after a change (best first on each side). */
public record BookChanged(String instrument, List<BookLevel> bids, List<BookLevel> asks, long timestamp) implements Event {
    public BookChanged {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
