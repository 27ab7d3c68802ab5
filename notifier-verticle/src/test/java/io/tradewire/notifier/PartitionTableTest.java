package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.StreamPartitions;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionTableTest {
    private static BitSet assignedTo(String node, List<String> members) {
        BitSet mine = new BitSet();
        String[] owners = Ownership.owners(members);
        for (int p = 0; p < owners.length; p++) {
            if (node.equals(owners[p])) {
                mine.set(p);
            }
        }
        return mine;
    }

    @Test
    @DisplayName("A lone notifier takes every partition at once")
    void alone() {
        PartitionTable table = new PartitionTable("a");
        PartitionTable.Change change = table.start(List.of("a"));
        assertThat(change.gainNow().cardinality()).isEqualTo(StreamPartitions.COUNT);
        assertThat(change.gainLater().isEmpty()).isTrue();
        assertThat(table.ownsAll()).isTrue();
    }

    @Test
    @DisplayName("A notifier joining live ones waits out the handover for its share; they drop that share at once")
    void joining() {
        PartitionTable a = new PartitionTable("a");
        a.start(List.of("a"));
        PartitionTable b = new PartitionTable("b");
        PartitionTable.Change joined = b.start(List.of("a", "b"));
        BitSet share = assignedTo("b", List.of("a", "b"));
        assertThat(share.isEmpty()).isFalse();
        assertThat(joined.gainNow().isEmpty()).isTrue();
        assertThat(joined.gainLater()).isEqualTo(share);
        assertThat(b.ownedCount()).isZero();

        PartitionTable.Change seen = a.update(List.of("a", "b"));
        assertThat(seen.lost()).isEqualTo(share);
        assertThat(seen.gainNow().isEmpty() && seen.gainLater().isEmpty()).isTrue();
        assertThat(a.ownsAll()).isFalse();

        assertThat(b.handOver(b.round())).isEqualTo(share);
        assertThat(b.ownedCount()).isEqualTo(share.cardinality());
        assertThat(b.handOver(b.round()).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("When an owner leaves, the survivors take its partitions at once, nothing else moves")
    void leaving() {
        PartitionTable a = new PartitionTable("a");
        a.start(List.of("a"));
        a.update(List.of("a", "b", "c"));
        BitSet before = assignedTo("a", List.of("a", "b", "c"));
        PartitionTable.Change change = a.update(List.of("a", "c"));
        BitSet expected = assignedTo("a", List.of("a", "c"));
        expected.andNot(before);
        assertThat(change.gainNow()).isEqualTo(expected);
        assertThat(change.gainLater().isEmpty()).isTrue();
        assertThat(change.lost().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("A handover overtaken by another change: partitions given elsewhere meanwhile are not taken; later rounds wait their turn")
    void overtaken() {
        PartitionTable b = new PartitionTable("b");
        b.start(List.of("a", "b"));
        int first = b.round();
        PartitionTable.Change third = b.update(List.of("a", "b", "c"));
        BitSet stillMine = assignedTo("b", List.of("a", "b", "c"));
        assertThat(third.lost().isEmpty()).isTrue(); // nothing owned yet, nothing to drop
        assertThat(b.handOver(first)).isEqualTo(stillMine);
        assertThat(b.waitingCount()).isZero();

        PartitionTable d = new PartitionTable("d");
        d.start(List.of("a", "d"));
        int early = d.round();
        d.update(List.of("a", "d")); // nothing new
        BitSet later = d.update(List.of("a", "c", "d")).gainLater(); // c joined: nothing of c's goes to d
        assertThat(later.isEmpty()).isTrue();
        assertThat(d.handOver(early)).isEqualTo(assignedTo("d", List.of("a", "c", "d")));
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: nodes that all see the same random joins and leaves never own a partition twice, and own all once settled")
    void neverTwoOwners(long seed) {
        Random random = new Random(seed);
        String[] nodes = {"n0", "n1", "n2", "n3", "n4", "n5"};
        PartitionTable[] tables = new PartitionTable[nodes.length];
        java.util.List<String> live = new java.util.ArrayList<>();
        for (int step = 0; step < 40; step++) {
            int n = random.nextInt(nodes.length);
            if (tables[n] == null) {
                live.add(nodes[n]);
                java.util.Collections.sort(live);
                tables[n] = new PartitionTable(nodes[n]);
                tables[n].start(List.copyOf(live));
            } else if (live.size() > 1) {
                live.remove(nodes[n]);
                tables[n] = null;
            }
            for (int i = 0; i < nodes.length; i++) {
                if (tables[i] != null) {
                    tables[i].update(List.copyOf(live)); // the others see the change (the joiner again: no-op)
                }
            }
            int[] owners = new int[StreamPartitions.COUNT];
            for (PartitionTable table : tables) {
                if (table != null && random.nextBoolean()) {
                    table.handOver(table.round()); // some handover delays are over, in any order
                }
                for (int p = 0; table != null && p < owners.length; p++) {
                    owners[p] += table.owns(p) ? 1 : 0;
                }
            }
            assertThat(java.util.Arrays.stream(owners).max().orElse(0)).as("step %d: owners of one partition", step).isLessThanOrEqualTo(1);
        }
        int[] owners = new int[StreamPartitions.COUNT];
        for (PartitionTable table : tables) {
            if (table != null) {
                table.handOver(table.round());
                for (int p = 0; p < owners.length; p++) {
                    owners[p] += table.owns(p) ? 1 : 0;
                }
            }
        }
        assertThat(owners).containsOnly(1);
    }
}
