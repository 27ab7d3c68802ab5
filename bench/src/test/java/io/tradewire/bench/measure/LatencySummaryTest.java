package io.tradewire.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    @DisplayName("percentiles of 1..10,000 µs are within the histogram's 0.1% resolution")
    void percentiles() {
        Histogram histogram = LatencySummary.newHistogram();
        for (int i = 1; i <= 10_000; i++) {
            histogram.recordValue(i);
        }
        LatencySummary summary = LatencySummary.of(histogram);
        assertThat(summary.count()).isEqualTo(10_000);
        assertThat((double) summary.p50Micros()).isCloseTo(5_000, within(5.0));
        assertThat((double) summary.p99Micros()).isCloseTo(9_900, within(10.0));
        assertThat((double) summary.p999Micros()).isCloseTo(9_990, within(10.0));
        assertThat((double) summary.maxMicros()).isCloseTo(10_000, within(10.0));
        assertThat(summary.meanMicros()).isCloseTo(5_000.5, within(5.0));
    }

    @Test
    @DisplayName("an empty histogram gives zeros, not an exception")
    void empty() {
        assertThat(LatencySummary.of(LatencySummary.newHistogram())).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    @DisplayName("negative latencies (a clock step) and huge ones are clamped into the recorded range")
    void clamp() {
        assertThat(LatencySummary.clamp(-5)).isEqualTo(1);
        assertThat(LatencySummary.clamp(42)).isEqualTo(42);
        assertThat(LatencySummary.clamp(Long.MAX_VALUE)).isEqualTo(LatencySummary.HIGHEST_MICROS);
    }

    @Test
    @DisplayName("the JSON form reads back to the same summary")
    void json() {
        LatencySummary summary = new LatencySummary(10, 100, 990, 999, 1_000, 500.5);
        assertThat(LatencySummary.fromJson(summary.toJson())).isEqualTo(summary);
        assertThat(LatencySummary.fromJson(null)).isEqualTo(LatencySummary.EMPTY);
        assertThat(LatencySummary.millis(1_234)).isEqualTo("1.23");
    }
}
