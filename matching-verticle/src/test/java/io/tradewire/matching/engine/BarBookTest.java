package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.BarInterval;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BarBookTest {
    private final List<Event> events = new ArrayList<>();
    private final BarBook aapl = new BarBook(new Contract(TestInstruments.AAPL)); // tick 0.01, lot 1

    private static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    /** One fill; returns the bar it published for the interval. */
    private BarUpdated fill(BarBook bars, long priceTicks, long lots, String time, BarInterval interval) {
        events.clear();
        bars.onFill(priceTicks, lots, at(time), events::add);
        assertThat(events).hasSize(BarInterval.values().length);
        return (BarUpdated) events.get(interval.ordinal());
    }

    private static void assertBar(BarUpdated bar, String open, String high, String low, String close, String volume, int trades) {
        assertThat(bar).extracting(BarUpdated::open, BarUpdated::high, BarUpdated::low, BarUpdated::close, BarUpdated::volume,
                BarUpdated::trades).containsExactly(new BigDecimal(open), new BigDecimal(high), new BigDecimal(low),
                new BigDecimal(close), new BigDecimal(volume), trades);
    }

    private static void assertSpan(BarUpdated bar, String openTime, String closeTime) {
        assertThat(Instant.ofEpochMilli(bar.openTime())).isEqualTo(openTime);
        assertThat(Instant.ofEpochMilli(bar.closeTime())).isEqualTo(closeTime);
    }

    @Test
    @DisplayName("Each fill publishes one bar per interval, 1m first and 1M last, stamped with the fill's time")
    void oneBarPerInterval() {
        fill(aapl, 19000, 2, "2024-03-11T09:30:10Z", BarInterval.M1);

        assertThat(events).extracting(e -> ((BarUpdated) e).interval())
                .containsExactly("1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w", "1M");
        assertThat(events).allSatisfy(e -> {
            BarUpdated bar = (BarUpdated) e;
            assertThat(bar.instrument()).isEqualTo("AAPL");
            assertThat(bar.timestamp()).isEqualTo(at("2024-03-11T09:30:10Z"));
            assertBar(bar, "190.00", "190.00", "190.00", "190.00", "2", 1);
        });
        assertSpan((BarUpdated) events.get(BarInterval.H4.ordinal()), "2024-03-11T08:00:00Z", "2024-03-11T12:00:00Z");
        assertSpan((BarUpdated) events.get(BarInterval.W1.ordinal()), "2024-03-11T00:00:00Z", "2024-03-18T00:00:00Z");
        assertSpan((BarUpdated) events.get(BarInterval.MN1.ordinal()), "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
    }

    @Test
    @DisplayName("Within a bucket: open is the first price, high and low the extremes, close the last, volume and trades add up")
    void ohlcvWithinABucket() {
        fill(aapl, 19000, 2, "2024-03-11T09:30:10Z", BarInterval.M1);
        fill(aapl, 19050, 1, "2024-03-11T09:30:15Z", BarInterval.M1);
        fill(aapl, 18990, 3, "2024-03-11T09:30:30Z", BarInterval.M1);
        BarUpdated bar = fill(aapl, 19010, 4, "2024-03-11T09:30:59.999Z", BarInterval.M1);

        assertBar(bar, "190.00", "190.50", "189.90", "190.10", "10", 4);
        assertSpan(bar, "2024-03-11T09:30:00Z", "2024-03-11T09:31:00Z");
        assertThat(bar.open()).hasToString("190.00"); // the tick's scale, not 190 or 190.0
    }

    @Test
    @DisplayName("A fill in a later bucket rolls the bar over: the new bar opens at its price; longer bars carry on")
    void rollOver() {
        fill(aapl, 19000, 2, "2024-03-11T09:30:10Z", BarInterval.M1);
        fill(aapl, 18990, 3, "2024-03-11T09:30:30Z", BarInterval.M1);

        BarUpdated minute = fill(aapl, 19100, 1, "2024-03-11T09:31:00Z", BarInterval.M1);
        assertBar(minute, "191.00", "191.00", "191.00", "191.00", "1", 1);
        assertSpan(minute, "2024-03-11T09:31:00Z", "2024-03-11T09:32:00Z");
        BarUpdated fiveMinutes = (BarUpdated) events.get(BarInterval.M5.ordinal());
        assertBar(fiveMinutes, "190.00", "191.00", "189.90", "191.00", "6", 3);

        BarUpdated nextFive = fill(aapl, 18800, 5, "2024-03-11T09:35:00Z", BarInterval.M5);
        assertBar(nextFive, "188.00", "188.00", "188.00", "188.00", "5", 1);
        assertBar((BarUpdated) events.get(BarInterval.H1.ordinal()), "190.00", "191.00", "188.00", "188.00", "11", 4);

        // A whole bucket without trades leaves no bar behind: the next fill opens the bar of its own bucket.
        BarUpdated later = fill(aapl, 18700, 1, "2024-03-11T11:02:00Z", BarInterval.H1);
        assertSpan(later, "2024-03-11T11:00:00Z", "2024-03-11T12:00:00Z");
        assertBar(later, "187.00", "187.00", "187.00", "187.00", "1", 1);
        assertBar((BarUpdated) events.get(BarInterval.D1.ordinal()), "190.00", "191.00", "187.00", "187.00", "12", 5);
    }

    @Test
    @DisplayName("A fill stamped before the current bucket (the clock stepped back) counts in the current bar")
    void clockSteppingBack() {
        fill(aapl, 19000, 2, "2024-03-11T09:31:05Z", BarInterval.M1);

        BarUpdated bar = fill(aapl, 19020, 1, "2024-03-11T09:30:59Z", BarInterval.M1);

        assertSpan(bar, "2024-03-11T09:31:00Z", "2024-03-11T09:32:00Z");
        assertBar(bar, "190.00", "190.20", "190.00", "190.20", "3", 2);
    }

    @Test
    @DisplayName("Volumes keep the lot's scale and prices the tick's (BTCUSDT: lot 0.001, tick 0.01)")
    void scales() {
        BarBook btc = new BarBook(new Contract(TestInstruments.BTCUSDT));
        fill(btc, 6_000_000, 5, "2024-03-11T09:30:10Z", BarInterval.M1);
        BarUpdated bar = fill(btc, 6_000_150, 1250, "2024-03-11T09:30:11Z", BarInterval.M1);

        assertThat(bar.volume()).hasToString("1.255");
        assertThat(bar.high()).hasToString("60001.50");
        assertThat(bar.open()).hasToString("60000.00");
    }

    @Test
    @DisplayName("Before the first fill of the current bucket the bar is flat at the last price with volume 0")
    void flatBars() {
        BarUpdated never = aapl.current(BarInterval.M1, at("2024-03-11T09:30:10Z"), 19000);
        assertBar(never, "190.00", "190.00", "190.00", "190.00", "0", 0);
        assertSpan(never, "2024-03-11T09:30:00Z", "2024-03-11T09:31:00Z");
        assertThat(never.timestamp()).isEqualTo(at("2024-03-11T09:30:10Z"));

        fill(aapl, 19100, 2, "2024-03-11T09:30:20Z", BarInterval.M1);
        assertBar(aapl.current(BarInterval.M1, at("2024-03-11T09:30:50Z"), 19100), "191.00", "191.00", "191.00", "191.00", "2", 1);
        BarUpdated nextMinute = aapl.current(BarInterval.M1, at("2024-03-11T09:31:00Z"), 19100);
        assertBar(nextMinute, "191.00", "191.00", "191.00", "191.00", "0", 0);
        assertSpan(nextMinute, "2024-03-11T09:31:00Z", "2024-03-11T09:32:00Z");
        // The longer bucket still holds the fill.
        assertBar(aapl.current(BarInterval.H1, at("2024-03-11T09:31:00Z"), 19100), "191.00", "191.00", "191.00", "191.00", "2", 1);
    }
}
