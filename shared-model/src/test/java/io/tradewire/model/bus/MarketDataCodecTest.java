package io.tradewire.model.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Side;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.SummaryItem;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MarketDataCodecTest {
    private static final BarUpdated BAR = new BarUpdated("AAPL", "1M", 1_706_745_600_000L, 1_709_251_200_000L,
            new BigDecimal("190.00"), new BigDecimal("191.50"), new BigDecimal("189.90"), new BigDecimal("191.00"),
            new BigDecimal("0.010"), 3, 1_707_000_000_123L);
    private static final MarketSummary SUMMARY = new MarketSummary("US", List.of(new SummaryItem("AAPL", "stock",
            new BigDecimal("191.00"), new BigDecimal("190.00"), new BigDecimal("1.00"), new BigDecimal("0.5263"),
            new BigDecimal("12"), new BigDecimal("191.50"), new BigDecimal("189.90"))), 1_707_000_000_456L);

    private static <T> T roundTrip(Class<T> type, T value) {
        RecordCodec<T> codec = new RecordCodec<>(type);
        Buffer buffer = Buffer.buffer();
        codec.encodeToWire(buffer, value);
        return codec.decodeFromWire(0, buffer);
    }

    @Test
    @DisplayName("Bars and summaries cross the wire inside pushes and snapshots with exact decimals, scale included")
    void eventsSurviveTheWire() {
        Push bar = new Push("market.AAPL.bar.1M", 2, 5, BAR);
        assertThat(roundTrip(Push.class, bar)).isEqualTo(bar);
        Push summary = new Push("market.US.summary", 2, 6, SUMMARY);
        assertThat(roundTrip(Push.class, summary)).isEqualTo(summary);
        Snapshot snapshot = new Snapshot("market.AAPL.bar.1M", 2, 5, List.of(BAR));
        assertThat(roundTrip(Snapshot.class, snapshot)).isEqualTo(snapshot);
        assertThat(roundTrip(MarketSummary.class, SUMMARY).items().get(0).changePercent()).hasToString("0.5263");
    }

    @Test
    @DisplayName("A ticker crosses the wire with its 24-hour volume and best bid / ask, and without them (a broker's print)")
    void tickerSurvivesTheWire() {
        Push full = new Push("market.AAPL.ticker", 2, 7, new Tick("T1", "AAPL", new BigDecimal("191.00"), new BigDecimal("3"),
                Side.SELL, 1_707_000_000_789L, new BigDecimal("1200.50"), new BigDecimal("190.99"), new BigDecimal("191.01")));
        assertThat(roundTrip(Push.class, full)).isEqualTo(full);
        Push bare = new Push("market.BTCUSDT.ticker", 2, 8, new Tick("bybit-1", "BTCUSDT", new BigDecimal("30000.5"),
                BigDecimal.ZERO, Side.BUY, 1_707_000_000_790L));
        Push decoded = roundTrip(Push.class, bare);
        assertThat(decoded).isEqualTo(bare);
        assertThat(((Tick) decoded.event()).volume24h()).isNull();
    }

    @Test
    @DisplayName("The new queries and events are registered bus records")
    void registered() {
        assertThat(BusCodecs.RECORDS).contains(QueryBar.class, QuerySummary.class, BarUpdated.class, MarketSummary.class);
        assertThat(roundTrip(QueryBar.class, new QueryBar("AAPL", "1m"))).isEqualTo(new QueryBar("AAPL", "1m"));
        assertThat(roundTrip(QuerySummary.class, new QuerySummary("US"))).isEqualTo(new QuerySummary("US"));
    }
}
