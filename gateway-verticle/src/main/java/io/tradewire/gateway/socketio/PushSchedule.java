package io.tradewire.gateway.socketio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * When each subscribed push of one socket is due, and whether it has anything new to say. Plain Java,
 * driven by the gateway's heartbeat (a few times a second):
 * <ul>
 *   <li>right after a subscription the push goes out at the first heartbeat that finds its data complete
 *       (all snapshots in), whatever was sent before;</li>
 *   <li>after that it is checked once per interval and sent only when its data differs from what this
 *       socket was last sent; an unchanged check sends nothing and waits for the next interval.</li>
 * </ul>
 * The data is compared as rendered JSON text, so "changed" means "the client would see something else".
 */
final class PushSchedule {
    /** A push that is due now, with the data it carries. */
    record Due(TradingType type, String data) {
    }

    private static final class Slot {
        boolean first = true;
        long nextCheck;
        String lastSent;
    }

    private final Map<TradingType, Duration> intervals;
    private final Map<TradingType, Slot> slots = new EnumMap<>(TradingType.class);

    PushSchedule(Map<TradingType, Duration> intervals) {
        this.intervals = Map.copyOf(intervals);
    }

    /** Starts (or restarts) a push: its next data goes out at once, even if this socket saw it before. */
    void subscribe(TradingType type) {
        slots.put(type, new Slot());
    }

    void unsubscribe(TradingType type) {
        slots.remove(type);
    }

    Set<TradingType> subscribed() {
        return Collections.unmodifiableSet(slots.keySet());
    }

    /**
     * The pushes due at {@code now} (epoch milliseconds), in type order.
     *
     * @param data the current data of a type as JSON text, or null while it is not complete yet
     */
    List<Due> due(long now, Function<TradingType, String> data) {
        List<Due> due = new ArrayList<>();
        for (Map.Entry<TradingType, Slot> entry : slots.entrySet()) {
            TradingType type = entry.getKey();
            Slot slot = entry.getValue();
            if (!slot.first && now < slot.nextCheck) {
                continue;
            }
            String current = data.apply(type);
            if (slot.first) {
                if (current == null) {
                    continue;
                }
                slot.first = false;
            } else if (current == null || current.equals(slot.lastSent)) {
                slot.nextCheck = now + intervals.get(type).toMillis();
                continue;
            }
            slot.lastSent = current;
            slot.nextCheck = now + intervals.get(type).toMillis();
            due.add(new Due(type, current));
        }
        return due;
    }
}
