package io.tradewire.notifier;

import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current state of one stream, kept as the events a new subscriber needs: working orders by id
 * (a finished order leaves), positions by instrument, the latest account per currency (each venue settles in its own
 * currency, so several venues' accounts stay side by side), nothing for discrete facts (trades, master-order changes),
 * and the latest event for everything else (book, tick, bar, summary).
 */
final class StreamState {
    private final String kind;
    private final Map<String, Event> byKey = new LinkedHashMap<>();

    StreamState(String kind, List<Event> initial) {
        this.kind = kind;
        initial.forEach(this::apply);
    }

    void apply(Event event) {
        switch (kind) {
            case "orders":
                if (event instanceof OrderUpdated updated) {
                    if (updated.order().status().isFinal()) {
                        byKey.remove(updated.order().orderId());
                    } else {
                        byKey.put(updated.order().orderId(), event);
                    }
                }
                break;
            case "positions":
                if (event instanceof PositionChanged changed) {
                    byKey.put(changed.position().instrument(), event);
                }
                break;
            case "account":
                if (event instanceof AccountChanged changed) {
                    byKey.put(changed.account().currency(), event);
                }
                break;
            case "trades":
            case "algo":
                break;
            default:
                byKey.clear();
                byKey.put("", event);
        }
    }

    /**
     * Whether the state describes a period that is over: a bar whose bucket has closed with no trade
     * since. Such a stream is rebuilt from the venue, which answers with the current bucket.
     */
    boolean staleAt(long now) {
        Event latest = byKey.get("");
        return latest instanceof BarUpdated bar && bar.closeTime() <= now;
    }

    List<Event> events() {
        return new ArrayList<>(byKey.values());
    }
}
