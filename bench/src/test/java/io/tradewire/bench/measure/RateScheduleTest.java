package io.tradewire.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateScheduleTest {
    static final long MS = 1_000_000L;

    @Test
    @DisplayName("the first event is due at the start, then one every 1/rate seconds")
    void steady() {
        RateSchedule schedule = new RateSchedule(100, 1, 0);
        assertThat(schedule.take(0)).isEqualTo(1);
        assertThat(schedule.take(5 * MS)).isZero();
        assertThat(schedule.take(10 * MS)).isEqualTo(1);
        assertThat(schedule.take(19 * MS)).isZero();
        assertThat(schedule.take(20 * MS)).isEqualTo(1);
    }

    @Test
    @DisplayName("a late timer catches up, and no more than rate × duration events are ever due")
    void catchUpAndTotal() {
        RateSchedule schedule = new RateSchedule(1_000, 2, 0);
        assertThat(schedule.take(100 * MS)).isEqualTo(101);
        assertThat(schedule.done()).isFalse();
        assertThat(schedule.take(10_000 * MS)).isEqualTo(2_000 - 101);
        assertThat(schedule.done()).isTrue();
        assertThat(schedule.sent()).isEqualTo(schedule.total()).isEqualTo(2_000);
        assertThat(schedule.take(20_000 * MS)).isZero();
    }

    @Test
    @DisplayName("the lag is how long the oldest event of a batch waited past its scheduled instant")
    void lag() {
        RateSchedule schedule = new RateSchedule(1_000, 1, 0);
        schedule.take(0);
        assertThat(schedule.maxLagNanos()).isZero();
        assertThat(schedule.scheduledNanos(1)).isEqualTo(MS);
        schedule.take(100 * MS);
        assertThat(schedule.maxLagNanos()).isEqualTo(99 * MS);
        schedule.take(101 * MS);
        assertThat(schedule.maxLagNanos()).as("the largest lag is kept").isEqualTo(99 * MS);
    }

    @Test
    @DisplayName("a clock reading before the start counts as the start")
    void beforeStart() {
        RateSchedule schedule = new RateSchedule(10, 1, 1_000 * MS);
        assertThat(schedule.take(0)).isEqualTo(1);
    }

    @Test
    @DisplayName("rate and duration must be positive")
    void invalid() {
        assertThatThrownBy(() -> new RateSchedule(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSchedule(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSchedule(Double.NaN, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
