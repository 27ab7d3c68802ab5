package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutputGateTest {
    private final List<String> released = new ArrayList<>();
    private final OutputGate<String> gate = new OutputGate<>(10, released::add);

    @Test
    @DisplayName("Items whose records are durable leave at once while nothing is held")
    void durableLeavesAtOnce() {
        gate.offer(10, "query");
        gate.offer(5, "older");
        assertThat(released).containsExactly("query", "older");
        assertThat(gate.held()).isZero();
    }

    @Test
    @DisplayName("Items wait for their sequence and leave in order, including ones that needed nothing new")
    void inOrder() {
        gate.offer(11, "a");
        gate.offer(11, "query after a");
        gate.offer(12, "b");
        gate.offer(13, "c");
        assertThat(released).isEmpty();

        gate.durable(12);
        assertThat(released).containsExactly("a", "query after a", "b");
        gate.durable(11); // a late, smaller report changes nothing
        assertThat(gate.durableSequence()).isEqualTo(12);
        gate.offer(12, "query after b"); // behind c, although durable
        assertThat(released).hasSize(3);
        gate.durable(13);
        assertThat(released).containsExactly("a", "query after a", "b", "c", "query after b");
    }

    @Test
    @DisplayName("Drain hands back what never became durable, in order")
    void drain() {
        gate.offer(11, "a");
        gate.offer(12, "b");
        assertThat(gate.drain()).containsExactly("a", "b");
        assertThat(gate.held()).isZero();
        assertThat(released).isEmpty();
    }
}
