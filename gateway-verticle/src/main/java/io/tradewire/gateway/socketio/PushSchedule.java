package io.tradewire.gateway.socketio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
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
 *       socket was last sent; an unchanged check sends nothing and waits for the next interval;</li>
 *   <li>a push recovered from a client's offset ({@link #recover}) goes out at the first complete heartbeat only
 *       when its data differs from what the client last had.</li>
 * </ul>
 * The data is compared as rendered JSON text (by its hash, {@link RecoveryOffset#hash}), so "changed" means "the
 * client would see something else".
 */
final class PushSchedule {
    /** A push that is due now, with the data it carries and that data's hash. */
    record Due(TradingType type, String data, long hash) {
    }

    private static final class Slot {
        boolean first = true;
        /** Right after a subscription: sent even when the client saw the same data before. */
        boolean force = true;
        long nextCheck;
        boolean hasLast;
        long lastHash;
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

    /** Starts a push the client had before: at once only when its data differs from what the client last got. */
    void recover(TradingType type, boolean sentBefore, long hash) {
        Slot slot = new Slot();
        slot.force = false;
        slot.hasLast = sentBefore;
        slot.lastHash = hash;
        slots.put(type, slot);
    }

    void unsubscribe(TradingType type) {
        slots.remove(type);
    }

    Set<TradingType> subscribed() {
        return Collections.unmodifiableSet(slots.keySet());
    }

    /** The client's view as an offset: subscribed types and the hash of what each was last sent. */
    RecoveryOffset offset(long userTag) {
        Set<TradingType> sent = EnumSet.noneOf(TradingType.class);
        long[] hashes = new long[TradingType.values().length];
        slots.forEach((type, slot) -> {
            if (slot.hasLast) {
                sent.add(type);
                hashes[type.ordinal()] = slot.lastHash;
            }
        });
        Set<TradingType> types = slots.isEmpty() ? EnumSet.noneOf(TradingType.class) : EnumSet.copyOf(slots.keySet());
        return new RecoveryOffset(userTag, types, sent, hashes);
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
            if (current == null) {
                if (!slot.first) {
                    slot.nextCheck = now + intervals.get(type).toMillis();
                }
                continue;
            }
            long hash = RecoveryOffset.hash(current);
            boolean unchanged = slot.hasLast && hash == slot.lastHash;
            boolean send = slot.first && slot.force || !unchanged;
            slot.first = false;
            slot.nextCheck = now + intervals.get(type).toMillis();
            if (send) {
                slot.hasLast = true;
                slot.lastHash = hash;
                due.add(new Due(type, current, hash));
            }
        }
        return due;
    }
}
