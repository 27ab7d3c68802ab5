package io.tradewire.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    @DisplayName("paired figures give one ratio per pair, in order; the median is the middle one (the upper of an even count)")
    void pairwiseAndMedian() {
        double[] ratios = Ratios.pairwise(new double[] {100, 300, 50, 80}, new double[] {200, 100, 50, 0});
        assertThat(ratios).hasSize(4);
        assertThat(ratios[0]).isEqualTo(0.5);
        assertThat(ratios[1]).isEqualTo(3.0);
        assertThat(ratios[2]).isEqualTo(1.0);
        assertThat(ratios[3]).isNaN();
        assertThat(Ratios.median(new double[] {3.0, 0.5, 1.0})).isEqualTo(1.0);
        assertThat(Ratios.median(new double[] {0.4, 0.9, 0.5, 0.7})).isEqualTo(0.7);
        assertThat(Ratios.median(new double[0])).isNaN();
        assertThatThrownBy(() -> Ratios.pairwise(new double[2], new double[3])).isInstanceOf(IllegalArgumentException.class);
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
