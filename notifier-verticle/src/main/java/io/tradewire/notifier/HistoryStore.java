package io.tradewire.notifier;

import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.StreamPartitions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest messages of every stream, for subscribers that come back after a disconnect or lost a message on the
 * bus: per stream at most {@link HistoryConfig#maxMessages()} messages ({@link HistoryConfig#stateMaxMessages()} for a
 * stream whose snapshot is its whole state, see {@link #wholeState}), none older than {@link HistoryConfig#maxAge()},
 * and at most {@link HistoryConfig#maxTotalMessages()} over all streams, the oldest message of any stream going first.
 * A stream's messages are kept in a ring that grows as needed up to its bound, so a quiet stream costs nothing once
 * its messages have aged out. Single-threaded (the notifier's context).
 */
final class HistoryStore {
    /** Stream kinds whose snapshot is their whole current state, so a short history loses nothing a resync would not give. */
    private static final Set<String> WHOLE_STATE = Set.of("account", "positions", "book", "ticker", "bar", "summary");

    private final int maxMessages;
    private final int stateMaxMessages;
    private final int maxTotal;
    private final long maxAgeMillis;
    private final Map<String, Ring> rings = new HashMap<>();
    /** Every kept message's ring and sequence number, oldest first (plus entries of messages dropped since). */
    private final Arrivals arrivals = new Arrivals();
    private long messages;

    HistoryStore(HistoryConfig config) {
        boolean enabled = config.enabled();
        this.maxMessages = enabled ? config.maxMessages() : 0;
        this.stateMaxMessages = enabled ? config.stateMaxMessages() : 0;
        this.maxTotal = enabled ? config.maxTotalMessages() : 0;
        this.maxAgeMillis = config.maxAge().toMillis();
    }

    /** Whether a stream's snapshot is its whole state: {@code user.<uid>.account|positions}, a book, ticker, bar or summary. */
    static boolean wholeState(String stream) {
        int first = stream.indexOf('.');
        int second = first < 0 ? -1 : stream.indexOf('.', first + 1);
        if (second < 0) {
            return false;
        }
        int third = stream.indexOf('.', second + 1);
        return WHOLE_STATE.contains(stream.substring(second + 1, third < 0 ? stream.length() : third));
    }

    /**
     * Keeps a message just published (messages of a stream arrive in sequence order); {@code slot} is its stream's, and
     * remembers the stream's ring while it is still this store's (one lookup fewer per message).
     */
    void append(Push push, long now, Sequencer.Slot slot) {
        Ring ring = slot.ring;
        if (ring == null || ring.detached) {
            ring = ringOf(push.stream());
            if (ring == null) {
                return;
            }
            slot.ring = ring;
        }
        append(ring, push, now);
    }

    /** The stream's ring, made on its first message; null when such streams keep nothing. */
    private Ring ringOf(String stream) {
        Ring ring = rings.get(stream);
        if (ring == null) {
            int bound = wholeState(stream) ? stateMaxMessages : maxMessages;
            if (bound == 0) {
                return null;
            }
            ring = new Ring(bound);
            rings.put(stream, ring);
        }
        return ring;
    }

    private void append(Ring ring, Push push, long now) {
        if (ring.size == ring.bound) {
            ring.dropOldest();
            messages--;
        }
        ring.add(push, now);
        messages++;
        arrivals.add(ring, push.seq());
        expire(ring, now);
        while (messages > maxTotal) {
            dropOldestOfAll();
        }
        if (arrivals.size > 2 * messages + 1_024) {
            arrivals.compact();
        }
    }

    /**
     * Answers a request against the stream's current {@code epoch} and {@code lastSeq}: every message in
     * {@code (afterSeq, upToSeq]} ({@code upToSeq} = {@link Long#MAX_VALUE}: up to {@code lastSeq}) in order, or
     * nothing with {@code recovered} false when the epoch differs, the position lies ahead of the stream, or some of
     * those messages are no longer kept.
     */
    History read(HistoryRequest request, long epoch, long lastSeq, long now) {
        String stream = request.stream();
        long after = request.afterSeq();
        long upTo = request.upToSeq() == Long.MAX_VALUE ? lastSeq : request.upToSeq();
        if (request.epoch() != epoch || after < 0 || after > lastSeq || upTo > lastSeq) {
            return new History(stream, epoch, lastSeq, false, List.of());
        }
        if (upTo <= after) {
            return new History(stream, epoch, lastSeq, true, List.of());
        }
        Ring ring = rings.get(stream);
        if (ring != null) {
            expire(ring, now);
        }
        if (ring == null || ring.size == 0 || ring.oldestSeq() > after + 1) {
            return new History(stream, epoch, lastSeq, false, List.of());
        }
        int from = (int) (after + 1 - ring.oldestSeq());
        int count = (int) (upTo - after);
        List<Push> pushes = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            pushes.add(ring.get(i));
        }
        return new History(stream, epoch, lastSeq, true, pushes);
    }

    /** Drops what is older than the age bound everywhere, and the rings left empty. */
    void expireAll(long now) {
        for (Iterator<Ring> it = rings.values().iterator(); it.hasNext(); ) {
            Ring ring = it.next();
            expire(ring, now);
            if (ring.size == 0) {
                ring.clear();
                it.remove();
            }
        }
    }

    /** Forgets every message of the streams of {@code partitions} (a partition lost or started over). */
    void drop(BitSet partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        for (Iterator<Map.Entry<String, Ring>> it = rings.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Ring> entry = it.next();
            if (partitions.get(StreamPartitions.of(entry.getKey()))) {
                messages -= entry.getValue().size;
                entry.getValue().clear();
                it.remove();
            }
        }
    }

    /** Streams with at least one message kept. */
    int streams() {
        return rings.size();
    }

    /** Messages kept, all streams together. */
    long messages() {
        return messages;
    }

    /** Drops the oldest message kept, of whichever stream (entries of messages dropped already are skipped). */
    private void dropOldestOfAll() {
        while (arrivals.size > 0) {
            Ring ring = arrivals.headRing();
            long seq = arrivals.headSeq();
            arrivals.removeHead();
            if (ring.size > 0 && ring.oldestSeq() == seq) {
                ring.dropOldest();
                messages--;
                return;
            }
        }
    }

    private void expire(Ring ring, long now) {
        while (ring.size > 0 && now - ring.oldestTime() > maxAgeMillis) {
            ring.dropOldest();
            messages--;
        }
    }

    /**
     * One stream's messages, oldest first, with the time each was kept; consecutive sequence numbers. The arrays'
     * length is a power of two (positions wrap with a mask), doubling up to the smallest one that holds the bound.
     */
    static final class Ring {
        private static final int INITIAL = 8;
        private final int bound;
        /** No longer in the store (dropped, or removed empty): a stream slot that still points here looks again. */
        private boolean detached;
        private Push[] pushes;
        private long[] times;
        private int head;
        private int size;

        Ring(int bound) {
            this.bound = bound;
            int initial = Math.min(INITIAL, Integer.highestOneBit(Math.max(1, bound - 1)) << 1);
            this.pushes = new Push[initial];
            this.times = new long[initial];
        }

        void add(Push push, long now) {
            if (size == pushes.length) {
                grow();
            }
            int at = (head + size) & (pushes.length - 1);
            pushes[at] = push;
            times[at] = now;
            size++;
        }

        Push get(int index) {
            return pushes[(head + index) & (pushes.length - 1)];
        }

        long oldestSeq() {
            return pushes[head].seq();
        }

        long oldestTime() {
            return times[head];
        }

        void dropOldest() {
            pushes[head] = null;
            head = (head + 1) & (pushes.length - 1);
            size--;
            if (size == 0) {
                head = 0;
            }
        }

        /** Forgets every message (a ring no longer in the store: what {@link Arrivals} still says of it is void). */
        void clear() {
            java.util.Arrays.fill(pushes, null);
            head = 0;
            size = 0;
            detached = true;
        }

        /** Doubles the arrays (never past the power of two that holds {@code bound}), the oldest message first. */
        private void grow() {
            int capacity = Math.min(Integer.highestOneBit(Math.max(1, bound - 1)) << 1, pushes.length << 1);
            Push[] morePushes = new Push[capacity];
            long[] moreTimes = new long[morePushes.length];
            int first = Math.min(size, pushes.length - head); // from head to the end of the arrays, then the wrapped rest
            System.arraycopy(pushes, head, morePushes, 0, first);
            System.arraycopy(pushes, 0, morePushes, first, size - first);
            System.arraycopy(times, head, moreTimes, 0, first);
            System.arraycopy(times, 0, moreTimes, first, size - first);
            pushes = morePushes;
            times = moreTimes;
            head = 0;
        }
    }

    /**
     * A FIFO of (ring, sequence number) in the order messages were kept, in two parallel circular arrays: the head is
     * the oldest message of all unless it was dropped since (its ring's oldest is then past that number, or the ring
     * was cleared).
     */
    private static final class Arrivals {
        private Ring[] rings = new Ring[1_024];
        private long[] seqs = new long[1_024];
        private int head;
        private int size;

        void add(Ring ring, long seq) {
            if (size == rings.length) {
                resize(rings.length << 1);
            }
            int at = (head + size) & (rings.length - 1);
            rings[at] = ring;
            seqs[at] = seq;
            size++;
        }

        Ring headRing() {
            return rings[head];
        }

        long headSeq() {
            return seqs[head];
        }

        void removeHead() {
            rings[head] = null;
            head = (head + 1) & (rings.length - 1);
            size--;
        }

        /** Keeps only the entries of messages still kept, in order. */
        void compact() {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                int at = (head + i) & (rings.length - 1);
                Ring ring = rings[at];
                if (ring.size > 0 && seqs[at] >= ring.oldestSeq()) {
                    int to = (head + kept) & (rings.length - 1);
                    rings[to] = ring;
                    seqs[to] = seqs[at];
                    kept++;
                }
            }
            for (int i = kept; i < size; i++) {
                rings[(head + i) & (rings.length - 1)] = null;
            }
            size = kept;
            int capacity = rings.length;
            while (capacity > 1_024 && size < capacity / 4) {
                capacity >>= 1;
            }
            if (capacity != rings.length) {
                resize(capacity);
            }
        }

        private void resize(int capacity) {
            Ring[] moreRings = new Ring[capacity];
            long[] moreSeqs = new long[capacity];
            for (int i = 0; i < size; i++) {
                int at = (head + i) & (rings.length - 1);
                moreRings[i] = rings[at];
                moreSeqs[i] = seqs[at];
            }
            rings = moreRings;
            seqs = moreSeqs;
            head = 0;
        }
    }
}
