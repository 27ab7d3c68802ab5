package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.StreamPartitions;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.Event;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacingTest {
    private static final String BAR_1M = "market.AAPL.bar.1m";
    private static final String BAR_1H = "market.AAPL.bar.1h";

    private final List<String> sent = new ArrayList<>();
    private final List<Event> sentEvents = new ArrayList<>();
    private final Pacing.Release release = (stream, event) -> {
        sent.add(stream);
        sentEvents.add(event);
    };

    private static BarUpdated bar(String interval, long openTime, String close) {
        BigDecimal price = new BigDecimal(close);
        return new BarUpdated("AAPL", interval, openTime, openTime + 60_000, price, price, price, price, BigDecimal.ONE, 1, openTime);
    }

    private static Pacing barsEverySecond() {
        return new Pacing(Map.of("bar", Duration.ofSeconds(1), "book", Duration.ZERO));
    }

    @Test
    @DisplayName("A paced stream's messages wait for the tick, the latest replacing the earlier; other streams go at once")
    void latestWinsUntilTheTick() {
        Pacing pacing = barsEverySecond();
        assertThat(pacing.hold(BAR_1M, bar("1m", 0, "10"), release)).isTrue();
        assertThat(pacing.hold(BAR_1H, bar("1h", 0, "10"), release)).isTrue();
        assertThat(pacing.hold(BAR_1M, bar("1m", 0, "11"), release)).isTrue();
        assertThat(pacing.hold("market.AAPL.book", bar("1m", 0, "1"), release)).isFalse(); // book: interval 0
        assertThat(pacing.hold("market.AAPL.trades", bar("1m", 0, "1"), release)).isFalse();
        assertThat(pacing.hold("user.u1.account", bar("1m", 0, "1"), release)).isFalse();
        assertThat(sent).isEmpty();
        assertThat(pacing.heldCount()).isEqualTo(2);
        pacing.flush("bar", release);
        assertThat(sent).containsExactly(BAR_1M, BAR_1H);
        assertThat(((BarUpdated) sentEvents.get(0)).close()).isEqualByComparingTo("11");
        assertThat(pacing.heldCount()).isZero();
        pacing.flush("bar", release); // nothing new: nothing sent again
        assertThat(sent).hasSize(2);
    }

    @Test
    @DisplayName("A bar of a new period first sends the held bar of the period it closes, so every period's final figures go out")
    void closedPeriodGoesOut() {
        Pacing pacing = barsEverySecond();
        pacing.hold(BAR_1M, bar("1m", 0, "10"), release);
        pacing.hold(BAR_1M, bar("1m", 0, "12"), release);
        pacing.hold(BAR_1M, bar("1m", 60_000, "13"), release);
        assertThat(sentEvents).singleElement().satisfies(event -> {
            assertThat(((BarUpdated) event).openTime()).isZero();
            assertThat(((BarUpdated) event).close()).isEqualByComparingTo("12");
        });
        pacing.flush("bar", release);
        assertThat(sentEvents).hasSize(2);
        assertThat(((BarUpdated) sentEvents.get(1)).openTime()).isEqualTo(60_000);
    }

    @Test
    @DisplayName("Held messages of partitions this notifier no longer owns are forgotten")
    void dropsLostPartitions() {
        Pacing pacing = barsEverySecond();
        String other = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> "market.S" + i + ".bar.1m")
                .filter(stream -> StreamPartitions.of(stream) != StreamPartitions.of(BAR_1M)).findFirst().orElseThrow();
        pacing.hold(BAR_1M, bar("1m", 0, "10"), release);
        pacing.hold(other, bar("1m", 0, "10"), release);
        BitSet lost = new BitSet();
        lost.set(StreamPartitions.of(BAR_1M));
        pacing.drop(lost);
        pacing.flush("bar", release);
        assertThat(sent).containsExactly(other);
    }

    @Test
    @DisplayName("Nothing paced at all: every stream goes at once; only market state kinds can be paced")
    void configuration() {
        Pacing none = new Pacing(Map.of("bar", Duration.ZERO));
        assertThat(none.intervals()).isEmpty();
        assertThat(none.hold(BAR_1M, bar("1m", 0, "10"), release)).isFalse();
        assertThat(new Pacing(Map.of("ticker", Duration.ofMillis(100))).intervals()).containsExactly(Map.entry("ticker", 100L));
        assertThatThrownBy(() -> new Pacing(Map.of("trades", Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Pacing.kindOf("market.AAPL.bar.1m")).isEqualTo("bar");
        assertThat(Pacing.kindOf("market.US.summary")).isEqualTo("summary");
        assertThat(Pacing.kindOf("user.u1.account")).isNull();
        assertThat(Pacing.kindOf("market.AAPL")).isNull();
    }
}
