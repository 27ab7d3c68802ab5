package io.tradewire.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static OrderUpdated order(String filled, OrderStatus status, String price, long updated) {
        BigDecimal f = new BigDecimal(filled);
        return new OrderUpdated(new OrderView("bybit-1", "c1", "alice", "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, new BigDecimal(price), BigDecimal.TEN, f, BigDecimal.TEN.subtract(f), null, status,
                OrderSource.BROKER, 1, updated));
    }

    private static TradeExecuted trade(String id) {
        return new TradeExecuted(id, "bybit-1", "alice", "BTCUSDT", Side.BUY, Offset.OPEN, BigDecimal.ONE, BigDecimal.ONE, false, 1);
    }

    @Test
    @DisplayName("A trade passes once per trade id")
    void tradesOnce() {
        EventFilter filter = new EventFilter(100);
        assertThat(filter.accept(trade("bybit-e1"))).isTrue();
        assertThat(filter.accept(trade("bybit-e1"))).isFalse();
        assertThat(filter.accept(trade("bybit-e2"))).isTrue();
    }

    @Test
    @DisplayName("An order update passes only when it moves the order forward: more filled, a later status, a newer amend; never after a final state")
    void ordersMoveForward() {
        EventFilter filter = new EventFilter(100);
        assertThat(filter.accept(order("0", OrderStatus.SUBMITTED, "100", 1))).isTrue();
        assertThat(filter.accept(order("0", OrderStatus.SUBMITTED, "100", 2))).as("same state again").isFalse();
        assertThat(filter.accept(order("0", OrderStatus.SUBMITTED, "99", 3))).as("amended price").isTrue();
        assertThat(filter.accept(order("0", OrderStatus.SUBMITTED, "100", 2))).as("an older amend").isFalse();
        assertThat(filter.accept(order("4", OrderStatus.PARTIALLY_FILLED, "99", 4))).isTrue();
        assertThat(filter.accept(order("0", OrderStatus.SUBMITTED, "99", 5))).as("less filled: stale").isFalse();
        assertThat(filter.accept(order("10", OrderStatus.FILLED, "99", 6))).isTrue();
        assertThat(filter.accept(order("10", OrderStatus.CANCELLED, "99", 7))).as("after a final state").isFalse();
    }

    @Test
    @DisplayName("Whatever order a shuffled, duplicated stream of an order's states arrives in, the states passed only move forward")
    void shuffledStreams() {
        Random random = new Random(20_26);
        for (int round = 0; round < 500; round++) {
            List<OrderUpdated> states = new ArrayList<>();
            for (int filled = 0; filled <= 10; filled += 1 + random.nextInt(3)) {
                states.add(order(Integer.toString(filled), filled == 10 ? OrderStatus.FILLED
                        : filled == 0 ? OrderStatus.SUBMITTED : OrderStatus.PARTIALLY_FILLED, "100", filled));
            }
            List<OrderUpdated> stream = new ArrayList<>(states);
            stream.addAll(states.subList(0, random.nextInt(states.size())));
            Collections.shuffle(stream, random);
            EventFilter filter = new EventFilter(100);
            BigDecimal last = BigDecimal.valueOf(-1);
            for (OrderUpdated update : stream) {
                if (filter.accept(update)) {
                    assertThat(update.order().filled()).isGreaterThan(last);
                    last = update.order().filled();
                }
            }
        }
    }

    @Test
    @DisplayName("An unchanged account passes once; a change passes; memory is bounded")
    void accountsAndBounds() {
        EventFilter filter = new EventFilter(2);
        AccountView account = new AccountView("alice", "USD", BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 1);
        assertThat(filter.accept(new AccountChanged(account))).isTrue();
        assertThat(filter.accept(new AccountChanged(account))).isFalse();
        assertThat(filter.accept(new AccountChanged(new AccountView("alice", "USD", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 2)))).isTrue();
        filter.accept(trade("t1"));
        filter.accept(trade("t2"));
        filter.accept(trade("t3"));
        assertThat(filter.accept(trade("t1"))).as("the oldest id was forgotten").isTrue();
    }

    @Test
    @DisplayName("Backoff doubles up to its cap, with jitter in the upper half, and starts over after a reset")
    void backoff() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new Random(1));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long ceiling : ceilings) {
            assertThat(backoff.nextDelayMillis()).isBetween(ceiling / 2, ceiling);
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isBetween(50L, 100L);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.nextDelayMillis()).isLessThanOrEqualTo(1000);
        }
    }
}
