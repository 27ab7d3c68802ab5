package io.tradewire.bench.lob;

import io.tradewire.bench.lob.LobCommand.Side;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The generator's own price-time-priority book: trades at the maker's price, a move leaves the book and
 * re-enters as a taker at the back of its new level. It knows every live order so that cancels and moves
 * always target one.
 */
final class ReferenceBook {

    /** A resting (or incoming) order; mutable, compared by identity. */
    static final class Order {
        final long id;
        final int uid;
        final Side side;
        long price;
        int remaining;
        int liveIndex = -1;

        Order(long id, int uid, Side side, long price, int remaining) {
            this.id = id;
            this.uid = uid;
            this.side = side;
            this.price = price;
            this.remaining = remaining;
        }
    }

    /** Receives each fill as it happens. */
    interface FillListener {
        void onFill();
    }

    private final TreeMap<Long, ArrayDeque<Order>> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Long, ArrayDeque<Order>> asks = new TreeMap<>();
    private final ArrayList<Order> live = new ArrayList<>();
    private int liveBids;
    private int liveAsks;

    int liveCount() { return live.size(); }
    int liveBids() { return liveBids; }
    int liveAsks() { return liveAsks; }
    int levels() { return bids.size() + asks.size(); }
    Order live(int i) { return live.get(i); }

    boolean hasBids() { return !bids.isEmpty(); }
    boolean hasAsks() { return !asks.isEmpty(); }
    long bestBid() { return bids.firstKey(); }
    long bestAsk() { return asks.firstKey(); }

    boolean isEmpty(Side side) {
        return levels(side).isEmpty();
    }

    long best(Side side) {
        return levels(side).firstKey();
    }

    private TreeMap<Long, ArrayDeque<Order>> levels(Side side) {
        return side == Side.BID ? bids : asks;
    }

    /** Matches taker {@code o} against the opposite side; returns its remaining quantity (also left in {@code o}). */
    int match(Order o, FillListener fills) {
        TreeMap<Long, ArrayDeque<Order>> opposite = levels(o.side.opposite());
        while (o.remaining > 0 && !opposite.isEmpty()) {
            Map.Entry<Long, ArrayDeque<Order>> best = opposite.firstEntry();
            long px = best.getKey();
            if (o.side == Side.BID ? px > o.price : px < o.price) break;
            ArrayDeque<Order> level = best.getValue();
            while (o.remaining > 0 && !level.isEmpty()) {
                Order maker = level.peekFirst();
                int f = Math.min(o.remaining, maker.remaining);
                o.remaining -= f;
                maker.remaining -= f;
                fills.onFill();
                if (maker.remaining == 0) {
                    level.pollFirst();
                    forget(maker);
                }
            }
            if (level.isEmpty()) opposite.remove(px);
        }
        return o.remaining;
    }

    void rest(Order o) {
        levels(o.side).computeIfAbsent(o.price, k -> new ArrayDeque<>()).addLast(o);
        o.liveIndex = live.size();
        live.add(o);
        if (o.side == Side.BID) liveBids++; else liveAsks++;
    }

    void remove(Order o) {
        TreeMap<Long, ArrayDeque<Order>> book = levels(o.side);
        ArrayDeque<Order> level = book.get(o.price);
        level.remove(o);
        if (level.isEmpty()) book.remove(o.price);
        forget(o);
    }

    /** Swap-removes {@code o} from the live list (the order of that list is part of the stream's definition). */
    private void forget(Order o) {
        int idx = o.liveIndex;
        Order last = live.remove(live.size() - 1);
        if (last != o) {
            live.set(idx, last);
            last.liveIndex = idx;
        }
        o.liveIndex = -1;
        if (o.side == Side.BID) liveBids--; else liveAsks--;
    }
}
