package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    @Test
    @DisplayName("Seeded random puts, removals and lookups agree with a plain map of (user, id) to its latest order, through "
            + "thousands of ids, removals of earlier and latest holders, and users and ids whose hashes collide")
    void agreesWithAModel() {
        // "Aa" and "BB" share String.hashCode.
        String[] users = {"Aa", "BB", "AaAa", "BBBB", "AaBB", "u1", "u2", "u3"};
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            ClientOrderIds ids = new ClientOrderIds();
            Map<List<String>, Order> model = new HashMap<>();
            List<Order> placed = new ArrayList<>();
            int idCount = 50 + random.nextInt(3_000);
            for (int step = 0; step < 20_000; step++) {
                String user = users[random.nextInt(users.length)];
                String id = random.nextBoolean() ? "c" + random.nextInt(idCount) : (random.nextBoolean() ? "Aa" : "BB");
                int op = random.nextInt(10);
                if (op < 5) {
                    Order order = order(step, user, id);
                    ids.put(order);
                    model.put(List.of(user, id), order);
                    placed.add(order);
                } else if (op < 8 && !placed.isEmpty()) {
                    Order order = placed.remove(random.nextInt(placed.size()));
                    ids.remove(order);
                    model.remove(List.of(order.userId, order.clientOrderId), order);
                } else {
                    assertThat(ids.get(user, id)).as("seed %d step %d", seed, step).isSameAs(model.get(List.of(user, id)));
                }
            }
            assertThat(ids.size()).as("seed %d", seed).isEqualTo(model.size());
            for (Map.Entry<List<String>, Order> entry : model.entrySet()) {
                assertThat(ids.get(entry.getKey().get(0), entry.getKey().get(1))).isSameAs(entry.getValue());
            }
            for (Order order : new ArrayList<>(model.values())) {
                ids.remove(order);
            }
            assertThat(ids.size()).isZero();
            assertThat(ids.get("u1", "c1")).isNull();
        }
    }
}
