package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.StreamPartitions;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.UserClock;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Stamps each stream's messages with a gap-free sequence number within an epoch, and each message of a user's
 * private stream with where the user's other streams stood ({@link UserClock}). Epochs belong to partitions
 * ({@link StreamPartitions}): the notifier chooses one whenever it gains a partition ({@link #restart}), which drops
 * the partition's counters, so a client that sees the epoch change knows the history behind the numbers is gone.
 * Counters are kept for every stream that had a message since (a few dozen bytes each). Single-threaded: owned by
 * the notifier's context.
 */
public final class Sequencer {
    private final long[] epochs = new long[StreamPartitions.COUNT];
    /** Per stream, found by one lookup: its counters, which of them is its own, and its partition. */
    private final Map<String, Slot> slots = new HashMap<>();
    /** Per user: the last sequence number of each private stream, in {@link StreamKeys#USER_KINDS} order. */
    private final Map<String, long[]> users = new HashMap<>();

    /**
     * A stream's place: {@code seqs[kind]} is its last sequence number. A private stream of a clocked kind shares its
     * user's array (the user clock); any other stream (market streams, private streams such as {@code algo}) has an
     * array of its own and no clock. It also holds what the notifier's other per-stream parts would otherwise look up
     * by the stream's key on every message: its push address, its history ring and when it last counted as touched.
     */
    static final class Slot {
        final String stream;
        final String address;
        private final long[] seqs;
        private final int kind;
        private final boolean clocked;
        private final int partition;
        /** The stream's history ring, as last found by {@link HistoryStore} (it checks that it is still its own). */
        HistoryStore.Ring ring;
        /** The beacon interval in which {@link QuietStreams} last counted the stream as touched. */
        long touchedIn = -1;

        private Slot(String stream, long[] seqs, int kind, boolean clocked, int partition) {
            this.stream = stream;
            this.address = Addresses.push(stream);
            this.seqs = seqs;
            this.kind = kind;
            this.clocked = clocked;
            this.partition = partition;
        }
    }

    /** A sequencer whose partitions all start in {@code epoch}. */
    public Sequencer(long epoch) {
        Arrays.fill(epochs, epoch);
    }

    /** The epoch of a stream (that of its partition). */
    public long epoch(String stream) {
        Slot slot = slots.get(stream);
        return epochs[slot == null ? StreamPartitions.of(stream) : slot.partition];
    }

    /** The epoch a partition's streams are stamped with now. */
    public long partitionEpoch(int partition) {
        return epochs[partition];
    }

    /**
     * The stream's next message. Its {@link Push#stream()} is the one key instance this sequencer keeps for the stream,
     * so that further lookups with it (history, states) find their entries by identity instead of comparing strings.
     */
    public Push stamp(String stream, Event event) {
        return stamp(slot(stream), event);
    }

    /** The stream's place, made on its first message. */
    Slot slot(String stream) {
        Slot slot = slots.get(stream);
        if (slot == null) {
            slot = slotOf(stream);
            slots.put(stream, slot);
        }
        return slot;
    }

    /** The next message of the stream of {@code slot} (see {@link #stamp(String, Event)}). */
    Push stamp(Slot slot, Event event) {
        long seq = ++slot.seqs[slot.kind];
        long epoch = epochs[slot.partition];
        return slot.clocked ? new Push(slot.stream, epoch, seq, event, UserClock.of(slot.seqs)) : new Push(slot.stream, epoch, seq, event);
    }

    /** The last sequence number issued on a stream in its current epoch (0 if none). */
    public long lastSeq(String stream) {
        Slot slot = slots.get(stream);
        return slot == null ? 0 : slot.seqs[slot.kind];
    }

    /** Starts the streams of {@code partitions} over in {@code epoch}: their counters and user clocks are dropped. */
    public void restart(BitSet partitions, long epoch) {
        if (partitions.isEmpty()) {
            return;
        }
        for (int p = partitions.nextSetBit(0); p >= 0; p = partitions.nextSetBit(p + 1)) {
            epochs[p] = epoch;
        }
        slots.values().removeIf(slot -> partitions.get(slot.partition));
        users.keySet().removeIf(user -> partitions.get(StreamPartitions.of("user." + user)));
    }

    /** Streams with counters. */
    int streams() {
        return slots.size();
    }

    private Slot slotOf(String stream) {
        int partition = StreamPartitions.of(stream);
        int kind = StreamKeys.userKindIndex(stream);
        if (kind < 0) {
            return new Slot(stream, new long[1], 0, false, partition);
        }
        long[] seqs = users.computeIfAbsent(StreamKeys.ownerOf(stream), user -> new long[StreamKeys.USER_KINDS.size()]);
        return new Slot(stream, seqs, kind, true, partition);
    }
}
