package io.tradewire.notifier;

import io.tradewire.model.StreamPartitions;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which streams went quiet, for the stream-head beacons: called once per beacon interval, {@link #tick} names every
 * stream whose last message came in the interval before the one just ended. A stream that keeps getting messages
 * gets no head (its next message shows a lost one as well); a stream's last message is followed by its head one to
 * two intervals later. Single-threaded (the notifier's context).
 */
final class QuietStreams {
    private Set<String> current = new LinkedHashSet<>();
    private Set<String> previous = new LinkedHashSet<>();
    /** Counts the intervals, so that a stream's slot tells whether it was already counted in this one. */
    private long interval;

    /** A stream had a message; no set lookup when its slot says it was counted in this interval already. */
    void touched(Sequencer.Slot slot) {
        if (slot.touchedIn != interval) {
            slot.touchedIn = interval;
            current.add(slot.stream);
        }
    }

    /** Ends an interval: hands each stream that had messages the interval before but none in this one to {@code quiet}. */
    void tick(Consumer<String> quiet) {
        for (String stream : previous) {
            if (!current.contains(stream)) {
                quiet.accept(stream);
            }
        }
        Set<String> recycled = previous;
        recycled.clear();
        previous = current;
        current = recycled;
        interval++;
    }

    /** Forgets the streams of {@code partitions}. */
    void drop(BitSet partitions) {
        interval++; // slots of streams dropped from the current interval must count again
        current.removeIf(stream -> partitions.get(StreamPartitions.of(stream)));
        previous.removeIf(stream -> partitions.get(StreamPartitions.of(stream)));
    }
}
