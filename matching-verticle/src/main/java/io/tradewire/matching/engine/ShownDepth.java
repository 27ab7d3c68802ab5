package io.tradewire.matching.engine;

import io.tradewire.model.Side;
import io.tradewire.model.view.BookLevel;
import java.util.Arrays;
import java.util.List;

/**
 * One side of a book's depth as last shown (published or queried), so that the next one reuses what did not change:
 * a level with the same price, lots and order count is the same immutable {@link BookLevel}, and a level whose lots or
 * count changed keeps its price. Most changes touch one level of ten, and each level is a view with two decimals.
 * Levels are best first on both sides, so one pass over the old and the new levels finds the same prices.
 *
 * <p>Not state: a memo of views, used on the venue's thread like the venue itself.
 */
final class ShownDepth implements OrderBook.DepthVisitor {
    private final Contract contract;
    private final Side side;
    private final int depth;
    /** The levels last shown ({@code shown…}) and the ones being built ({@code next…}); swapped after each pass. */
    private long[] shownTicks;
    private long[] shownLots;
    private int[] shownCounts;
    private BookLevel[] shownLevels;
    private int shownSize;
    private long[] nextTicks;
    private long[] nextLots;
    private int[] nextCounts;
    private BookLevel[] nextLevels;
    private int nextSize;
    /** The first shown level not better than the level being visited. */
    private int cursor;

    ShownDepth(Contract contract, Side side, int depth) {
        this.contract = contract;
        this.side = side;
        this.depth = depth;
        this.shownTicks = new long[depth];
        this.shownLots = new long[depth];
        this.shownCounts = new int[depth];
        this.shownLevels = new BookLevel[depth];
        this.nextTicks = new long[depth];
        this.nextLots = new long[depth];
        this.nextCounts = new int[depth];
        this.nextLevels = new BookLevel[depth];
    }

    /** The best {@code depth} levels of the book's side, best first, as {@code BookChanged} carries them. */
    List<BookLevel> levels(OrderBook book) {
        nextSize = 0;
        cursor = 0;
        book.forEachLevel(side, depth, this);
        List<BookLevel> levels = List.of(Arrays.copyOf(nextLevels, nextSize));
        swap();
        return levels;
    }

    @Override
    public void visit(long priceTicks, long lots, int orderCount) {
        boolean bid = side == Side.BUY;
        while (cursor < shownSize && (bid ? shownTicks[cursor] > priceTicks : shownTicks[cursor] < priceTicks)) {
            cursor++;
        }
        BookLevel level;
        if (cursor < shownSize && shownTicks[cursor] == priceTicks) {
            BookLevel shown = shownLevels[cursor];
            level = shownLots[cursor] == lots && shownCounts[cursor] == orderCount ? shown
                    : new BookLevel(shown.price(), contract.quantity(lots), orderCount);
        } else {
            level = new BookLevel(contract.price(priceTicks), contract.quantity(lots), orderCount);
        }
        nextTicks[nextSize] = priceTicks;
        nextLots[nextSize] = lots;
        nextCounts[nextSize] = orderCount;
        nextLevels[nextSize] = level;
        nextSize++;
    }

    private void swap() {
        long[] ticks = shownTicks;
        shownTicks = nextTicks;
        nextTicks = ticks;
        long[] lots = shownLots;
        shownLots = nextLots;
        nextLots = lots;
        int[] counts = shownCounts;
        shownCounts = nextCounts;
        nextCounts = counts;
        BookLevel[] levels = shownLevels;
        shownLevels = nextLevels;
        nextLevels = levels;
        Arrays.fill(nextLevels, null); // the old views go with the next pass
        shownSize = nextSize;
    }
}
