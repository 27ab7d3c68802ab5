package io.tradewire.gateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The "only when changed" scheduling, on a hand-driven clock. */
class PushScheduleTest {
    private final Map<TradingType, String> data = new EnumMap<>(TradingType.class);
    private PushSchedule schedule;

    @BeforeEach
    void setUp() {
        Map<TradingType, Duration> intervals = new EnumMap<>(TradingType.class);
        intervals.put(TradingType.BALANCE, Duration.ofSeconds(10));
        intervals.put(TradingType.POSITIONS, Duration.ofSeconds(5));
        intervals.put(TradingType.PNL, Duration.ofSeconds(5));
        intervals.put(TradingType.ORDERS, Duration.ofSeconds(15));
        schedule = new PushSchedule(intervals);
    }

    private List<PushSchedule.Due> at(long now) {
        return schedule.due(now, data::get);
    }

    @Test
    @DisplayName("The first push goes out at once, then unchanged data is not sent again")
    void firstAtOnceThenOnlyChanges() {
        data.put(TradingType.BALANCE, "{\"total_balance\":100}");
        schedule.subscribe(TradingType.BALANCE);
        assertThat(at(1_000)).containsExactly(due(TradingType.BALANCE, "{\"total_balance\":100}"));
        assertThat(at(1_250)).isEmpty();
        assertThat(at(11_000)).as("interval passed, nothing changed").isEmpty();
        assertThat(at(21_000)).isEmpty();
    }

    @Test
    @DisplayName("A change is sent at the next interval check, not before")
    void changeWaitsForItsInterval() {
        data.put(TradingType.BALANCE, "a");
        schedule.subscribe(TradingType.BALANCE);
        assertThat(at(0)).hasSize(1);
        data.put(TradingType.BALANCE, "b");
        assertThat(at(5_000)).as("changed, but the balance interval is 10 s").isEmpty();
        assertThat(at(9_999)).isEmpty();
        assertThat(at(10_000)).containsExactly(due(TradingType.BALANCE, "b"));
        assertThat(at(20_000)).isEmpty();
        data.put(TradingType.BALANCE, "a");
        assertThat(at(30_000)).as("back to an earlier value is still a change").containsExactly(
                due(TradingType.BALANCE, "a"));
    }

    @Test
    @DisplayName("An unchanged check restarts the interval: a later change waits for the next one")
    void uncheckedChangeWaitsForNextCheck() {
        data.put(TradingType.ORDERS, "[]");
        schedule.subscribe(TradingType.ORDERS);
        assertThat(at(0)).hasSize(1);
        assertThat(at(15_000)).isEmpty();
        data.put(TradingType.ORDERS, "[1]");
        assertThat(at(16_000)).isEmpty();
        assertThat(at(30_000)).containsExactly(due(TradingType.ORDERS, "[1]"));
    }

    @Test
    @DisplayName("While the data is incomplete (snapshot on its way) nothing is sent; it goes out as soon as it is complete")
    void waitsForCompleteData() {
        schedule.subscribe(TradingType.POSITIONS);
        assertThat(at(0)).isEmpty();
        assertThat(at(250)).isEmpty();
        data.put(TradingType.POSITIONS, "[]");
        assertThat(at(500)).as("an empty list is data too").containsExactly(due(TradingType.POSITIONS, "[]"));
    }

    @Test
    @DisplayName("Each type keeps its own interval and its own last value; subscribing again sends at once")
    void typesAreIndependent() {
        for (TradingType type : TradingType.values()) {
            data.put(type, type.name());
            schedule.subscribe(type);
        }
        assertThat(at(0)).extracting(PushSchedule.Due::type).containsExactly(TradingType.values());
        data.put(TradingType.PNL, "pnl changed");
        data.put(TradingType.BALANCE, "balance changed");
        assertThat(at(5_000)).containsExactly(due(TradingType.PNL, "pnl changed"));
        assertThat(at(10_000)).containsExactly(due(TradingType.BALANCE, "balance changed"));
        schedule.subscribe(TradingType.ORDERS);
        assertThat(at(10_001)).as("a new subscription repeats the current data")
                .containsExactly(due(TradingType.ORDERS, "ORDERS"));
        schedule.unsubscribe(TradingType.ORDERS);
        data.put(TradingType.ORDERS, "changed");
        assertThat(at(60_000)).extracting(PushSchedule.Due::type).doesNotContain(TradingType.ORDERS);
    }

    private static PushSchedule.Due due(TradingType type, String data) {
        return new PushSchedule.Due(type, data, RecoveryOffset.hash(data));
    }
}
