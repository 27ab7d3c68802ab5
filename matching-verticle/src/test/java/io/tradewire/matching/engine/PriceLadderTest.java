package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PriceLadderTest {

    private static final class Key extends PriceLadder.Entry {
        Key(long key) {
            super(key);
        }

        @Override
        public String toString() {
            return "Key(" + key + ")";
        }
    }

    @Test
    @DisplayName("Keys come back in order, across pages, with negative keys and both extremes of long")
    void ordersKeysAcrossPages() {
        PriceLadder<Key> ladder = new PriceLadder<>();
        long[] keys = {Long.MAX_VALUE, 0, -1, 255, 256, 257, -256, -257, Long.MIN_VALUE, 1_000_000, 511, 512};
        for (long k : keys) {
            ladder.put(new Key(k));
            ladder.validateInternalState();
        }
        List<Long> ascending = new ArrayList<>();
        for (Key k = ladder.first(); k != null; k = ladder.higher(k)) {
            ascending.add(k.key);
        }
        assertThat(ascending).containsExactly(Long.MIN_VALUE, -257L, -256L, -1L, 0L, 255L, 256L, 257L, 511L, 512L,
                1_000_000L, Long.MAX_VALUE);
        List<Long> descending = new ArrayList<>();
        for (Key k = ladder.last(); k != null; k = ladder.lower(k)) {
            descending.add(k.key);
        }
        Collections.reverse(ascending);
        assertThat(descending).containsExactlyElementsOf(ascending);
        assertThat(ladder.size()).isEqualTo(keys.length);
        assertThat(ladder.get(256).key).isEqualTo(256);
        assertThat(ladder.get(258)).isNull();
        assertThat(ladder.get(-1_000)).isNull();
    }

    @Test
    @DisplayName("A taken key, an entry already in a ladder and an entry in none are refused without changing anything")
    void refusesMisuse() {
        PriceLadder<Key> ladder = new PriceLadder<>();
        Key a = new Key(100);
        ladder.put(a);
        assertThatThrownBy(() -> ladder.put(new Key(100))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
        assertThatThrownBy(() -> ladder.put(a)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ladder.remove(new Key(7))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ladder.higher(new Key(7))).isInstanceOf(IllegalArgumentException.class);
        ladder.validateInternalState();
        assertThat(ladder.size()).isEqualTo(1);
        ladder.remove(a);
        assertThat(ladder.isEmpty()).isTrue();
        assertThat(ladder.first()).isNull();
        assertThat(ladder.last()).isNull();
        ladder.put(a); // a removed entry can go back in
        assertThat(ladder.first()).isSameAs(a);
        ladder.validateInternalState();
    }

    @Test
    @DisplayName("Random puts, removes and steps agree with a TreeMap: dense keys, keys spread over many pages, a drifting cluster")
    void agreesWithTreeMap() {
        // Each distribution draws a key from a random source and the step number.
        List<KeySource> sources = List.of(
                (r, step) -> 1_000 + r.nextInt(300),                                   // a few neighbouring pages
                (r, step) -> r.nextInt(200_000) - 100_000,                             // sparse: a page per key, negatives
                (r, step) -> step / 20 + r.nextInt(600),                               // a cluster drifting up
                (r, step) -> r.nextInt(10) == 0 ? r.nextLong() : 50_000 + r.nextInt(64)); // outliers anywhere
        long seed = 0;
        for (KeySource source : sources) {
            for (int run = 0; run < 5; run++) {
                replay(++seed, 20_000, source);
            }
        }
    }

    @FunctionalInterface
    private interface KeySource {
        long next(Random random, int step);
    }

    private static void replay(long seed, int steps, KeySource source) {
        Random random = new Random(seed);
        PriceLadder<Key> ladder = new PriceLadder<>();
        TreeMap<Long, Key> model = new TreeMap<>();
        List<Key> present = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(10);
            String at = "seed " + seed + " step " + step;
            if (action < 5) {
                long k = source.next(random, step);
                if (model.containsKey(k)) {
                    assertThat(ladder.get(k)).as(at).isSameAs(model.get(k));
                } else {
                    Key key = new Key(k);
                    ladder.put(key);
                    model.put(k, key);
                    present.add(key);
                }
            } else if (action < 9 && !present.isEmpty()) {
                Key key = present.remove(random.nextInt(present.size()));
                ladder.remove(key);
                model.remove(key.key);
                assertThat(ladder.get(key.key)).as(at).isNull();
            } else {
                long k = source.next(random, step);
                assertThat(ladder.get(k)).as(at).isSameAs(model.get(k));
            }
            if (!present.isEmpty()) {
                Key probe = present.get(random.nextInt(present.size()));
                assertThat(ladder.higher(probe)).as(at).isSameAs(value(model.higherEntry(probe.key)));
                assertThat(ladder.lower(probe)).as(at).isSameAs(value(model.lowerEntry(probe.key)));
            }
            assertThat(ladder.first()).as(at).isSameAs(value(model.firstEntry()));
            assertThat(ladder.last()).as(at).isSameAs(value(model.lastEntry()));
            assertThat(ladder.size()).as(at).isEqualTo(model.size());
            if (step % 64 == 0 || step == steps - 1) {
                ladder.validateInternalState();
                assertThat(walk(ladder)).as(at).containsExactlyElementsOf(model.keySet());
            }
        }
    }

    private static Key value(Map.Entry<Long, Key> entry) {
        return entry == null ? null : entry.getValue();
    }

    private static List<Long> walk(PriceLadder<Key> ladder) {
        List<Long> keys = new ArrayList<>();
        for (Key k = ladder.first(); k != null; k = ladder.higher(k)) {
            keys.add(k.key);
        }
        return keys;
    }
}
