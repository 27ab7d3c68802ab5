package io.tradewire.matching.engine;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A price-time priority limit order book for one instrument, in {@code long} ticks and lots only
 * (conversions happen at the edge, in {@link Contract}). Not thread-safe: one writer owns it.
 *
 * <p>Structure: each side keeps its price levels in a {@link PriceLadder} (a sorted map on primitive prices: O(1)
 * lookup of a level, a bitmap scan to the next one) and a reference to its best level (bids best = highest, asks
 * best = lowest); a level is a FIFO doubly linked list of resting orders with a running total, and a primitive hash
 * index by order id gives O(1) cancel. Nothing on the matching path boxes a price or an order id.
 *
 * <p>Matching never rests anything: {@link #match} only takes liquidity and reports each fill to a
 * {@link FillListener}; the caller decides what happens to the remainder ({@link #add} it, or drop it). The venue
 * builds its order handling on that split: amend ({@link #reduce} a node in place keeps its priority; {@link #cancel}
 * then {@link #add} loses it), post-only ({@link #wouldCross} before {@link #add}) and self-trade prevention (a
 * predicate consulted before each maker in {@link #match} and {@link #sweep}: matching stops in front of the first
 * maker it accepts).
 */
public final class OrderBook {
    private final String instrument;
    private final BookSide bids = new BookSide(Side.BUY);
    private final BookSide asks = new BookSide(Side.SELL);
    private final Long2ObjectHashMap<Node> index = new Long2ObjectHashMap<>();
    /** How many best levels per side are published ({@link #takeDepthChanged}). */
    private final int visibleLevels;
    private boolean depthChanged;

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
        BookSide opposite = opposite(takerSide);
        boolean buying = takerSide == Side.BUY;
        long remaining = lots;
        while (remaining > 0) {
            Level level = opposite.best;
            if (level == null || (buying ? level.price > limitTicks : level.price < limitTicks)) {
                break;
            }
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
                index.remove(maker.orderId);
                unlink(maker);
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
        BookSide opposite = opposite(takerSide);
        long remaining = lots;
        for (Level level = opposite.best; level != null; level = opposite.worse(level)) {
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
        if (wouldCross(side, priceTicks)) {
            throw new IllegalStateException("order " + orderId + " would cross the book of " + instrument + "; match it first");
        }
        BookSide own = own(side);
        Level level = own.levels.get(priceTicks);
        long total = level == null ? lots : Math.addExact(level.totalLots, lots);
        Node node = new Node(orderId, lots);
        Node already = index.put(orderId, node);
        if (already != null) {
            index.put(orderId, already);
            throw new IllegalArgumentException("order " + orderId + " is already in the book of " + instrument);
        }
        touched(own, priceTicks);
        if (level == null) {
            level = own.addLevel(priceTicks);
        }
        node.level = level;
        node.prev = level.tail;
        if (level.tail == null) {
            level.head = node;
        } else {
            level.tail.next = node;
        }
        level.tail = node;
        level.totalLots = total;
        level.orderCount++;
    }

    /** Whether an order at this price would take liquidity from the other side. */
    public boolean wouldCross(Side side, long priceTicks) {
        Level best = opposite(side).best;
        return best != null && crosses(side, priceTicks, best.price);
    }

    /**
     * Removes a resting order.
     *
     * @return the quantity it still had, or 0 when it is not in the book (a resting order always has more)
     */
    public long cancel(long orderId) {
        Node node = index.remove(orderId);
        if (node == null) {
            return 0;
        }
        Level level = node.level;
        touched(level.side, level.price);
        level.totalLots -= node.remaining;
        unlink(node);
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
        touched(node.level.side, node.level.price);
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
        return bids.best == null ? OptionalLong.empty() : OptionalLong.of(bids.best.price);
    }

    public OptionalLong bestAsk() {
        return asks.best == null ? OptionalLong.empty() : OptionalLong.of(asks.best.price);
    }

    /** The best {@code maxLevels} levels of one side, best first, aggregated with their order counts. */
    public List<DepthLevel> depth(Side side, int maxLevels) {
        List<DepthLevel> levels = new ArrayList<>(Math.max(0, Math.min(maxLevels, own(side).levels.size())));
        forEachLevel(side, maxLevels, (priceTicks, lots, orderCount) -> levels.add(new DepthLevel(priceTicks, lots, orderCount)));
        return levels;
    }

    /** Visits the best {@code maxLevels} levels of one side, best first ({@link #depth} without a list). */
    public void forEachLevel(Side side, int maxLevels, DepthVisitor visitor) {
        BookSide own = own(side);
        int visited = 0;
        for (Level level = own.best; level != null && visited < maxLevels; level = own.worse(level), visited++) {
            visitor.visit(level.price, level.totalLots, level.orderCount);
        }
    }

    /**
     * Visits every resting order of one side in matching order: best price first, oldest first within a
     * price (what a snapshot records, so that re-adding them in this order rebuilds the same queues).
     */
    public void forEachOrder(Side side, OrderVisitor visitor) {
        BookSide own = own(side);
        for (Level level = own.best; level != null; level = own.worse(level)) {
            for (Node node = level.head; node != null; node = node.next) {
                visitor.visit(node.orderId, level.price, node.remaining);
            }
        }
    }

    /**
     * Checks every invariant and throws {@link IllegalStateException} on the first broken one: levels
     * sorted best first and non-empty, FIFO links consistent, level totals and counts equal to the sum of
     * their orders, every order positive and indexed, nothing indexed that is not in a level, each side's best
     * level and depth edge what its levels say, and the book not crossed.
     */
    public void validateInternalState() {
        int counted = validateSide(bids) + validateSide(asks);
        if (counted != index.size()) {
            throw new IllegalStateException(instrument + ": index holds " + index.size() + " orders, levels " + counted);
        }
        if (bids.best != null && asks.best != null && bids.best.price >= asks.best.price) {
            throw new IllegalStateException(instrument + ": crossed book, bid " + bids.best.price + " >= ask " + asks.best.price);
        }
    }

    private int validateSide(BookSide own) {
        own.levels.validateInternalState();
        Level extreme = own.bid ? own.levels.last() : own.levels.first();
        if (own.best != extreme) {
            throw new IllegalStateException(instrument + ": " + own.side + " best level is not the "
                    + (own.bid ? "highest" : "lowest") + " price");
        }
        int orders = 0;
        int levelCount = 0;
        long previous = 0;
        for (Level level = own.best; level != null; level = own.worse(level)) {
            long price = level.price;
            if (own.levels.get(price) != level || price <= 0 || level.side != own) {
                throw new IllegalStateException(instrument + ": level of " + own.side + " at " + price + " is misplaced");
            }
            if (levelCount > 0 && (own.bid ? price >= previous : price <= previous)) {
                throw new IllegalStateException(instrument + ": " + own.side + " levels out of order at " + price);
            }
            levelCount++;
            previous = price;
            if (!own.edgeStale && levelCount == visibleLevels && own.edge != price) {
                throw new IllegalStateException(instrument + ": " + own.side + " depth edge " + own.edge + ", level "
                        + visibleLevels + " is at " + price);
            }
            if (level.head == null || level.orderCount == 0) {
                throw new IllegalStateException(instrument + ": empty level at " + price);
            }
            long total = 0;
            int count = 0;
            Node prev = null;
            for (Node node = level.head; node != null; node = node.next) {
                if (node.prev != prev || node.level != level) {
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
        if (levelCount != own.levels.size()) {
            throw new IllegalStateException(instrument + ": " + own.side + " walks " + levelCount + " levels, holds "
                    + own.levels.size());
        }
        if (!own.edgeStale && levelCount < visibleLevels) {
            throw new IllegalStateException(instrument + ": " + own.side + " has a depth edge with only " + levelCount + " levels");
        }
        return orders;
    }

    /** Takes a node out of its level (and the level out of its side when it was the last order); not the index. */
    private static void unlink(Node node) {
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
        if (--level.orderCount == 0) {
            level.side.removeLevel(level);
        }
    }

    /** Notes a change about to happen at a price: visible when the price is within the published levels of its side. */
    private void touched(BookSide own, long priceTicks) {
        if (depthChanged) {
            return;
        }
        if (own.levels.size() < visibleLevels) {
            depthChanged = true;
            return;
        }
        long edge = own.edge();
        depthChanged = own.bid ? priceTicks >= edge : priceTicks <= edge;
    }

    private static boolean crosses(Side takerSide, long limitTicks, long restingPrice) {
        return takerSide == Side.BUY ? restingPrice <= limitTicks : restingPrice >= limitTicks;
    }

    private static void requireQuantity(long lots) {
        if (lots <= 0) {
            throw new RejectedException(ErrorCode.INVALID_QUANTITY, "Invalid quantity: must be positive");
        }
    }

    private BookSide own(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    private BookSide opposite(Side side) {
        return side == Side.BUY ? asks : bids;
    }

    /** Visits resting orders ({@link #forEachOrder}). */
    @FunctionalInterface
    public interface OrderVisitor {
        void visit(long orderId, long priceTicks, long lots);
    }

    /** Visits aggregated levels ({@link #forEachLevel}). */
    @FunctionalInterface
    public interface DepthVisitor {
        void visit(long priceTicks, long lots, int orderCount);
    }

    /** Visits the levels a {@link #sweep} would take from. */
    @FunctionalInterface
    public interface LevelVisitor {
        void visit(long priceTicks, long lots);
    }

    /**
     * One side of the book: its levels by price, its best level, and the price of its {@link #visibleLevels}-th best
     * level (the depth edge), kept while no level appears or goes at or above it and recomputed lazily otherwise.
     */
    private final class BookSide {
        final Side side;
        final boolean bid;
        final PriceLadder<Level> levels = new PriceLadder<>();
        /** The best level, null when the side is empty. */
        Level best;
        /** Valid only when not {@link #edgeStale}; then the side has at least {@link #visibleLevels} levels. */
        long edge;
        boolean edgeStale = true;

        BookSide(Side side) {
            this.side = side;
            this.bid = side == Side.BUY;
        }

        /** Whether price {@code a} is strictly better than {@code b} on this side. */
        boolean better(long a, long b) {
            return bid ? a > b : a < b;
        }

        /** The next level after this one in matching order (the next worse price), or null. */
        Level worse(Level level) {
            return bid ? levels.lower(level) : levels.higher(level);
        }

        Level addLevel(long price) {
            Level level = new Level(price, this);
            levels.put(level);
            if (best == null || better(price, best.price)) {
                best = level;
            }
            if (!edgeStale && better(price, edge)) {
                edgeStale = true; // the old edge is now one level further out
            }
            return level;
        }

        void removeLevel(Level level) {
            if (level == best) {
                best = worse(level);
            }
            levels.remove(level);
            if (!edgeStale && !better(edge, level.price)) {
                edgeStale = true; // a level at or above the edge went: the edge moves out, or the side got too short
            }
        }

        /** The price of the {@link #visibleLevels}-th best level of a side that has at least that many levels. */
        long edge() {
            if (edgeStale) {
                Level level = best;
                for (int rank = 1; rank < visibleLevels; rank++) {
                    level = worse(level);
                }
                edge = level.price;
                edgeStale = false;
            }
            return edge;
        }
    }

    private static final class Level extends PriceLadder.Entry {
        final long price;
        final BookSide side;
        long totalLots;
        int orderCount;
        Node head;
        Node tail;

        Level(long price, BookSide side) {
            super(price);
            this.price = price;
            this.side = side;
        }
    }

    private static final class Node {
        final long orderId;
        /** Set once, when the node is linked into its level. */
        Level level;
        long remaining;
        Node prev;
        Node next;

        Node(long orderId, long remaining) {
            this.orderId = orderId;
            this.remaining = remaining;
        }
    }
}
