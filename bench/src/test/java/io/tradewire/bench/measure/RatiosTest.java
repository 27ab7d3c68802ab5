package io.tradewire.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RatiosTest {

    @Test
    @DisplayName("a ratio is ours ÷ theirs, undefined when theirs is zero or unknown")
    void ratio() {
        assertThat(Ratios.ratio(200_000, 100_000)).isEqualTo(2.0);
        assertThat(Ratios.ratio(1, 0)).isNaN();
        assertThat(Ratios.ratio(Double.NaN, 1)).isNaN();
        assertThat(Ratios.rounded(2.0 / 3)).isEqualTo(0.67);
        assertThat(Ratios.rounded(Double.NaN)).isNull();
        assertThat(Ratios.times(1.5)).isEqualTo("1.50×");
        assertThat(Ratios.times(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    @DisplayName("rates are counts over the window; CPU per message is undefined without messages")
    void perSecondAndPerMessage() {
        assertThat(Ratios.perSecond(500, 2_000_000_000L)).isEqualTo(250.0);
        assertThat(Ratios.perSecond(500, 0)).isZero();
        assertThat(Ratios.microsPerMessage(1_000_000, 200_000)).isEqualTo(5.0);
        assertThat(Ratios.microsPerMessage(1_000_000, 0)).isNaN();
        assertThat(Ratios.microsPerMessage(-1, 10)).isNaN();
    }
}
