package io.tradewire.broker.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SimulatedMarketTest {
    private static final Instrument IX = new Instrument("IX2301", InstrumentKind.FUTURES, Instrument.VENUE_ROUTE,
            new BigDecimal("0.1"), BigDecimal.ONE, new BigDecimal("300"), new BigDecimal("0.12"), "USD", new BigDecimal("120"), "US");
    private static final SimulatorConfig CONFIG = new SimulatorConfig(true, "sim-mm", "sim-taker", Duration.ofSeconds(1), 4, 2, 5,
            0.0, 1L);

    private static List<SubmitOrder> submits(List<Command> commands) {
        return commands.stream().filter(SubmitOrder.class::isInstance).map(SubmitOrder.class::cast).collect(Collectors.toList());
    }

    @Test
    @DisplayName("The first step quotes every level on both sides around the reference price, never crossing")
    void quotesAroundReference() {
        SimulatedMarket market = new SimulatedMarket(CONFIG, List.of(IX), 1L);
        List<SubmitOrder> quotes = submits(market.step());
        assertThat(quotes).hasSize(4);
        BigDecimal bestBid = quotes.stream().filter(q -> q.side() == Side.BUY).map(SubmitOrder::price).max(BigDecimal::compareTo).orElseThrow();
        BigDecimal bestAsk = quotes.stream().filter(q -> q.side() == Side.SELL).map(SubmitOrder::price).min(BigDecimal::compareTo).orElseThrow();
        assertThat(bestBid).isLessThan(bestAsk);
        assertThat(bestAsk.subtract(bestBid)).isEqualByComparingTo("0.4");
        assertThat(bestBid.add(bestAsk).divide(BigDecimal.valueOf(2))).isBetween(new BigDecimal("119.9"), new BigDecimal("120.1"));
        assertThat(quotes).allSatisfy(q -> {
            assertThat(q.userId()).isEqualTo("sim-mm");
            assertThat(q.type()).isEqualTo(OrderType.LIMIT);
            assertThat(q.offset()).isEqualTo(Offset.OPEN);
            assertThat(q.source()).isEqualTo(OrderSource.ALGO);
        });
    }

    @Test
    @DisplayName("After a fill the maker cancels every quote it placed (partly filled ones included) before quoting again")
    void requoteCancelsFirst() {
        SimulatedMarket market = new SimulatedMarket(CONFIG, List.of(IX), 1L);
        List<SubmitOrder> first = submits(market.step());
        for (SubmitOrder quote : first) {
            market.onAccepted(new OrderView("O-" + quote.price(), null, "sim-mm", "IX2301", quote.side(), quote.offset(),
                    quote.type(), TimeInForce.GTC, quote.price(), quote.quantity(), BigDecimal.ZERO, quote.quantity(), null,
                    OrderStatus.SUBMITTED, OrderSource.ALGO, 1L, 1L));
        }
        SubmitOrder hit = first.get(0);
        market.onTrade(new TradeExecuted("T1", "O-" + hit.price(), "sim-mm", "IX2301", hit.side(), Offset.OPEN, hit.price(),
                BigDecimal.ONE, true, 1L));
        List<Command> next = market.step();
        assertThat(next.subList(0, 4)).allMatch(CancelOrder.class::isInstance);
        assertThat(next.subList(0, 4)).extracting(c -> ((CancelOrder) c).orderId())
                .containsExactlyInAnyOrderElementsOf(first.stream().map(q -> "O-" + q.price()).collect(Collectors.toList()));
        assertThat(submits(next)).hasSize(4);
    }

    @Test
    @DisplayName("With a long position the maker's asks close it instead of opening shorts")
    void closesBeforeOpening() {
        SimulatedMarket market = new SimulatedMarket(CONFIG, List.of(IX), 1L);
        market.updatePositions("sim-mm", new PositionList(List.of(new PositionView("sim-mm", "IX2301", new BigDecimal("7"),
                new BigDecimal("120"), BigDecimal.ZERO, null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null, 1L))));
        List<SubmitOrder> asks = submits(market.step()).stream().filter(q -> q.side() == Side.SELL).collect(Collectors.toList());
        // 7 lots long: the first 5-lot ask closes, the second cannot (only 2 left) and opens.
        assertThat(asks).extracting(SubmitOrder::offset).containsExactly(Offset.CLOSE, Offset.OPEN);
    }

    @Test
    @DisplayName("The taker sends one-lot IOC market orders when its probability says so")
    void takerTrades() {
        SimulatorConfig always = new SimulatorConfig(true, "sim-mm", "sim-taker", Duration.ofSeconds(1), 4, 1, 5, 1.0, 1L);
        SimulatedMarket market = new SimulatedMarket(always, List.of(IX), 3L);
        List<SubmitOrder> taker = submits(market.step()).stream().filter(o -> o.userId().equals("sim-taker")).collect(Collectors.toList());
        assertThat(taker).singleElement().satisfies(o -> {
            assertThat(o.type()).isEqualTo(OrderType.MARKET);
            assertThat(o.timeInForce()).isEqualTo(TimeInForce.IOC);
            assertThat(o.quantity()).isEqualByComparingTo("1");
        });
    }

    private static final Instrument AAPL = new Instrument("AAPL", InstrumentKind.STOCK, Instrument.VENUE_ROUTE,
            new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, "USD", new BigDecimal("190"), "US");

    private static List<BigDecimal> walk(SimulatorConfig config, List<Instrument> instruments, long seed, String symbol, int steps) {
        SimulatedMarket market = new SimulatedMarket(config, instruments, seed);
        List<BigDecimal> mids = new java.util.ArrayList<>();
        for (int i = 0; i < steps; i++) {
            market.step();
            mids.add(market.mid(symbol));
        }
        return mids;
    }

    @Test
    @DisplayName("A seed replays the same walk per instrument, whatever other instruments are configured; another seed walks elsewhere")
    void seededWalkPerInstrument() {
        List<BigDecimal> alone = walk(CONFIG, List.of(AAPL), 42L, "AAPL", 200);
        assertThat(walk(CONFIG, List.of(AAPL), 42L, "AAPL", 200)).isEqualTo(alone);
        assertThat(walk(CONFIG, List.of(IX, AAPL), 42L, "AAPL", 200)).isEqualTo(alone);
        assertThat(walk(CONFIG, List.of(AAPL), 43L, "AAPL", 200)).isNotEqualTo(alone);
        assertThat(alone.stream().distinct().count()).as("the price moves").isGreaterThan(10);
    }

    @Test
    @DisplayName("Volatility sets the size of the steps: zero keeps the price still, more moves it further")
    void volatilityScalesSteps() {
        SimulatorConfig still = new SimulatorConfig(true, "sim-mm", "sim-taker", Duration.ofSeconds(1), 4, 2, 5, 0.0, 1L, 0.0);
        assertThat(walk(still, List.of(AAPL), 7L, "AAPL", 100)).allSatisfy(mid -> assertThat(mid).isEqualByComparingTo("190"));
        SimulatorConfig calm = new SimulatorConfig(true, "sim-mm", "sim-taker", Duration.ofSeconds(1), 4, 2, 5, 0.0, 1L, 0.0001);
        SimulatorConfig wild = new SimulatorConfig(true, "sim-mm", "sim-taker", Duration.ofSeconds(1), 4, 2, 5, 0.0, 1L, 0.01);
        assertThat(range(walk(wild, List.of(AAPL), 7L, "AAPL", 500))).isGreaterThan(range(walk(calm, List.of(AAPL), 7L, "AAPL", 500)));
    }

    private static BigDecimal range(List<BigDecimal> mids) {
        return mids.stream().max(BigDecimal::compareTo).orElseThrow().subtract(mids.stream().min(BigDecimal::compareTo).orElseThrow());
    }
}
