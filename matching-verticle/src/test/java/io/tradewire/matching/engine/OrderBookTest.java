package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrderBookTest {
    private final OrderBook book = new OrderBook("IX2301");
    private final List<Fill> fills = new ArrayList<>();
    private final FillListener recorder = (maker, price, lots, left) -> {
        book.validateInternalState();
        fills.add(new Fill(maker, price, lots, left));
    };

    record Fill(long maker, long price, long lots, long makerRemaining) {
    }

    private void add(long id, Side side, long price, long lots) {
        book.add(id, side, price, lots);
        book.validateInternalState();
    }

    private long match(Side side, long limit, long lots) {
        long left = book.match(side, limit, lots, recorder);
        book.validateInternalState();
        return left;
    }

    @Test
    @DisplayName("Two makers at the same price fill oldest first")
    void timePriority() {
        add(1, Side.SELL, 1200, 5);
        add(2, Side.SELL, 1200, 5);

        assertThat(match(Side.BUY, 1200, 7)).isZero();

        assertThat(fills).containsExactly(new Fill(1, 1200, 5, 0), new Fill(2, 1200, 2, 3));
        assertThat(book.contains(1)).isFalse();
        assertThat(book.remaining(2)).isEqualTo(3);
    }

    @Test
    @DisplayName("A better price fills before an older order at a worse price, each at the maker's price")
    void pricePriority() {
        add(1, Side.SELL, 1210, 5);
        add(2, Side.SELL, 1200, 5);
        add(3, Side.BUY, 1190, 4);
        add(4, Side.BUY, 1195, 4);

        assertThat(match(Side.BUY, 1210, 6)).isZero();
        assertThat(fills).containsExactly(new Fill(2, 1200, 5, 0), new Fill(1, 1210, 1, 4));

        fills.clear();
        assertThat(match(Side.SELL, 1190, 5)).isZero();
        assertThat(fills).containsExactly(new Fill(4, 1195, 4, 0), new Fill(3, 1190, 1, 3));
    }

    @Test
    @DisplayName("A limit order stops at its limit and returns what is left")
    void limitStopsAtPrice() {
        add(1, Side.SELL, 1200, 5);
        add(2, Side.SELL, 1201, 5);

        assertThat(match(Side.BUY, 1200, 8)).isEqualTo(3);

        assertThat(fills).containsExactly(new Fill(1, 1200, 5, 0));
        assertThat(book.bestAsk()).hasValue(1201);
    }

    @Test
    @DisplayName("A partial fill leaves the maker at the front of its level with the rest")
    void partialFill() {
        add(1, Side.BUY, 1200, 10);
        add(2, Side.BUY, 1200, 3);

        assertThat(match(Side.SELL, 1200, 4)).isZero();

        assertThat(fills).containsExactly(new Fill(1, 1200, 4, 6));
        assertThat(book.depth(Side.BUY, 5)).containsExactly(new DepthLevel(1200, 9, 2));
        fills.clear();
        match(Side.SELL, 1200, 7);
        assertThat(fills).containsExactly(new Fill(1, 1200, 6, 0), new Fill(2, 1200, 1, 2));
    }

    @Test
    @DisplayName("Cancel removes the order, its level when empty, and reports what it had")
    void cancel() {
        add(1, Side.BUY, 1200, 10);
        add(2, Side.BUY, 1200, 3);
        add(3, Side.BUY, 1190, 1);

        assertThat(book.cancel(1)).isEqualTo(10);
        book.validateInternalState();
        assertThat(book.depth(Side.BUY, 5)).containsExactly(new DepthLevel(1200, 3, 1), new DepthLevel(1190, 1, 1));
        assertThat(book.cancel(2)).isEqualTo(3);
        book.validateInternalState();
        assertThat(book.bestBid()).hasValue(1190);
        assertThat(book.cancel(2)).isZero();
        assertThat(book.cancel(99)).isZero();
        assertThat(book.size()).isEqualTo(1);

        match(Side.SELL, 1190, 5);
        assertThat(fills).containsExactly(new Fill(3, 1190, 1, 0));
    }

    @Test
    @DisplayName("A market order against an empty side fills nothing; against a book it sweeps every level")
    void marketOrder() {
        assertThat(match(Side.BUY, OrderBook.marketLimit(Side.BUY), 5)).isEqualTo(5);
        assertThat(fills).isEmpty();

        add(1, Side.BUY, 1200, 2);
        add(2, Side.BUY, 1, 2);
        assertThat(match(Side.SELL, OrderBook.marketLimit(Side.SELL), 5)).isEqualTo(1);
        assertThat(fills).containsExactly(new Fill(1, 1200, 2, 0), new Fill(2, 1, 2, 0));
        assertThat(book.size()).isZero();
    }

    @Test
    @DisplayName("Depth aggregates each level's quantity and order count, best first, up to the requested levels")
    void depth() {
        add(1, Side.BUY, 1190, 2);
        add(2, Side.BUY, 1195, 3);
        add(3, Side.BUY, 1190, 4);
        add(4, Side.BUY, 1180, 1);
        add(5, Side.SELL, 1210, 7);
        add(6, Side.SELL, 1205, 1);
        add(7, Side.SELL, 1205, 1);

        assertThat(book.depth(Side.BUY, 2)).containsExactly(new DepthLevel(1195, 3, 1), new DepthLevel(1190, 6, 2));
        assertThat(book.depth(Side.BUY, 10)).hasSize(3);
        assertThat(book.depth(Side.SELL, 10)).containsExactly(new DepthLevel(1205, 2, 2), new DepthLevel(1210, 7, 1));
    }

    @Test
    @DisplayName("Sweep reports per level what a match would fill, without changing the book")
    void sweepIsReadOnly() {
        add(1, Side.SELL, 1200, 2);
        add(2, Side.SELL, 1200, 3);
        add(3, Side.SELL, 1210, 4);
        List<long[]> visited = new ArrayList<>();

        long fillable = book.sweep(Side.BUY, 1210, 7, (price, lots) -> visited.add(new long[] {price, lots}));

        assertThat(fillable).isEqualTo(7);
        assertThat(visited).containsExactly(new long[] {1200, 5}, new long[] {1210, 2});
        assertThat(book.sweep(Side.BUY, 1205, 100, (p, l) -> { })).isEqualTo(5);
        assertThat(book.depth(Side.SELL, 10)).containsExactly(new DepthLevel(1200, 5, 2), new DepthLevel(1210, 4, 1));
        book.validateInternalState();
    }

    @Test
    @DisplayName("Resting a crossing order, a duplicate id or non-positive values is refused")
    void refusesBadInput() {
        add(1, Side.SELL, 1200, 2);

        assertThatThrownBy(() -> book.add(2, Side.BUY, 1200, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> book.add(1, Side.BUY, 1100, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> book.add(3, Side.BUY, 0, 1))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PRICE));
        assertThatThrownBy(() -> book.add(3, Side.BUY, 1100, 0))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUANTITY));
        assertThatThrownBy(() -> book.match(Side.BUY, 1200, -1, recorder))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUANTITY));
        assertThat(book.size()).isEqualTo(1);
        book.validateInternalState();
    }

    @Test
    @DisplayName("validateInternalState notices a level total that disagrees with its orders")
    void validatorDetectsCorruption() throws Exception {
        add(1, Side.BUY, 1200, 2);
        add(2, Side.BUY, 1200, 3);
        Object bids = field(book, "bids", Object.class);
        Object level = field(bids, "best", Object.class);
        Field total = level.getClass().getDeclaredField("totalLots");
        total.setAccessible(true);
        total.setLong(level, 6);

        assertThatThrownBy(book::validateInternalState).isInstanceOf(IllegalStateException.class).hasMessageContaining("1200");
    }

    @Test
    @DisplayName("Reduce lowers a resting order in place: it keeps its place in the queue; invalid reductions are refused")
    void reduceKeepsPriority() {
        add(1, Side.BUY, 1200, 10);
        add(2, Side.BUY, 1200, 3);

        book.reduce(1, 4);
        book.validateInternalState();

        assertThat(book.depth(Side.BUY, 5)).containsExactly(new DepthLevel(1200, 7, 2));
        assertThat(match(Side.SELL, 1200, 5)).isZero();
        assertThat(fills).containsExactly(new Fill(1, 1200, 4, 0), new Fill(2, 1200, 1, 2));
        assertThatThrownBy(() -> book.reduce(2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> book.reduce(2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> book.reduce(9, 1)).isInstanceOf(IllegalArgumentException.class);
        book.validateInternalState();
    }

    @Test
    @DisplayName("A stop predicate halts match and sweep in front of the first maker it accepts, leaving it and all behind it")
    void stopBefore() {
        add(1, Side.SELL, 1200, 2);
        add(2, Side.SELL, 1200, 3); // "own"
        add(3, Side.SELL, 1200, 4);
        add(4, Side.SELL, 1190, 1);
        List<long[]> visited = new ArrayList<>();

        assertThat(book.sweep(Side.BUY, 1210, 10, (p, l) -> visited.add(new long[] {p, l}), id -> id == 2)).isEqualTo(3);
        assertThat(visited).containsExactly(new long[] {1190, 1}, new long[] {1200, 2});
        long left = book.match(Side.BUY, 1210, 10, recorder, id -> id == 2);
        book.validateInternalState();

        assertThat(left).isEqualTo(7);
        assertThat(fills).containsExactly(new Fill(4, 1190, 1, 0), new Fill(1, 1200, 2, 0));
        assertThat(book.depth(Side.SELL, 5)).containsExactly(new DepthLevel(1200, 7, 2));
        assertThat(book.sweep(Side.BUY, 1210, 10, (p, l) -> { }, id -> id == 2)).isZero();
    }

    @Test
    @DisplayName("Random adds, cancels, reductions, re-entries and matches with self-trade stops agree with a naive reference book")
    void agreesWithNaiveModel() {
        for (long seed = 1; seed <= 20; seed++) {
            replayAgainstNaiveModel(seed, 2_000, (random, step, side) -> 95 + random.nextInt(11), 100);
        }
    }

    @Test
    @DisplayName("The same over 10^5+ commands with prices spread over many price pages (a drifting band and far outliers), "
            + "every invariant checked after each command")
    void agreesWithNaiveModelAcrossPrices() {
        // Mostly passive: bids below a mid, asks above it, one command in eight priced across it.
        PriceSource drift = (random, step, side) -> {
            long mid = 5_000 + step / 10;
            long offset = 1 + random.nextInt(random.nextInt(8) == 0 ? 20 : 1_500);
            return side == Side.BUY ^ random.nextInt(8) == 0 ? mid - offset : mid + offset;
        };
        PriceSource outlier = (random, step, side) -> random.nextInt(40) == 0
                ? (side == Side.BUY ? 1 + random.nextInt(1_000_000) : (1L << 61) + (random.nextLong() >>> 4))
                : drift.next(random, 0, side);
        int drifting = replayAgainstNaiveModel(101, 60_000, drift, 5);
        int outliers = replayAgainstNaiveModel(102, 60_000, outlier, 5);
        assertThat(drifting).as("distinct resting prices at some point").isGreaterThan(200);
        assertThat(outliers).as("distinct resting prices at some point").isGreaterThan(200);
    }

    @FunctionalInterface
    private interface PriceSource {
        long next(Random random, int step, Side side);
    }

    /**
     * Replays random commands on a book and a naive model; compares fills, remainders and the top levels after each.
     *
     * @return the most distinct prices that rested at once
     */
    private static int replayAgainstNaiveModel(long seed, int steps, PriceSource prices, int comparedLevels) {
        int mostPrices = 0;
        {
            Random random = new Random(seed);
            OrderBook subject = new OrderBook("X");
            List<NaiveOrder> model = new ArrayList<>();
            long nextId = 1;
            long nextPriority = 1;
            for (int step = 0; step < steps; step++) {
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                long price = prices.next(random, step, side);
                long lots = 1 + random.nextInt(10);
                int action = random.nextInt(12);
                if ((action < 2 || model.size() > 400) && !model.isEmpty()) { // bounded: about 400 orders at most
                    NaiveOrder victim = model.get(random.nextInt(model.size()));
                    assertThat(subject.cancel(victim.id)).isEqualTo(victim.lots);
                    model.remove(victim);
                } else if (action == 10 && !model.isEmpty()) {
                    NaiveOrder reduced = model.get(random.nextInt(model.size()));
                    if (reduced.lots > 1) {
                        reduced.lots = 1 + random.nextInt((int) reduced.lots - 1);
                        subject.reduce(reduced.id, reduced.lots); // keeps its priority
                    }
                } else if (action == 11 && !model.isEmpty()) {
                    // Loses priority: out of the book and back in at the end of its level, same id.
                    NaiveOrder moved = model.get(random.nextInt(model.size()));
                    subject.cancel(moved.id);
                    subject.add(moved.id, moved.side, moved.price, moved.lots);
                    moved.priority = nextPriority++;
                } else {
                    boolean market = action == 9;
                    long limit = market ? OrderBook.marketLimit(side) : price;
                    int owner = random.nextInt(4);
                    java.util.function.LongPredicate own = random.nextBoolean() ? null
                            : id -> model.stream().anyMatch(o -> o.id == id && o.owner == owner);
                    long fillable = subject.sweep(side, limit, lots, (p, l) -> { }, own);
                    List<Fill> actual = new ArrayList<>();
                    long left = subject.match(side, limit, lots, (m, p, l, r) -> actual.add(new Fill(m, p, l, r)), own);
                    List<Fill> expected = new ArrayList<>();
                    boolean[] stopped = new boolean[1];
                    long expectedLeft = naiveMatch(model, side, limit, lots, own == null ? -1 : owner, expected, stopped);
                    assertThat(actual).as("seed %d step %d", seed, step).isEqualTo(expected);
                    assertThat(left).isEqualTo(expectedLeft);
                    assertThat(fillable).as("sweep agrees with match").isEqualTo(lots - left);
                    if (left > 0 && !market && !stopped[0]) {
                        subject.add(nextId, side, price, left);
                        model.add(new NaiveOrder(nextId, side, price, left, owner, nextPriority++));
                    }
                    nextId++;
                }
                subject.validateInternalState();
                assertThat(subject.depth(Side.BUY, comparedLevels)).isEqualTo(naiveDepth(model, Side.BUY, comparedLevels));
                assertThat(subject.depth(Side.SELL, comparedLevels)).isEqualTo(naiveDepth(model, Side.SELL, comparedLevels));
                assertThat(subject.size()).isEqualTo(model.size());
                if (step % 1_000 == 0) {
                    mostPrices = Math.max(mostPrices, (int) model.stream().mapToLong(o -> o.price).distinct().count());
                }
            }
            for (Side side : Side.values()) {
                List<long[]> resting = new ArrayList<>();
                subject.forEachOrder(side, (id, p, l) -> resting.add(new long[] {id, p, l}));
                assertThat(resting).as("seed %d: every resting order in matching order", seed).containsExactlyElementsOf(
                        model.stream().filter(o -> o.side == side)
                                .sorted(Comparator.<NaiveOrder>comparingLong(o -> side == Side.BUY ? -o.price : o.price)
                                        .thenComparingLong(o -> o.priority))
                                .map(o -> new long[] {o.id, o.price, o.lots}).toList());
            }
        }
        return mostPrices;
    }

    @Test
    @DisplayName("takeDepthChanged never misses a change of the visible depth, over random commands and depths")
    void depthChangeFlagNeverMissesAVisibleChange() {
        long quietSteps = 0;
        for (long seed = 1; seed <= 30; seed++) {
            Random random = new Random(seed);
            int visible = 1 + random.nextInt(5);
            OrderBook subject = new OrderBook("IX2301", visible);
            List<Long> ids = new ArrayList<>();
            long nextId = 1;
            subject.takeDepthChanged();
            List<DepthLevel> bids = subject.depth(Side.BUY, visible);
            List<DepthLevel> asks = subject.depth(Side.SELL, visible);
            for (int step = 0; step < 5_000; step++) {
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                int action = random.nextInt(10);
                if (action < 3 && !ids.isEmpty()) {
                    subject.cancel(ids.remove(random.nextInt(ids.size())));
                } else if (action == 3 && !ids.isEmpty()) {
                    long id = ids.get(random.nextInt(ids.size()));
                    long left = subject.remaining(id);
                    if (left > 1) {
                        subject.reduce(id, 1 + random.nextInt((int) left - 1));
                    }
                } else {
                    // Mostly passive orders spread over 40 prices, so many changes land below the visible levels.
                    long price = side == Side.BUY ? 60 + random.nextInt(40) : 101 + random.nextInt(40);
                    if (action == 9) {
                        price = side == Side.BUY ? 100 + random.nextInt(41) : 60 + random.nextInt(41);
                    }
                    long left = subject.match(side, price, 1 + random.nextInt(5), (m, p, l, r) -> {
                        if (r == 0) {
                            ids.remove(m);
                        }
                    });
                    if (left > 0) {
                        subject.add(nextId, side, price, left);
                        ids.add(nextId);
                    }
                    nextId++;
                }
                List<DepthLevel> newBids = subject.depth(Side.BUY, visible);
                List<DepthLevel> newAsks = subject.depth(Side.SELL, visible);
                boolean flagged = subject.takeDepthChanged();
                if (!newBids.equals(bids) || !newAsks.equals(asks)) {
                    assertThat(flagged).as("seed %d step %d: the visible depth changed", seed, step).isTrue();
                }
                if (!flagged) {
                    quietSteps++;
                }
                bids = newBids;
                asks = newAsks;
            }
        }
        assertThat(quietSteps).as("changes below the visible levels are not reported").isPositive();
    }

    @Test
    @DisplayName("A change below the visible levels is not reported; one at the edge level or above is")
    void depthChangeBelowTheVisibleLevelsIsQuiet() {
        OrderBook subject = new OrderBook("IX2301", 2);
        subject.add(1, Side.BUY, 100, 1);
        subject.add(2, Side.BUY, 99, 1);
        subject.add(3, Side.BUY, 98, 1);
        assertThat(subject.takeDepthChanged()).isTrue();
        subject.add(4, Side.BUY, 97, 1);
        assertThat(subject.takeDepthChanged()).isFalse();
        subject.cancel(3);
        assertThat(subject.takeDepthChanged()).isFalse();
        subject.add(5, Side.BUY, 99, 2);
        assertThat(subject.takeDepthChanged()).isTrue();
        subject.cancel(1);
        assertThat(subject.takeDepthChanged()).isTrue();
        subject.add(6, Side.BUY, 96, 1);
        assertThat(subject.takeDepthChanged()).as("99 and 97 are the only levels; 96 becomes a third one").isFalse();
        subject.match(Side.SELL, 99, 1, (m, p, l, r) -> { });
        assertThat(subject.takeDepthChanged()).isTrue();
    }

    private static final class NaiveOrder {
        final long id;
        final Side side;
        final long price;
        final int owner;
        long lots;
        long priority;

        NaiveOrder(long id, Side side, long price, long lots, int owner, long priority) {
            this.id = id;
            this.side = side;
            this.price = price;
            this.lots = lots;
            this.owner = owner;
            this.priority = priority;
        }
    }

    /**
     * Price-time priority the slow way: pick the best price, then the oldest entry, one fill at a time; stop in front of
     * an order of {@code stopOwner} (-1: never).
     */
    private static long naiveMatch(List<NaiveOrder> model, Side side, long limit, long lots, int stopOwner, List<Fill> fills,
            boolean[] stopped) {
        long left = lots;
        while (left > 0) {
            NaiveOrder best = model.stream().filter(o -> o.side != side)
                    .filter(o -> side == Side.BUY ? o.price <= limit : o.price >= limit)
                    .min(Comparator.<NaiveOrder>comparingLong(o -> side == Side.BUY ? o.price : -o.price)
                            .thenComparingLong(o -> o.priority))
                    .orElse(null);
            if (best == null) {
                break;
            }
            if (best.owner == stopOwner) {
                stopped[0] = true;
                break;
            }
            long quantity = Math.min(left, best.lots);
            best.lots -= quantity;
            left -= quantity;
            if (best.lots == 0) {
                model.remove(best);
            }
            fills.add(new Fill(best.id, best.price, quantity, best.lots));
        }
        return left;
    }

    private static List<DepthLevel> naiveDepth(List<NaiveOrder> model, Side side, int maxLevels) {
        List<DepthLevel> levels = new ArrayList<>();
        model.stream().filter(o -> o.side == side).map(o -> o.price).distinct()
                .sorted(side == Side.BUY ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder())
                .limit(maxLevels)
                .forEach(price -> levels.add(new DepthLevel(price,
                        model.stream().filter(o -> o.side == side && o.price == price).mapToLong(o -> o.lots).sum(),
                        (int) model.stream().filter(o -> o.side == side && o.price == price).count())));
        return levels;
    }

    private static <T> T field(Object target, String name, Class<T> type) throws Exception {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return type.cast(field.get(target));
    }
}
