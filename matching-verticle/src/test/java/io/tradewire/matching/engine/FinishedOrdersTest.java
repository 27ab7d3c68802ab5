package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FinishedOrdersTest {
    private static final Contract CONTRACT = new Contract(TestInstruments.AAPL);

    private static Order finished(long sequence, long at) {
        Order order = new Order(sequence, "O" + sequence, null, "u", CONTRACT, Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, 100, 1, OrderSource.API, at, false);
        order.status = OrderStatus.CANCELLED;
        return order;
    }

    private static List<Long> prune(FinishedOrders orders, long now) {
        List<Long> forgotten = new ArrayList<>();
        orders.prune(now, o -> forgotten.add(o.sequence));
        return forgotten;
    }

    @Test
    @DisplayName("Orders older than the retention go, oldest first, late finishers (clock stepped back) included")
    void byAge() {
        FinishedOrders orders = new FinishedOrders(100, 1_000);
        orders.add(finished(1, 1_000));
        orders.add(finished(2, 1_050));
        orders.add(finished(3, 990)); // finished at an earlier time than the newest
        orders.add(finished(4, 1_200));
        assertThat(prune(orders, 1_090)).isEmpty();
        assertThat(prune(orders, 1_091)).containsExactly(3L);
        assertThat(prune(orders, 1_151)).containsExactly(1L, 2L);
        assertThat(orders.size()).isEqualTo(1);
        assertThat(prune(orders, 5_000)).containsExactly(4L);
        assertThat(orders.size()).isZero();
    }

    @Test
    @DisplayName("Beyond the maximum the oldest by finish time, then by sequence, go first")
    void byCount() {
        FinishedOrders orders = new FinishedOrders(1_000_000, 2);
        orders.add(finished(5, 10));
        orders.add(finished(2, 10));
        orders.add(finished(7, 5));
        orders.add(finished(1, 20));
        assertThat(prune(orders, 11)).containsExactly(7L, 2L);
        assertThat(orders.size()).isEqualTo(2);
    }

    /** The definition: oldest first (by finish time, then sequence), while finished before the cutoff or over the maximum. */
    private static List<Long> model(List<Order> kept, long cutoff, int max) {
        List<Order> byFinish = new ArrayList<>(kept);
        byFinish.sort(FinishedOrders.BY_FINISH);
        List<Long> forgotten = new ArrayList<>();
        int left = byFinish.size();
        for (Order order : byFinish) {
            if (order.updatedAt >= cutoff && left <= max) {
                break;
            }
            forgotten.add(order.sequence);
            left--;
        }
        return forgotten;
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Which orders are forgotten follows the definition and depends only on the set of finished orders, not on the order they were added in")
    void orderOfAdditionDoesNotMatter(long seed) {
        Random random = new Random(seed);
        long retention = 1 + random.nextInt(500);
        int max = random.nextInt(40);
        FinishedOrders live = new FinishedOrders(retention, max);
        List<Order> all = new ArrayList<>();
        long clock = 10_000;
        List<List<Long>> liveForgotten = new ArrayList<>();
        List<List<Long>> rebuiltForgotten = new ArrayList<>();
        List<Order> kept = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            clock += random.nextInt(10) < 2 ? -random.nextInt(200) : random.nextInt(30);
            Order order = finished(step + 1, clock);
            all.add(order);
            live.add(order);
            kept.add(order);
            if (random.nextInt(4) == 0) {
                // A replica rebuilt from the same set (shuffled, as a snapshot would not keep the insertion order).
                List<Order> shuffled = new ArrayList<>(kept);
                Collections.shuffle(shuffled, random);
                FinishedOrders rebuilt = new FinishedOrders(retention, max);
                rebuilt.rebuild(shuffled);
                long now = clock + random.nextInt(50);
                List<Long> expected = model(kept, now - retention, max);
                List<Long> a = prune(live, now);
                assertThat(a).as("step %d: what the definition forgets", step).isEqualTo(expected);
                List<Long> b = prune(rebuilt, now);
                liveForgotten.add(a);
                rebuiltForgotten.add(b);
                kept.removeIf(o -> a.contains(o.sequence));
                assertThat(b).as("step %d", step).isEqualTo(a);
                assertThat(live.size()).isEqualTo(rebuilt.size()).isEqualTo(kept.size());
            }
        }
        assertThat(liveForgotten.stream().mapToInt(List::size).sum()).as("the stream forgot something").isPositive();
        assertThat(rebuiltForgotten).isEqualTo(liveForgotten);
    }
}
