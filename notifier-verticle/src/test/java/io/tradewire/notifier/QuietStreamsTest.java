package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.StreamPartitions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuietStreamsTest {
    private final QuietStreams streams = new QuietStreams();
    private final Sequencer sequencer = new Sequencer(1);

    private void touched(String stream) {
        streams.touched(sequencer.slot(stream));
    }

    private List<String> tick() {
        List<String> quiet = new ArrayList<>();
        streams.tick(quiet::add);
        return quiet;
    }

    @Test
    @DisplayName("A stream's head comes once, after the interval in which it went quiet; a busy stream gets none")
    void headsAfterTheLastMessage() {
        touched("a");
        touched("b");
        assertThat(tick()).isEmpty(); // interval 1: both had messages
        touched("b");
        assertThat(tick()).containsExactly("a"); // interval 2: a went quiet, b still busy
        touched("b");
        assertThat(tick()).isEmpty(); // b busy again
        assertThat(tick()).containsExactly("b"); // b went quiet
        assertThat(tick()).isEmpty(); // nothing since: no more heads
        touched("a");
        assertThat(tick()).isEmpty();
        assertThat(tick()).containsExactly("a");
    }

    @Test
    @DisplayName("Streams of dropped partitions get no head")
    void dropsPartitions() {
        String kept = "user.u1.orders";
        String dropped = IntStream.range(0, 1_000).mapToObj(i -> "user.x" + i + ".orders")
                .filter(s -> StreamPartitions.of(s) != StreamPartitions.of(kept)).findFirst().orElseThrow();
        touched(kept);
        touched(dropped);
        tick();
        BitSet partitions = new BitSet();
        partitions.set(StreamPartitions.of(dropped));
        streams.drop(partitions);
        assertThat(tick()).containsExactly(kept);
    }

    @Test
    @DisplayName("Touching through a stream's slot counts it once per interval, and again after a drop")
    void touchesThroughTheSlot() {
        Sequencer.Slot a = sequencer.slot("user.u1.orders");
        streams.touched(a);
        streams.touched(a);
        assertThat(tick()).isEmpty();
        assertThat(tick()).containsExactly("user.u1.orders"); // quiet in the second interval
        streams.touched(a);
        streams.drop(new BitSet()); // nothing dropped, but the slot must count again
        streams.touched(a);
        assertThat(tick()).isEmpty();
        streams.touched(a);
        BitSet partitions = new BitSet();
        partitions.set(StreamPartitions.of("user.u1.orders"));
        streams.drop(partitions); // forgotten in this interval...
        streams.touched(a); // ...and counted again when it has a message after that
        assertThat(tick()).isEmpty();
        assertThat(tick()).containsExactly("user.u1.orders");
    }
}
