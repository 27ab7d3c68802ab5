package io.tradewire.model.event;

import java.util.List;

/**
 * A stream's current state as events (the latest account; one event per position; one per open order;
 * the latest book, tick or bar; none for streams of discrete facts such as trades), taken at sequence
 * {@code seq} of {@code epoch}. A subscriber that buffered live pushes while it waited delivers the
 * snapshot, then only the pushes with a higher sequence: no gap and no duplicate.
 */
public record Snapshot(String stream, long epoch, long seq, List<Event> events) {
    public Snapshot {
        events = List.copyOf(events);
    }
}
