package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.SummaryItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bars and region summaries as the venue answers and publishes them. */
class VenueMarketDataTest {
    private static final Instrument IX2301 = region(TestInstruments.IX2301, "CN");
    private static final Instrument IF2301 = region(TestInstruments.instrument("IF2301", InstrumentKind.FUTURES, "venue", "0.1", "1",
            "300", "0.12", "120"), "CN");
    private static final Instrument ES = region(TestInstruments.ES, "CME"); // routed to a broker: not this venue's region

    private final AtomicLong clock = new AtomicLong(at("2024-03-11T09:30:00Z"));
    private final Venue venue = new Venue("tradewire",
            new InstrumentDirectory(List.of(IX2301, TestInstruments.AAPL, IF2301, TestInstruments.BTCUSDT, ES)),
            new VenueSettings(true, new BigDecimal("10000000"), "USD", 10), clock::get);

    private static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    private static Instrument region(Instrument i, String region) {
        return new Instrument(i.symbol(), i.kind(), i.route(), i.tickSize(), i.lotSize(), i.multiplier(), i.marginRate(),
                i.currency(), i.referencePrice(), region);
    }

    /** user001 buys and user002 sells the same quantity at one price: one fill at that price. */
    private void trade(String instrument, String price, String quantity) {
        venue.submit(new SubmitOrder("user001", null, instrument, Side.BUY, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal(price), new BigDecimal(quantity), OrderSource.API), event -> { });
        venue.submit(new SubmitOrder("user002", null, instrument, Side.SELL, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal(price), new BigDecimal(quantity), OrderSource.API), event -> { });
        venue.validateInternalState();
    }

