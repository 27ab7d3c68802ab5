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
    /** Streams outside a user clock (market streams, and private streams of other kinds such as {@code algo}). */
    private final Map<String, long[]> unclocked = new HashMap<>();
    /** Per user: the last sequence number of each private stream, in {@link StreamKeys#USER_KINDS} order. */
    private final Map<String, long[]> users = new HashMap<>();

    public Sequencer(long epoch) {
        this.epoch = epoch;
    }

    public long epoch() {
        return epoch;
    }

    public Push stamp(String stream, Event event) {
        int kind = StreamKeys.userKindIndex(stream);
        if (kind < 0) {
            long[] counter = unclocked.computeIfAbsent(stream, key -> new long[1]);
            return new Push(stream, epoch, ++counter[0], event);
        }
        long[] seqs = users.computeIfAbsent(StreamKeys.ownerOf(stream), user -> new long[StreamKeys.USER_KINDS.size()]);
        long seq = ++seqs[kind];
        return new Push(stream, epoch, seq, event, UserClock.of(seqs));
    }

    /** The last sequence number issued on a stream (0 if none). */
    public long lastSeq(String stream) {
        int kind = StreamKeys.userKindIndex(stream);
        if (kind < 0) {
            long[] counter = unclocked.get(stream);
            return counter == null ? 0 : counter[0];
        }
        long[] seqs = users.get(StreamKeys.ownerOf(stream));
        return seqs == null ? 0 : seqs[kind];
    }
}
