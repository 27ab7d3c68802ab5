package io.tradewire.notifier;

import io.tradewire.model.event.Event;
import io.tradewire.model.event.Push;
import java.util.HashMap;
import java.util.Map;

/**
 * Stamps each stream's messages with a gap-free sequence number within an epoch. The epoch is chosen
 * when the notifier starts, so a client that sees it change knows the history behind the numbers is
 * gone. Single-threaded: owned by the notifier's context.
 */
public final class Sequencer {
    private final long epoch;
    private final Map<String, long[]> counters = new HashMap<>();

    public Sequencer(long epoch) {
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }

    public Push stamp(String stream, Event event) {
        long[] counter = counters.computeIfAbsent(stream, key -> new long[1]);
        return new Push(stream, epoch, ++counter[0], event);
    }

    /** The last sequence number issued on a stream (0 if none). */
    public long lastSeq(String stream) {
        long[] counter = counters.get(stream);
        return counter == null ? 0 : counter[0];
    }
}
