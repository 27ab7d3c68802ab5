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

/**
 * The latest messages of every stream, for subscribers that come back after a disconnect or lost a message on the
 * bus: per stream at most {@link HistoryConfig#maxMessages()} messages, none older than
 * {@link HistoryConfig#maxAge()}. A stream's messages are kept in a ring that grows as needed up to the bound, so a
 * quiet stream costs nothing once its messages have aged out. Single-threaded (the notifier's context).
 */
final class HistoryStore {
    private final int maxMessages;
    private final long maxAgeMillis;
    private final Map<String, Ring> rings = new HashMap<>();
    private long messages;

    HistoryStore(HistoryConfig config) {
        this.maxMessages = config.enabled() ? config.maxMessages() : 0;
        this.maxAgeMillis = config.maxAge().toMillis();
    }

    /** Keeps a message just published (messages of a stream arrive in sequence order). */
    void append(Push push, long now) {
        if (maxMessages == 0) {
            return;
        }
        Ring ring = rings.computeIfAbsent(push.stream(), stream -> new Ring());
        if (ring.size == maxMessages) {
            ring.dropOldest();
            messages--;
        }
        ring.add(push, now, maxMessages);
        messages++;
        expire(ring, now);
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
    private static final class Ring {
        private static final int INITIAL = 8;
        private Push[] pushes = new Push[INITIAL];
        private long[] times = new long[INITIAL];
        private int head;
        private int size;

        void add(Push push, long now, int bound) {
            if (size == pushes.length) {
                grow(bound);
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

        /** Doubles the arrays (never past the power of two that holds {@code bound}), the oldest message first. */
        private void grow(int bound) {
            int capacity = Math.min(Integer.highestOneBit(Math.max(1, bound - 1)) << 1, pushes.length << 1);
            Push[] morePushes = new Push[Math.max(capacity, INITIAL)];
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
}
