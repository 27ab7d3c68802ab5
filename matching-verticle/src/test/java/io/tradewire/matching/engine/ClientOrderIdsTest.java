package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientOrderIdsTest {
    private static final Contract CONTRACT = new Contract(TestInstruments.AAPL);

    private static Order order(long sequence, String userId, String clientOrderId) {
        return new Order(sequence, "O" + sequence, clientOrderId, userId, CONTRACT, Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, 100, 1, OrderSource.API, 0, false);
    }

    @Test
    @DisplayName("Client order ids are per user; the latest order with an id holds it, and forgetting an earlier one keeps it")
    void perUserLatestWins() {
        ClientOrderIds ids = new ClientOrderIds();
        Order first = order(1, "alice", "c-1");
        Order second = order(2, "alice", "c-1");
        Order bobs = order(3, "bob", "c-1");
        ids.put(first);
        ids.put(bobs);
        assertThat(ids.get("alice", "c-1")).isSameAs(first);
        ids.put(second);
        assertThat(ids.get("alice", "c-1")).isSameAs(second);
        assertThat(ids.get("bob", "c-1")).isSameAs(bobs);
        assertThat(ids.get("alice", "c-2")).isNull();
        assertThat(ids.get("carol", "c-1")).isNull();

        ids.remove(first);
        assertThat(ids.get("alice", "c-1")).as("a forgotten earlier order leaves the later holder").isSameAs(second);
        ids.remove(second);
        assertThat(ids.get("alice", "c-1")).isNull();
        assertThat(ids.get("bob", "c-1")).isSameAs(bobs);
    }

    @Test
    @DisplayName("A user id and a client order id that would concatenate alike stay apart")
    void noCompositeKeyCollisions() {
        ClientOrderIds ids = new ClientOrderIds();
        Order a = order(1, "ab", "c");
        Order b = order(2, "a", "bc");
        ids.put(a);
        ids.put(b);
        assertThat(ids.get("ab", "c")).isSameAs(a);
        assertThat(ids.get("a", "bc")).isSameAs(b);
        assertThat(ids.get("a", "b")).isNull();
        ids.clear();
        assertThat(ids.get("ab", "c")).isNull();
    }
}