    private SummaryItem item(String region, String symbol) {
        return ((MarketSummary) venue.handle(new QuerySummary(region), event -> { })).items().stream()
                .filter(item -> item.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static void assertItem(SummaryItem item, String last, String open, String change, String changePercent, String volume,
            String high, String low) {
        assertThat(item).extracting(SummaryItem::last, SummaryItem::open, SummaryItem::change, SummaryItem::changePercent,
                SummaryItem::volume, SummaryItem::high, SummaryItem::low).containsExactly(new BigDecimal(last), new BigDecimal(open),
                new BigDecimal(change), new BigDecimal(changePercent), new BigDecimal(volume), new BigDecimal(high), new BigDecimal(low));
    }

    private void rejected(ErrorCode code, String messagePart, Object command) {
        assertThatThrownBy(() -> venue.handle((io.tradewire.model.command.Command) command, event -> { }))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }

    @Test
    @DisplayName("QueryBar before any trade: a flat bar at the reference price, volume 0, in the bucket of the venue's clock")
    void flatBarBeforeAnyTrade() {
        clock.set(at("2024-03-11T09:47:12Z"));

        BarUpdated bar = (BarUpdated) venue.handle(new QueryBar("AAPL", "15m"), event -> { });

        assertThat(bar).isEqualTo(new BarUpdated("AAPL", "15m", at("2024-03-11T09:45:00Z"), at("2024-03-11T10:00:00Z"),
                new BigDecimal("190.00"), new BigDecimal("190.00"), new BigDecimal("190.00"), new BigDecimal("190.00"),
                new BigDecimal("0"), 0, at("2024-03-11T09:47:12Z")));
    }

    @Test
    @DisplayName("QueryBar answers the current bar; once its bucket is over, a flat bar at the last trade price")
    void currentBarThenFlat() {
        trade("IX2301", "121.5", "2");
        clock.set(at("2024-03-11T09:30:40Z"));
        trade("IX2301", "121.0", "3");

        BarUpdated minute = venue.bar("IX2301", "1m");
        assertThat(minute).extracting(BarUpdated::openTime, BarUpdated::open, BarUpdated::high, BarUpdated::low, BarUpdated::close,
                BarUpdated::volume, BarUpdated::trades).containsExactly(at("2024-03-11T09:30:00Z"), new BigDecimal("121.5"),
                new BigDecimal("121.5"), new BigDecimal("121.0"), new BigDecimal("121.0"), new BigDecimal("5"), 2);

        clock.set(at("2024-03-11T09:31:00Z"));
        BarUpdated next = venue.bar("IX2301", "1m");
        assertThat(next).extracting(BarUpdated::openTime, BarUpdated::open, BarUpdated::close, BarUpdated::volume, BarUpdated::trades)
                .containsExactly(at("2024-03-11T09:31:00Z"), new BigDecimal("121.0"), new BigDecimal("121.0"), new BigDecimal("0"), 0);
        assertThat(venue.bar("IX2301", "1M").volume()).hasToString("5");
    }

    @Test
    @DisplayName("Unknown instruments, intervals and regions are refused with a message naming what was wrong")
    void refusals() {
        rejected(ErrorCode.UNKNOWN_INSTRUMENT, "Unknown instrument: MSFT", new QueryBar("MSFT", "1m"));
        rejected(ErrorCode.UNKNOWN_INSTRUMENT, "Unknown instrument: ESZ5", new QueryBar("ESZ5", "1m")); // a broker's
        rejected(ErrorCode.MALFORMED, "unknown bar interval 1H, expected one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M",
                new QueryBar("AAPL", "1H"));
        rejected(ErrorCode.MALFORMED, "unknown bar interval (none)", new QueryBar("AAPL", null));
        rejected(ErrorCode.UNKNOWN_INSTRUMENT, "Unknown region: EU", new QuerySummary("EU"));
        rejected(ErrorCode.UNKNOWN_INSTRUMENT, "Unknown region: CME", new QuerySummary("CME"));
        rejected(ErrorCode.MALFORMED, "invalid region", new QuerySummary("U.S"));
        rejected(ErrorCode.MALFORMED, "invalid region", new QuerySummary(null));
    }

    @Test
    @DisplayName("Before any trade a summary item is flat at the reference price: change 0, volume 0")
    void summaryBeforeAnyTrade() {
        assertItem(item("US", "AAPL"), "190.00", "190.00", "0.00", "0.0000", "0", "190.00", "190.00");
        assertItem(item("US", "BTCUSDT"), "60000.00", "60000.00", "0.00", "0.0000", "0.000", "60000.00", "60000.00");
    }

    @Test
    @DisplayName("change = last - day open and changePercent = change / open × 100 at scale 4, up and down")
    void summaryNumbers() {
        trade("AAPL", "190.00", "10");
        clock.set(at("2024-03-11T15:00:00Z"));
        trade("AAPL", "192.53", "5");

        SummaryItem up = item("US", "AAPL");
        assertThat(up.kind()).isEqualTo("stock");
        assertItem(up, "192.53", "190.00", "2.53", "1.3316", "15", "192.53", "190.00"); // 2.53 / 190 = 1.331578…%

        trade("AAPL", "187.47", "1");
        assertItem(item("US", "AAPL"), "187.47", "190.00", "-2.53", "-1.3316", "16", "192.53", "187.47");

        trade("IX2301", "119.9", "1");
        SummaryItem ix = item("CN", "IX2301");
        assertThat(ix.kind()).isEqualTo("futures");
        assertItem(ix, "119.9", "119.9", "0.0", "0.0000", "1", "119.9", "119.9");
    }

    @Test
    @DisplayName("The summary is of the current UTC day: after midnight it is flat at the last price until the day's first trade")
    void summaryRollsOverAtMidnight() {
        trade("AAPL", "190.00", "10");
        trade("AAPL", "195.00", "1");
        clock.set(at("2024-03-12T00:00:00Z"));

        assertItem(item("US", "AAPL"), "195.00", "195.00", "0.00", "0.0000", "0", "195.00", "195.00");

        trade("AAPL", "193.05", "2");
        trade("AAPL", "194.00", "1");
        assertItem(item("US", "AAPL"), "194.00", "193.05", "0.95", "0.4921", "3", "194.00", "193.05"); // 0.95 / 193.05 = 0.49210…%
    }

    @Test
    @DisplayName("summaries(): one per region of the venue's instruments, regions and items in configuration order")
    void summariesPerRegion() {
        clock.set(at("2024-03-11T10:00:00Z"));

        List<MarketSummary> summaries = venue.summaries();

        assertThat(venue.regions()).containsExactly("CN", "US");
        assertThat(summaries).extracting(MarketSummary::region).containsExactly("CN", "US");
        assertThat(summaries.get(0).items()).extracting(SummaryItem::symbol).containsExactly("IX2301", "IF2301");
        assertThat(summaries.get(1).items()).extracting(SummaryItem::symbol).containsExactly("AAPL", "BTCUSDT");
        assertThat(summaries).allSatisfy(summary -> assertThat(summary.timestamp()).isEqualTo(at("2024-03-11T10:00:00Z")));
        assertThat(venue.handle(new QuerySummary("CN"), event -> { })).isEqualTo(summaries.get(0));
    }

    @Test
    @DisplayName("Each trade's ticker carries the rolling 24-hour volume (in one-minute steps) and the best bid and ask left "
            + "after the fill; a snapshot keeps the window")
    void ticker() throws Exception {
        List<Tick> ticks = new java.util.ArrayList<>();
        clock.set(at("2024-03-11T09:30:10Z"));
        venue.submit(new SubmitOrder("user003", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal("189"), new BigDecimal("5"), OrderSource.API), event -> { });
        venue.submit(new SubmitOrder("user003", null, "AAPL", Side.SELL, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal("195"), new BigDecimal("7"), OrderSource.API), event -> { });
        venue.submit(new SubmitOrder("user001", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal("190"), new BigDecimal("3"), OrderSource.API), event -> { });
        venue.submit(new SubmitOrder("user002", null, "AAPL", Side.SELL, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal("190"), new BigDecimal("3"), OrderSource.API), event -> collect(event, ticks));
        assertThat(ticks).singleElement().satisfies(t -> {
            assertThat(t.volume24h()).isEqualByComparingTo("3");
            assertThat(t.bestBid()).isEqualByComparingTo("189");
            assertThat(t.bestAsk()).isEqualByComparingTo("195");
        });

        clock.set(at("2024-03-12T09:29:59Z")); // 23 h 59 m later, same window
        trade("AAPL", "191", "2");
        clock.set(at("2024-03-12T09:30:30Z")); // the minute of the first trade has left the window
        trade("AAPL", "192", "4");
        clock.set(at("2024-03-12T09:30:40Z") - 60_000); // the clock stepped back a minute: counts in the latest minute
        ticks.clear();
        venue.submit(new SubmitOrder("user001", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal("193"), new BigDecimal("1"), OrderSource.API), event -> { });
        venue.submit(new SubmitOrder("user002", null, "AAPL", Side.SELL, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal("193"), new BigDecimal("1"), OrderSource.API), event -> collect(event, ticks));
        assertThat(ticks).singleElement().satisfies(t -> {
            assertThat(t.volume24h()).as("2 + 4 + 1").isEqualByComparingTo("7");
            assertThat(t.bestBid()).isEqualByComparingTo("189");
            assertThat(t.bestAsk()).isEqualByComparingTo("195");
        });

        Venue restored = new Venue("tradewire", new InstrumentDirectory(List.of(IX2301, TestInstruments.AAPL, IF2301,
                TestInstruments.BTCUSDT, ES)), new VenueSettings(true, new BigDecimal("10000000"), "USD", 10), clock::get);
        VenueSnapshot.restore(restored, new io.tradewire.matching.codec.ByteIn(VenueSnapshot.encode(venue)));
        assertThat(restored.stateHash()).isEqualTo(venue.stateHash());
        clock.set(at("2024-03-13T09:29:59Z")); // the 2-lot minute (09:29) has left, the later ones are in
        for (Venue v : List.of(venue, restored)) {
            ticks.clear();
            v.submit(new SubmitOrder("user001", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null,
                    new BigDecimal("193"), new BigDecimal("1"), OrderSource.API), event -> { });
            v.submit(new SubmitOrder("user002", null, "AAPL", Side.SELL, Offset.OPEN, OrderType.LIMIT, null,
                    new BigDecimal("193"), new BigDecimal("1"), OrderSource.API), event -> collect(event, ticks));
            assertThat(ticks).singleElement().extracting(Tick::volume24h).satisfies(v24 -> assertThat(v24).isEqualByComparingTo("6"));
        }
    }

    private static void collect(Object event, List<Tick> ticks) {
        if (event instanceof Tick tick) {
            ticks.add(tick);
        }
    }
}
