package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EpochsTest {
    @Test
    @DisplayName("Epochs only go up, even when the clock stands still or steps back")
    void monotonic() {
        long[] now = {1_000};
        Epochs epochs = new Epochs("node-a", () -> now[0]);
        long first = epochs.next();
        long second = epochs.next();
        now[0] = 500;
        long third = epochs.next();
        now[0] = 5_000;
        long fourth = epochs.next();
        assertThat(new long[] {first, second, third, fourth}).isSorted().doesNotHaveDuplicates();
        assertThat(fourth / Epochs.NODES).isEqualTo(5_000);
        assertThat(epochs.last()).isEqualTo(fourth);
    }

    @Test
    @DisplayName("Two nodes gaining in the same millisecond choose different epochs (node ids whose numbers differ)")
    void nodesDiffer() {
        Epochs a = new Epochs("node-a", () -> 1_000);
        Epochs b = new Epochs("node-b", () -> 1_000);
        assertThat(Math.floorMod(Ownership.hash("node-a"), (long) Epochs.NODES))
                .isNotEqualTo(Math.floorMod(Ownership.hash("node-b"), (long) Epochs.NODES));
        assertThat(a.next()).isNotEqualTo(b.next());
    }

    @Test
    @DisplayName("Epochs stay exact in a JavaScript number (below 2^53) for the next two centuries")
    void fitsJavaScript() {
        long year2200 = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
        Epochs epochs = new Epochs("node-a", () -> year2200);
        assertThat(epochs.next()).isLessThan(1L << 53);
    }
}
