package io.tradewire.notifier;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.UserClock;
import java.util.HashMap;
import java.util.Map;

/**
 * Stamps each stream's messages with a gap-free sequence number within an epoch, and each message of a user's
 * private stream with where the user's other streams stood ({@link UserClock}). The epoch is chosen when the
 * notifier starts, so a client that sees it change knows the history behind the numbers is gone. Counters are
 * kept for every stream that ever had a message (a few dozen bytes each). Single-threaded: owned by the
 * notifier's context.
 */
public final class Sequencer {
    private final long epoch;
    /** Per stream, found by one lookup: its counters and which of them is its own. */
    private final Map<String, Slot> slots = new HashMap<>();
    /** Per user: the last sequence number of each private stream, in {@link StreamKeys#USER_KINDS} order. */
    private final Map<String, long[]> users = new HashMap<>();

    /**
     * A stream's place: {@code seqs[kind]} is its last sequence number. A private stream of a clocked kind shares its
     * user's array (the user clock); any other stream (market streams, private streams such as {@code algo}) has an
     * array of its own and no clock.
     */
    private record Slot(long[] seqs, int kind, boolean clocked) {
    }

    public Sequencer(long epoch) {
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }

    public Push stamp(String stream, Event event) {
        Slot slot = slots.computeIfAbsent(stream, this::slotOf);
        long seq = ++slot.seqs[slot.kind];
        return slot.clocked ? new Push(stream, epoch, seq, event, UserClock.of(slot.seqs)) : new Push(stream, epoch, seq, event);
    }

    /** The last sequence number issued on a stream (0 if none). */
    public long lastSeq(String stream) {
        Slot slot = slots.get(stream);
        return slot == null ? 0 : slot.seqs[slot.kind];
    }

    private Slot slotOf(String stream) {
        int kind = StreamKeys.userKindIndex(stream);
        if (kind < 0) {
            return new Slot(new long[1], 0, false);
        }
        long[] seqs = users.computeIfAbsent(StreamKeys.ownerOf(stream), user -> new long[StreamKeys.USER_KINDS.size()]);
        return new Slot(seqs, kind, true);
    }
}
