package io.tradewire.matching.engine;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The venue's finished orders (filled or cancelled) in the order it forgets them: by the time they finished, then by
 * sequence. An order is forgotten once it finished more than the retention before an accepted command's time, or
 * when more than the maximum are kept (the oldest first). Which orders are kept depends only on the set of finished
 * orders and the command times, never on the order in which they were added, so a venue restored from a snapshot
 * forgets exactly what the live venue forgot.
 *
 * <p>Finish times normally only grow: such an order is appended to a deque (O(1)). One that finished at an earlier
 * time than the newest (the wall clock stepped back) goes to a sorted set; the oldest order is the smaller of the two
 * heads.
 */
final class FinishedOrders {
    static final Comparator<Order> BY_FINISH = Comparator.<Order>comparingLong(o -> o.updatedAt).thenComparingLong(o -> o.sequence);

    private final long retentionMillis;
    private final int max;
    private final ArrayDeque<Order> inOrder = new ArrayDeque<>();
    private final TreeSet<Order> late = new TreeSet<>(BY_FINISH);
    /**
     * At most the oldest kept order's finish time ({@link Long#MAX_VALUE} when none is kept): while it is within the
     * retention and no more than the maximum are kept, {@link #prune} has nothing to do and reads no order.
     */
    private long earliestFinish = Long.MAX_VALUE;

    /**
     * @param retentionMillis how long a finished order is kept (at least 0)
     * @param max             how many finished orders are kept at most (at least 0)
     */
    FinishedOrders(long retentionMillis, int max) {
        if (retentionMillis < 0 || max < 0) {
            throw new IllegalArgumentException("retention and maximum must not be negative");
        }
        this.retentionMillis = retentionMillis;
        this.max = max;
    }

    /** Records an order that just finished (its status is final and its {@code updatedAt} is the finish time). */
    void add(Order order) {
        earliestFinish = Math.min(earliestFinish, order.updatedAt);
        Order newest = inOrder.peekLast();
        if (newest == null || BY_FINISH.compare(newest, order) <= 0) {
            inOrder.addLast(order);
        } else {
            late.add(order);
        }
    }

    /** Forgets the orders past the retention at {@code now} and the oldest beyond the maximum, oldest first. */
    void prune(long now, Consumer<Order> forget) {
        long cutoff = now - retentionMillis;
        if (earliestFinish >= cutoff && size() <= max) {
            return;
        }
        while (true) {
            Order oldest = oldest();
            if (oldest == null || (oldest.updatedAt >= cutoff && size() <= max)) {
                earliestFinish = oldest == null ? Long.MAX_VALUE : oldest.updatedAt;
                return;
            }
            if (oldest == inOrder.peekFirst()) {
                inOrder.pollFirst();
            } else {
                late.pollFirst();
            }
            forget.accept(oldest);
        }
    }

    int size() {
        return inOrder.size() + late.size();
    }

    /** Replaces the contents with {@code finished} (a restored snapshot's finished orders, in any order). */
    void rebuild(Collection<Order> finished) {
        inOrder.clear();
        late.clear();
        finished.stream().sorted(BY_FINISH).forEach(inOrder::addLast);
        Order oldest = oldest();
        earliestFinish = oldest == null ? Long.MAX_VALUE : oldest.updatedAt;
    }

    private Order oldest() {
        Order first = inOrder.peekFirst();
        Order firstLate = late.isEmpty() ? null : late.first();
        if (first == null) {
            return firstLate;
        }
        return firstLate == null || BY_FINISH.compare(first, firstLate) <= 0 ? first : firstLate;
    }
}
