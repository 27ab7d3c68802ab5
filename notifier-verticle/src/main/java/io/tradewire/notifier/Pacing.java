package io.tradewire.notifier;

import io.tradewire.model.StreamPartitions;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.Event;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Market-data streams whose message is their whole state (bars, and on request books, tickers and summaries) sent at
 * most once per interval of their kind ({@code notifier.pacing.<kind>}): a message of a paced stream is held, a later
 * one replaces it, and every held message goes out at the next tick of its kind's interval. A subscriber therefore
 * sees each paced stream's latest state at most one interval late, never an outdated one, and the notifier and the
 * gateways do the work once per interval instead of once per trade (a fill updates nine bars). A bar of a new period
 * first releases the held bar of the period it closes, so the final figures of every period go out. Trades, orders and
 * every private stream are never paced. Single-threaded (the notifier's context).
 */
final class Pacing {
    /** The market stream kinds that may be paced: each message of such a stream is the stream's whole state. */
    static final List<String> KINDS = List.of("bar", "book", "ticker", "summary");

    /** Where a message goes when it is sent (stamped, kept and published). */
    @FunctionalInterface
    interface Release {
        void send(String stream, Event event);
    }

    private final Map<String, Long> intervals;
    private final Map<String, Map<String, Event>> held = new HashMap<>();

    /** {@code intervals}: per kind of {@link #KINDS}; a kind absent or at zero is not paced. */
    Pacing(Map<String, Duration> intervals) {
        Map<String, Long> millis = new LinkedHashMap<>();
        intervals.forEach((kind, interval) -> {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("not a paced stream kind: " + kind);
            }
            if (!interval.isZero()) {
                millis.put(kind, interval.toMillis());
                held.put(kind, new LinkedHashMap<>());
            }
        });
        this.intervals = Collections.unmodifiableMap(millis);
    }

    /** The paced kinds and their interval in milliseconds: each needs a timer that calls {@link #flush}. */
    Map<String, Long> intervals() {
        return intervals;
    }

    /**
     * Holds {@code event} when {@code stream} is paced (true), else leaves it to the caller to send now (false). A bar
     * of another period than the held one first sends the held one through {@code release}.
     */
    boolean hold(String stream, Event event, Release release) {
        Map<String, Event> kind = held.isEmpty() ? null : held.get(kindOf(stream));
        if (kind == null) {
            return false;
        }
        Event previous = kind.put(stream, event);
        if (previous instanceof BarUpdated closed && event instanceof BarUpdated bar && closed.openTime() != bar.openTime()) {
            release.send(stream, previous);
        }
        return true;
    }

    /** Sends every held message of {@code kind}, in the order their streams started waiting. */
    void flush(String kind, Release release) {
        Map<String, Event> waiting = held.get(kind);
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        for (Iterator<Map.Entry<String, Event>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Event> entry = it.next();
            it.remove();
            release.send(entry.getKey(), entry.getValue());
        }
    }

    /** Forgets the held messages of the streams of {@code partitions} (no longer this notifier's to send). */
    void drop(BitSet partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        for (Map<String, Event> waiting : held.values()) {
            waiting.keySet().removeIf(stream -> partitions.get(StreamPartitions.of(stream)));
        }
    }

    /** Messages held right now, all kinds together. */
    int heldCount() {
        int count = 0;
        for (Map<String, Event> waiting : held.values()) {
            count += waiting.size();
        }
        return count;
    }

    /** The kind of a market stream ({@code market.<subject>.<kind>[.<detail>]}), null for any other stream. */
    static String kindOf(String stream) {
        if (!stream.startsWith("market.")) {
            return null;
        }
        int second = stream.indexOf('.', 7);
        if (second < 0) {
            return null;
        }
        int third = stream.indexOf('.', second + 1);
        return stream.substring(second + 1, third < 0 ? stream.length() : third);
    }
}
