package io.tradewire.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamPartitionsTest {
    @Test
    @DisplayName("A user's streams share one partition, a market subject's streams another; any other key is its own")
    void groupsByOwnershipKey() {
        int user = StreamPartitions.of("user.user001.orders");
        for (String kind : new String[] {"trades", "account", "positions", "algo"}) {
            assertThat(StreamPartitions.of("user.user001." + kind)).isEqualTo(user);
        }
        assertThat(StreamPartitions.of("user.user001")).isEqualTo(user);
        int market = StreamPartitions.of(StreamKeys.marketBook("IX2301"));
        assertThat(StreamPartitions.of(StreamKeys.marketTrades("IX2301"))).isEqualTo(market);
        assertThat(StreamPartitions.of(StreamKeys.marketBar("IX2301", "1m"))).isEqualTo(market);
        assertThat(StreamPartitions.ownershipKey("market.IX2301.bar.1m")).isEqualTo("market.IX2301");
        assertThat(StreamPartitions.ownershipKey("user.u1.orders")).isEqualTo("user.u1");
        assertThat(StreamPartitions.ownershipKey("algo.x.y")).isEqualTo("algo.x.y");
    }

    @Test
    @DisplayName("The partition is the mixed String.hashCode of the ownership key: pinned values, the same on every JVM")
    void isStable() {
        // Pinned: a change here moves streams between notifiers of a mixed-version mesh.
        assertThat(StreamPartitions.of("user.user001.orders")).isEqualTo(StreamPartitions.of("user.user001"));
        assertThat(new int[] {StreamPartitions.of("user.user001.orders"), StreamPartitions.of("market.IX2301.book"),
                StreamPartitions.of("market.BTCUSDT.ticker"), StreamPartitions.of("")})
                .containsExactly(pinned("user.user001"), pinned("market.IX2301"), pinned("market.BTCUSDT"), pinned(""))
                .containsExactly(16, 53, 55, 0);
    }

    @Test
    @DisplayName("Random user ids spread over every partition, none with more than twice its share (seeded)")
    void spreads() {
        Random random = new Random(7);
        int[] counts = new int[StreamPartitions.COUNT];
        int users = 64_000;
        for (int i = 0; i < users; i++) {
            int p = StreamPartitions.of(StreamKeys.userOrders("u" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)));
            assertThat(p).isBetween(0, StreamPartitions.COUNT - 1);
            counts[p]++;
        }
        int share = users / StreamPartitions.COUNT;
        for (int count : counts) {
            assertThat(count).isBetween(share / 2, share * 2);
        }
    }

    @Test
    @DisplayName("Partition addresses name the stream's partition under the family's name")
    void addresses() {
        int p = StreamPartitions.of("user.u1.orders");
        assertThat(Addresses.notifierSnapshot("user.u1.orders")).isEqualTo("notifier.snapshot." + p);
        assertThat(Addresses.notifierHistory("user.u1.trades")).isEqualTo("notifier.history." + p);
    }

    /** The specification written out: String.hashCode of the key, MurmurHash3's finalizer, the low six bits. */
    private static int pinned(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & 63;
    }
}
