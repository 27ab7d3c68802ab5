package io.tradewire.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrdersCpuTest {
    @Test
    @DisplayName("Server CPU per order: cores over sustained orders per second, in µs; nothing when nothing was sustained")
    void cpuPerOrder() {
        assertThat(OrdersBench.cpuMicrosPerOrder(1.10, 8_859L)).isEqualTo(124.2);
        assertThat(OrdersBench.cpuMicrosPerOrder(0.5, 2_000L)).isEqualTo(250.0);
        assertThat(OrdersBench.cpuMicrosPerOrder(1.0, 0L)).isNull();
        assertThat(OrdersBench.cpuMicrosPerOrder(1.0, null)).isNull();
        assertThat(OrdersBench.cpuMicrosPerOrder(Double.NaN, 100L)).isNull();
    }
}
