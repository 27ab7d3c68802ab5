package io.tradewire.matching.engine;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * A price-time priority limit order book for one instrument, in {@code long} ticks and lots only
 * (conversions happen at the edge, in {@link Contract}). Not thread-safe: one writer owns it.
 *
 * <p>Structure: each side is a sorted map of price levels (bids best = highest first, asks best =
 * lowest first); a level is a FIFO doubly linked list of resting orders with a running total, and an
 * index by order id gives O(1) cancel. Matching never rests anything: {@link #match} only takes
 * liquidity and reports each fill to a {@link FillListener}; the caller decides what happens to the
 * remainder ({@link #add} it, or drop it). The venue builds its order handling on that split: amend ({@link #reduce}
 * a node in place keeps its priority; {@link #cancel} then {@link #add} loses it), post-only ({@link #wouldCross}
 * before {@link #add}) and self-trade prevention (a predicate consulted before each maker in {@link #match} and
 * {@link #sweep}: matching stops in front of the first maker it accepts).
 */
public final class OrderBook {
    private final String instrument;
    private final TreeMap<Long, Level> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, Level> asks = new TreeMap<>();
    private final Map<Long, Node> index = new HashMap<>();
    /** How many best levels per side are published ({@link #takeDepthChanged}). */
    private final int visibleLevels;
    private boolean depthChanged;
    /** Price of the {@link #visibleLevels}-th best level per side, recomputed when a level came or went. */
    private long bidEdge;
    private long askEdge;
    private boolean bidEdgeStale = true;
    private boolean askEdgeStale = true;

    /** A book whose every change counts as visible ({@link #takeDepthChanged}). */
    public OrderBook(String instrument) {
        this(instrument, Integer.MAX_VALUE);
    }

    /**
     * @param visibleLevels how many best levels per side its depth publishes: {@link #takeDepthChanged} reports only
     *                      changes within them
     */
    public OrderBook(String instrument, int visibleLevels) {
        if (visibleLevels < 1) {
            throw new IllegalArgumentException("visible levels must be positive");
        }
        this.instrument = instrument;
        this.visibleLevels = visibleLevels;
    }

    /**
     * Whether the best {@code visibleLevels} levels of either side (price, quantity or order count) may have changed
     * since the last call; clears the flag. Never misses a change; it may report one that left the visible depth
     * equal (an order that entered and left within one command). What publishes depth asks this after each command
     * instead of building and comparing depths.
     */
    public boolean takeDepthChanged() {
        boolean changed = depthChanged;
        depthChanged = false;
        return changed;
    }

    public String instrument() {
        return instrument;
    }

    /** The limit that makes {@link #match} behave as a market order: it crosses every price on the other side. */
    public static long marketLimit(Side side) {
        return side == Side.BUY ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /**
     * Takes liquidity from the opposite side for an incoming order, best price first and oldest first
     * within a price, while prices cross {@code limitTicks}. Each fill executes at the maker's price.
     *
     * @return the quantity left unfilled (the caller rests or drops it)
     */
    public long match(Side takerSide, long limitTicks, long lots, FillListener listener) {
        return match(takerSide, limitTicks, lots, listener, null);
    }

    /**
     * {@link #match} that stops in front of the first maker (by priority) for which {@code stopBefore} is true: the
     * self-trade prevention hook. That maker and everything behind it stay untouched.
     *
     * @param stopBefore tested with each maker's order id before it would fill; null = never stop
     * @return the quantity left unfilled
     */
    public long match(Side takerSide, long limitTicks, long lots, FillListener listener, LongPredicate stopBefore) {
        requireQuantity(lots);
        TreeMap<Long, Level> opposite = opposite(takerSide);
        long remaining = lots;
        while (remaining > 0) {
            Map.Entry<Long, Level> best = opposite.firstEntry();
            if (best == null || !crosses(takerSide, limitTicks, best.getKey())) {
                break;
            }
            Level level = best.getValue();
            Node maker = level.head;
            if (stopBefore != null && stopBefore.test(maker.orderId)) {
                break;
            }
            long quantity = Math.min(remaining, maker.remaining);
            remaining -= quantity;
            maker.remaining -= quantity;
            level.totalLots -= quantity;
            depthChanged = true; // the best level of its side is always visible
            if (maker.remaining == 0) {
                unlink(maker, opposite);
            }
            listener.onFill(maker.orderId, level.price, quantity, maker.remaining);
        }
        return remaining;
    }

    /**
     * Read-only walk of what {@link #match} would fill right now, one call per price level in matching
     * order with the quantity that would be taken there.
     *
     * @return the total quantity that would fill
     */
    public long sweep(Side takerSide, long limitTicks, long lots, LevelVisitor visitor) {
        return sweep(takerSide, limitTicks, lots, visitor, null);
    }

    /**
     * {@link #sweep} that stops where {@link #match(Side, long, long, FillListener, LongPredicate)} with the same
     * predicate would: in front of the first maker for which {@code stopBefore} is true. With a predicate it walks
     * the orders of each level (it reports each level once, with what would fill there).
     */
    public long sweep(Side takerSide, long limitTicks, long lots, LevelVisitor visitor, LongPredicate stopBefore) {
        requireQuantity(lots);
        long remaining = lots;
        for (Level level : opposite(takerSide).values()) {
            if (remaining == 0 || !crosses(takerSide, limitTicks, level.price)) {
                break;
            }
            if (stopBefore == null) {
                long quantity = Math.min(remaining, level.totalLots);
                remaining -= quantity;
                visitor.visit(level.price, quantity);
                continue;
            }
            long taken = 0;
            boolean stopped = false;
            for (Node node = level.head; node != null && remaining > 0; node = node.next) {
                if (stopBefore.test(node.orderId)) {
                    stopped = true;
                    break;
                }
                long quantity = Math.min(remaining, node.remaining);
                remaining -= quantity;
                taken += quantity;
            }
            if (taken > 0) {
                visitor.visit(level.price, taken);
            }
            if (stopped) {
                break;
            }
        }
        return lots - remaining;
    }

    /** Rests an order. It must not cross the other side (match first); ids are unique within the book. */
    public void add(long orderId, Side side, long priceTicks, long lots) {
        if (priceTicks <= 0) {
            throw new RejectedException(ErrorCode.INVALID_PRICE, "Invalid price: must be positive");
        }
        requireQuantity(lots);
        if (index.containsKey(orderId)) {
            throw new IllegalArgumentException("order " + orderId + " is already in the book of " + instrument);
        }
        if (wouldCross(side, priceTicks)) {
            throw new IllegalStateException("order " + orderId + " would cross the book of " + instrument + "; match it first");
        }
        touched(side, priceTicks);
        Level level = own(side).computeIfAbsent(priceTicks, Level::new);
        if (level.orderCount == 0) {
            edgeMoved(side);
        }
        Node node = new Node(orderId, side, level, lots);
        node.prev = level.tail;
        if (level.tail == null) {
            level.head = node;
        } else {
            level.tail.next = node;
        }
        level.tail = node;
        level.totalLots = Math.addExact(level.totalLots, lots);
        level.orderCount++;
        index.put(orderId, node);
    }

    /** Whether an order at this price would take liquidity from the other side. */
    public boolean wouldCross(Side side, long priceTicks) {
        Map.Entry<Long, Level> best = opposite(side).firstEntry();
        return best != null && crosses(side, priceTicks, best.getKey());
    }

    /**
     * Removes a resting order.
     *
     * @return the quantity it still had, or 0 when it is not in the book (a resting order always has more)
     */
    public long cancel(long orderId) {
        Node node = index.get(orderId);
        if (node == null) {
            return 0;
        }
        touched(node.side, node.level.price);
        node.level.totalLots -= node.remaining;
        unlink(node, own(node.side));
        return node.remaining;
    }

    /**
     * Lowers what a resting order has left, in place: it keeps its place in the queue of its level (an amend that
     * only reduces the quantity keeps time priority).
     *
     * @param lots the new remainder: positive and below the current one
     */
    public void reduce(long orderId, long lots) {
        Node node = index.get(orderId);
        if (node == null) {
            throw new IllegalArgumentException("order " + orderId + " is not in the book of " + instrument);
        }
        if (lots <= 0 || lots >= node.remaining) {
            throw new IllegalArgumentException("order " + orderId + " can only be reduced from " + node.remaining + ", not to " + lots);
        }
        touched(node.side, node.level.price);
        node.level.totalLots -= node.remaining - lots;
        node.remaining = lots;
    }

    public boolean contains(long orderId) {
        return index.containsKey(orderId);
    }

    /** What is left of a resting order, 0 when it is not in the book. */
    public long remaining(long orderId) {
        Node node = index.get(orderId);
        return node == null ? 0 : node.remaining;
    }

    /** Number of resting orders. */
    public int size() {
        return index.size();
    }

    public OptionalLong bestBid() {
        return bids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(bids.firstKey());
    }

    public OptionalLong bestAsk() {
        return asks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(asks.firstKey());
    }

    /** The best {@code maxLevels} levels of one side, best first, aggregated with their order counts. */
    public List<DepthLevel> depth(Side side, int maxLevels) {
        List<DepthLevel> levels = new ArrayList<>(Math.min(maxLevels, own(side).size()));
        for (Level level : own(side).values()) {
            if (levels.size() == maxLevels) {
                break;
            }
            levels.add(new DepthLevel(level.price, level.totalLots, level.orderCount));
        }
        return levels;
    }

    /**
     * Visits every resting order of one side in matching order: best price first, oldest first within a
     * price (what a snapshot records, so that re-adding them in this order rebuilds the same queues).
     */
    public void forEachOrder(Side side, OrderVisitor visitor) {
        for (Level level : own(side).values()) {
            for (Node node = level.head; node != null; node = node.next) {
                visitor.visit(node.orderId, level.price, node.remaining);
            }
        }
    }

    /**
     * Checks every invariant and throws {@link IllegalStateException} on the first broken one: levels
     * sorted best first and non-empty, FIFO links consistent, level totals and counts equal to the sum of
     * their orders, every order positive and indexed, nothing indexed that is not in a level, and the
     * book not crossed.
     */
    public void validateInternalState() {
        int counted = validateSide(Side.BUY, bids) + validateSide(Side.SELL, asks);
        if (counted != index.size()) {
            throw new IllegalStateException(instrument + ": index holds " + index.size() + " orders, levels " + counted);
        }
        if (!bids.isEmpty() && !asks.isEmpty() && bids.firstKey() >= asks.firstKey()) {
            throw new IllegalStateException(instrument + ": crossed book, bid " + bids.firstKey() + " >= ask " + asks.firstKey());
        }
    }

    private int validateSide(Side side, NavigableMap<Long, Level> levels) {
        int orders = 0;
        long previous = 0;
        boolean first = true;
        for (Map.Entry<Long, Level> entry : levels.entrySet()) {
            Level level = entry.getValue();
            long price = entry.getKey();
            if (level.price != price || price <= 0) {
                throw new IllegalStateException(instrument + ": level keyed " + price + " has price " + level.price);
            }
            if (!first && (side == Side.BUY ? price >= previous : price <= previous)) {
                throw new IllegalStateException(instrument + ": " + side + " levels out of order at " + price);
            }
            first = false;
            previous = price;
            if (level.head == null || level.orderCount == 0) {
                throw new IllegalStateException(instrument + ": empty level at " + price);
            }
            long total = 0;
            int count = 0;
            Node prev = null;
            for (Node node = level.head; node != null; node = node.next) {
                if (node.prev != prev || node.level != level || node.side != side) {
                    throw new IllegalStateException(instrument + ": broken links at order " + node.orderId);
                }
                if (node.remaining <= 0) {
                    throw new IllegalStateException(instrument + ": order " + node.orderId + " rests with " + node.remaining);
                }
                if (index.get(node.orderId) != node) {
                    throw new IllegalStateException(instrument + ": order " + node.orderId + " is not indexed");
                }
                total += node.remaining;
                count++;
                prev = node;
            }
            if (level.tail != prev) {
                throw new IllegalStateException(instrument + ": tail of level " + price + " is not its last order");
            }
            if (total != level.totalLots || count != level.orderCount) {
                throw new IllegalStateException(instrument + ": level " + price + " says " + level.totalLots + " lots in "
                        + level.orderCount + " orders, holds " + total + " in " + count);
            }
            orders += count;
        }
        return orders;
    }

    private void unlink(Node node, TreeMap<Long, Level> side) {
        Level level = node.level;
        if (node.prev == null) {
            level.head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            level.tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        level.orderCount--;
        if (level.orderCount == 0) {
            side.remove(level.price);
            edgeMoved(node.side);
        }
        index.remove(node.orderId);
    }

    /** Notes a change about to happen at a price: visible when the price is within the published levels of its side. */
    private void touched(Side side, long priceTicks) {
        if (depthChanged) {
            return;
        }
        TreeMap<Long, Level> levels = own(side);
        if (levels.size() < visibleLevels) {
            depthChanged = true;
            return;
        }
        long edge = edge(side, levels);
        depthChanged = side == Side.BUY ? priceTicks >= edge : priceTicks <= edge;
    }

    private void edgeMoved(Side side) {
        if (side == Side.BUY) {
            bidEdgeStale = true;
        } else {
            askEdgeStale = true;
        }
    }

    /** The price of the {@link #visibleLevels}-th best level of a side that has at least that many levels. */
    private long edge(Side side, TreeMap<Long, Level> levels) {
        if (side == Side.BUY ? !bidEdgeStale : !askEdgeStale) {
            return side == Side.BUY ? bidEdge : askEdge;
        }
        int rank = 0;
        long edge = 0;
        for (Long price : levels.keySet()) {
            edge = price;
            if (++rank == visibleLevels) {
                break;
            }
        }
        if (side == Side.BUY) {
            bidEdge = edge;
            bidEdgeStale = false;
        } else {
            askEdge = edge;
            askEdgeStale = false;
        }
        return edge;
    }

    private static boolean crosses(Side takerSide, long limitTicks, long restingPrice) {
        return takerSide == Side.BUY ? restingPrice <= limitTicks : restingPrice >= limitTicks;
    }

    private static void requireQuantity(long lots) {
        if (lots <= 0) {
            throw new RejectedException(ErrorCode.INVALID_QUANTITY, "Invalid quantity: must be positive");
        }
    }

    private TreeMap<Long, Level> own(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    private TreeMap<Long, Level> opposite(Side side) {
        return side == Side.BUY ? asks : bids;
    }

    /** Visits resting orders ({@link #forEachOrder}). */
    @FunctionalInterface
    public interface OrderVisitor {
        void visit(long orderId, long priceTicks, long lots);
    }

    /** Visits the levels a {@link #sweep} would take from. */
    @FunctionalInterface
    public interface LevelVisitor {
        void visit(long priceTicks, long lots);
    }

    private static final class Level {
        final long price;
        long totalLots;
        int orderCount;
        Node head;
        Node tail;

        Level(long price) {
            this.price = price;
        }
    }

    private static final class Node {
        final long orderId;
        final Side side;
        final Level level;
        long remaining;
        Node prev;
        Node next;

        Node(long orderId, Side side, Level level, long remaining) {
            this.orderId = orderId;
            this.side = side;
            this.level = level;
            this.remaining = remaining;
        }
    }
}
