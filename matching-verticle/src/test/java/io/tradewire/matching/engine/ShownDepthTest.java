package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Side;
import io.tradewire.model.view.BookLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ShownDepth} against depth views built afresh, over seeded random books. */
class ShownDepthTest {
    private static final int DEPTH = 5;
    private final Contract contract = new Contract(TestInstruments.IX2301);

    @Test
    @DisplayName("Each side's levels equal a fresh view of the book's depth after every change, and unchanged levels are reused")
    void levelsFollowTheBook() {
        Random random = new Random(20261122L);
        OrderBook book = new OrderBook("IX2301", DEPTH);
        ShownDepth bids = new ShownDepth(contract, Side.BUY, DEPTH);
        ShownDepth asks = new ShownDepth(contract, Side.SELL, DEPTH);
        List<Long> resting = new ArrayList<>();
        long nextId = 1;
        int reused = 0;
        for (int step = 0; step < 20_000; step++) {
            if (resting.isEmpty() || random.nextInt(3) > 0) {
                boolean bid = random.nextBoolean();
                // Bids below 1000, asks from 1000: the book never crosses, so an add always rests.
                long price = bid ? 990 - random.nextInt(12) : 1000 + random.nextInt(12);
                book.add(nextId, bid ? Side.BUY : Side.SELL, price, 1 + random.nextInt(5));
                resting.add(nextId++);
            } else {
                book.cancel(resting.remove(random.nextInt(resting.size())));
            }
            if (random.nextInt(4) == 0) {
                continue; // some changes are never shown: the next view compares with an older one
            }
            for (ShownDepth shown : new ShownDepth[] {bids, asks}) {
                Side side = shown == bids ? Side.BUY : Side.SELL;
                List<BookLevel> before = shown.levels(book);
                assertThat(before).isEqualTo(fresh(book, side));
                List<BookLevel> again = shown.levels(book);
                assertThat(again).isEqualTo(before);
                for (int i = 0; i < again.size(); i++) {
                    assertThat(again.get(i)).isSameAs(before.get(i)); // nothing changed: every level reused
                    reused++;
                }
            }
        }
        assertThat(reused).isPositive();
    }

    @Test
    @DisplayName("A level whose lots changed is a new view at the same price; one that appeared shifts nothing wrongly")
    void changedAndNewLevels() {
        OrderBook book = new OrderBook("IX2301", DEPTH);
        ShownDepth bids = new ShownDepth(contract, Side.BUY, DEPTH);
        book.add(1, Side.BUY, 1200, 3);
        book.add(2, Side.BUY, 1190, 4);
        List<BookLevel> first = bids.levels(book);

        book.add(3, Side.BUY, 1200, 2); // same price, more lots and one more order
        book.add(4, Side.BUY, 1210, 1); // a new best level in front
        List<BookLevel> second = bids.levels(book);

        assertThat(second).isEqualTo(fresh(book, Side.BUY));
        assertThat(second.get(1)).isNotSameAs(first.get(0)).isEqualTo(new BookLevel(contract.price(1200), contract.quantity(5), 2));
        assertThat(second.get(1).price()).isSameAs(first.get(0).price());
        assertThat(second.get(2)).isSameAs(first.get(1));
    }

    private List<BookLevel> fresh(OrderBook book, Side side) {
        List<BookLevel> levels = new ArrayList<>();
        for (DepthLevel level : book.depth(side, DEPTH)) {
            levels.add(new BookLevel(contract.price(level.priceTicks()), contract.quantity(level.lots()), level.orderCount()));
        }
        return levels;
    }
}
