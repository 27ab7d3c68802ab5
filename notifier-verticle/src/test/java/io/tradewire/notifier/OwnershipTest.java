package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.StreamPartitions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OwnershipTest {
    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** 1 to 9 random node ids (UUIDs as Hazelcast makes them), from a seed. */
    private static List<String> members(Random random) {
        List<String> members = new ArrayList<>();
        for (int i = 1 + random.nextInt(9); i > 0; i--) {
            members.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        Collections.sort(members);
        return members;
    }

    @Test
    @DisplayName("No member, no owner; one member owns everything")
    void edges() {
        assertThat(Ownership.owners(List.of())).containsOnlyNulls();
        assertThat(Ownership.owners(List.of("a"))).containsOnly("a");
    }

    @Test
    @DisplayName("Weights are specified: pinned owners for fixed node ids, the same on every JVM")
    void pinned() {
        List<String> members = List.of("node-a", "node-b", "node-c");
        String[] owners = Ownership.owners(members);
        // 64-bit FNV-1a of "node-a" (as any FNV-1a implementation computes it), and the owners of the first partitions.
        assertThat(Ownership.hash("node-a")).isEqualTo(0xe6971cc22078cb53L);
        assertThat(String.join(",", List.of(owners).subList(0, 8)))
                .isEqualTo("node-c,node-c,node-a,node-c,node-a,node-a,node-c,node-b");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: every node computes the same owners whatever the order it lists the members in")
    void deterministic(long seed) {
        Random random = new Random(seed);
        List<String> members = members(random);
        List<String> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, random);
        assertThat(Ownership.owners(shuffled)).containsExactly(Ownership.owners(members));
        assertThat(Ownership.owners(members)).allSatisfy(owner -> assertThat(members).contains(owner));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("Property: a member that leaves moves only its own partitions; one that joins takes partitions only for itself")
    void minimalMovement(long seed) {
        Random random = new Random(seed);
        List<String> members = members(random);
        String[] before = Ownership.owners(members);

        List<String> fewer = new ArrayList<>(members);
        String gone = fewer.remove(random.nextInt(fewer.size()));
        String[] afterLeave = Ownership.owners(fewer);
        for (int p = 0; p < StreamPartitions.COUNT; p++) {
            if (!before[p].equals(gone)) {
                assertThat(afterLeave[p]).as("partition %d", p).isEqualTo(before[p]);
            }
        }

        List<String> more = new ArrayList<>(members);
        String joined = new UUID(random.nextLong(), random.nextLong()).toString();
        more.add(joined);
        String[] afterJoin = Ownership.owners(more);
        for (int p = 0; p < StreamPartitions.COUNT; p++) {
            assertThat(afterJoin[p]).as("partition %d", p).isIn(before[p], joined);
        }
    }

    @Test
    @DisplayName("Balance: over 2,000 seeded member sets of each size, every rank of member owns its fair share (within 10 %), "
            + "and a set's busiest member rarely holds more than twice its share")
    void balanced() {
        Random random = new Random(42);
        for (int size = 2; size <= 8; size++) {
            long[] byRank = new long[size];
            int overloaded = 0;
            int sets = 2_000;
            for (int set = 0; set < sets; set++) {
                List<String> members = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    members.add(new UUID(random.nextLong(), random.nextLong()).toString());
                }
                Collections.sort(members);
                int[] counts = new int[size];
                for (String owner : Ownership.owners(members)) {
                    counts[members.indexOf(owner)]++;
                }
                int busiest = 0;
                for (int rank = 0; rank < size; rank++) {
                    byRank[rank] += counts[rank];
                    busiest = Math.max(busiest, counts[rank]);
                }
                if (busiest > 2 * StreamPartitions.COUNT / size) {
                    overloaded++;
                }
            }
            double fair = (double) sets * StreamPartitions.COUNT / size;
            for (int rank = 0; rank < size; rank++) {
                assertThat(byRank[rank]).as("size %d rank %d", size, rank).isBetween((long) (fair * 0.9), (long) (fair * 1.1));
            }
            assertThat(overloaded).as("size %d: sets whose busiest member holds more than twice its share", size)
                    .isLessThan(sets / 20);
        }
    }
}
