package io.tradewire.matching.journal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds what a venue produced (replies and events) until the journal has made durable every record it
 * depends on, then lets it out in the order it was produced. Single-threaded: the venue's thread.
 *
 * <p>Each item carries the highest journal sequence assigned when it was produced: its own record for a
 * state-changing command, the latest record before it for a query, a rejection or a published summary
 * (they may show the effect of commands still in flight). Sequences only grow, so releasing in order
 * never holds an item whose records are durable behind one whose records are not for longer than the
 * batch that contains both.
 */
public final class OutputGate<T> {
    private final ArrayDeque<Held<T>> pending = new ArrayDeque<>();
    private final Consumer<T> release;
    private long durable;

    private record Held<T>(long sequence, T item) {
    }

    /**
     * @param durable the sequence already durable at start (the recovered journal's last)
     * @param release receives each item when it may leave
     */
    public OutputGate(long durable, Consumer<T> release) {
        this.durable = durable;
        this.release = release;
    }

    /** Releases the item now when nothing is held and its records are durable; otherwise holds it. */
    public void offer(long sequence, T item) {
        if (pending.isEmpty() && sequence <= durable) {
            release.accept(item);
        } else {
            pending.add(new Held<>(sequence, item));
        }
    }

    /** Everything up to {@code sequence} is durable: releases what waited for it, in order. */
    public void durable(long sequence) {
        if (sequence > durable) {
            durable = sequence;
        }
        while (!pending.isEmpty() && pending.peek().sequence() <= durable) {
            release.accept(pending.poll().item());
        }
    }

    /** Removes and returns every held item (the journal failed: they will never be released). */
    public List<T> drain() {
        List<T> items = new ArrayList<>(pending.size());
        while (!pending.isEmpty()) {
            items.add(pending.poll().item());
        }
        return items;
    }

    public int held() {
        return pending.size();
    }

    public long durableSequence() {
        return durable;
    }
}
