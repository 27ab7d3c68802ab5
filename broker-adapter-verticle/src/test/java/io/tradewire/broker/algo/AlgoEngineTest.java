package io.tradewire.broker.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderAction;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.algo.QueryAlgoFills;
import io.tradewire.model.algo.QueryMasterOrders;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.Tick;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine on a manual clock against a fake venue: schedules, worst price, partial completion, pause and resume. */
class AlgoEngineTest {
    private static final Instrument BTC = new Instrument("BTCUSDT", InstrumentKind.CRYPTO, Instrument.VENUE_ROUTE,
            new BigDecimal("0.1"), new BigDecimal("0.001"), BigDecimal.ONE, BigDecimal.ONE, "USDT", new BigDecimal("100"), "GLOBAL");
    private static final Instrument BYBIT = new Instrument("ETHUSDT", InstrumentKind.CRYPTO, "bybit",
            new BigDecimal("0.01"), new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE, "USDT", new BigDecimal("10"), "GLOBAL");
    private static final long T0 = 1_700_000_000_000L;

    private final FakeVenue venue = new FakeVenue();
    private final List<Event> events = new ArrayList<>();
    private long now = T0;
    private final AlgoEngine engine = new AlgoEngine(config(List.of("1", "3")), new InstrumentDirectory(List.of(BTC, BYBIT)), venue,
            events::add, () -> now);

    private static AlgoConfig config(List<String> profile) {
        return new AlgoConfig(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofDays(1),
                profile.stream().map(BigDecimal::new).collect(Collectors.toList()), 10, 100, "tradewire");
    }

    private static CreateMasterOrder order(Algorithm algorithm, Side side, String quantity, long seconds, String worst) {
        return new CreateMasterOrder("alice", null, algorithm, "tradewire", "BTCUSDT", "SPOT", side,
                new BigDecimal(quantity), null, seconds, worst == null ? null : new BigDecimal(worst), null, false, null);
    }

    /** Advances the clock to {@code seconds} after the start and runs one tick. */
    private void at(double seconds) {
        now = T0 + Math.round(seconds * 1000);
        venue.now = now;
        engine.tick();
    }

    private List<BigDecimal> childQuantities() {
        return venue.received.stream().map(SubmitOrder::quantity).map(BigDecimal::stripTrailingZeros).collect(Collectors.toList());
    }

    private MasterOrderView state(String id) {
        return engine.act(new MasterOrderAction("alice", id, null, MasterOrderAction.Kind.QUERY, null));
    }

    private List<MasterOrderStatus> statuses() {
        return events.stream().filter(MasterOrderUpdated.class::isInstance).map(e -> ((MasterOrderUpdated) e).master().status())
                .distinct().collect(Collectors.toList());
    }

    @Test
    @DisplayName("TWAP: one equal child per slice at the slice boundaries, then COMPLETED; nothing between boundaries")
    void twapSchedule() {
        venue.ask("100", "1000");
        MasterOrderView created = engine.create(order(Algorithm.TWAP, Side.BUY, "1.2", 60, null));
        assertThat(created.status()).isEqualTo(MasterOrderStatus.NEW);
        List<Long> placedAt = new ArrayList<>();
        for (int tenths = 0; tenths < 600; tenths++) {
            int before = venue.received.size();
            at(tenths / 10.0);
            if (venue.received.size() > before) {
                placedAt.add(now - T0);
            }
        }
        assertThat(placedAt).containsExactly(0L, 5000L, 10000L, 15000L, 20000L, 25000L, 30000L, 35000L, 40000L, 45000L, 50000L, 55000L);
        assertThat(childQuantities()).allSatisfy(q -> assertThat(q).isEqualByComparingTo("0.1"));
        assertThat(venue.received).allSatisfy(child -> {
            assertThat(child.source()).isEqualTo(OrderSource.ALGO);
            assertThat(child.timeInForce()).isEqualTo(TimeInForce.IOC);
            assertThat(child.type()).isEqualTo(OrderType.MARKET);
            assertThat(child.clientOrderId()).startsWith(created.masterOrderId() + "-");
        });
        assertThat(venue.addresses).containsOnly("matching.tradewire");
        MasterOrderView done = state(created.masterOrderId());
        assertThat(done.status()).isEqualTo(MasterOrderStatus.COMPLETED);
        assertThat(done.filled()).isEqualByComparingTo("1.2");
        assertThat(done.avgPrice()).isEqualByComparingTo("100");
        assertThat(done.childOrders()).isEqualTo(12);
        assertThat(statuses()).containsExactly(MasterOrderStatus.NEW, MasterOrderStatus.PROCESSING, MasterOrderStatus.COMPLETED);
        assertThat(events.stream().filter(AlgoOrderUpdated.class::isInstance)).hasSize(12);
        assertThat(engine.fills(new QueryAlgoFills("alice", created.masterOrderId())).orders()).hasSize(12);
    }

    @Test
    @DisplayName("TWAP rounds each slice down to the lot size and the last slice takes what is left")
    void twapRounding() {
        venue.ask("100", "1000");
        engine.create(order(Algorithm.TWAP, Side.BUY, "0.010", 15, null));
        at(0);
        at(5);
        at(10);
        // targets 0.00333 → 0.003, 0.00666 → 0.006, 0.010
        assertThat(childQuantities()).containsExactly(new BigDecimal("0.003"), new BigDecimal("0.003"), new BigDecimal("0.004"));
    }

    @Test
    @DisplayName("VWAP follows the volume profile: weights 1:3 over 40 s in 10 s slices give children 1, 1, 3, 3")
    void vwapSchedule() {
        AlgoEngine vwap = new AlgoEngine(new AlgoConfig(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofDays(1), List.of(BigDecimal.ONE, new BigDecimal("3")), 10, 100, "tradewire"),
                new InstrumentDirectory(List.of(BTC)), venue, events::add, () -> now);
        venue.ask("100", "1000");
        vwap.create(order(Algorithm.VWAP, Side.BUY, "8", 40, null));
        for (int s = 0; s < 40; s += 10) {
            now = T0 + s * 1000L;
            vwap.tick();
        }
        assertThat(childQuantities()).containsExactly(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("3"), new BigDecimal("3"));
    }

    @Test
    @DisplayName("POV takes its share of the rest of the market's volume since the start, never more than the total")
    void povSchedule() {
        venue.ask("100", "1000");
        CreateMasterOrder pov = new CreateMasterOrder("alice", "p1", Algorithm.POV, "TRADEWIRE", "BTCUSDT", "SPOT", Side.BUY,
                new BigDecimal("3"), null, 60, null, new BigDecimal("0.25"), false, null);
        String id = engine.create(pov).masterOrderId();
        at(0);
        assertThat(venue.received).isEmpty(); // no market volume yet
        engine.onTrade(new Tick("t1", "BTCUSDT", new BigDecimal("100"), new BigDecimal("4"), Side.SELL, now));
        engine.onTrade(new Tick("t2", "OTHER", new BigDecimal("100"), new BigDecimal("400"), Side.SELL, now));
        at(5);
        assertThat(childQuantities()).containsExactly(BigDecimal.ONE);
        // our own fill prints too: it is not counted as the market's volume
        engine.onTrade(new Tick("t3", "BTCUSDT", new BigDecimal("100"), BigDecimal.ONE, Side.BUY, now));
        at(10);
        assertThat(venue.received).hasSize(1);
        engine.onTrade(new Tick("t4", "BTCUSDT", new BigDecimal("100"), new BigDecimal("100"), Side.SELL, now));
        at(15);
        assertThat(childQuantities()).containsExactly(BigDecimal.ONE, new BigDecimal("2"));
        assertThat(state(id).status()).isEqualTo(MasterOrderStatus.COMPLETED);
    }

    @Test
    @DisplayName("Children are limits at the worst price: they never trade beyond it, and the order expires partly filled")
    void worstPriceRespected() {
        venue.ask("100", "0.2").ask("100.9", "0.1").ask("101.5", "50");
        String id = engine.create(order(Algorithm.TWAP, Side.BUY, "1.2", 60, "101.05")).masterOrderId();
        for (int s = 0; s <= 60; s++) {
            at(s);
        }
        assertThat(venue.received).allSatisfy(child -> {
            assertThat(child.type()).isEqualTo(OrderType.LIMIT);
            assertThat(child.price()).isEqualByComparingTo("101.0"); // rounded down to the tick for a BUY
        });
        MasterOrderView view = state(id);
        assertThat(view.status()).isEqualTo(MasterOrderStatus.EXPIRED);
        assertThat(view.filled()).isEqualByComparingTo("0.3");
        assertThat(view.avgPrice()).isLessThanOrEqualTo(new BigDecimal("101.05"));
        assertThat(view.reason()).contains("0.3").contains("1.2");
        assertThat(venue.asks).containsEntry(new BigDecimal("101.5"), new BigDecimal("50"));
    }

    @Test
    @DisplayName("A SELL's worst price is rounded up to the tick and no bid below it is hit")
    void sellWorstPrice() {
        venue.bid("99", "10").bid("98", "10");
        String id = engine.create(order(Algorithm.TWAP, Side.SELL, "0.2", 10, "98.51")).masterOrderId();
        at(0);
        at(5);
        at(10);
        assertThat(venue.received).allSatisfy(child -> assertThat(child.price()).isEqualByComparingTo("98.6"));
        assertThat(state(id).status()).isEqualTo(MasterOrderStatus.COMPLETED);
        assertThat(venue.bids).containsEntry(new BigDecimal("98"), new BigDecimal("10"));
    }

    @Test
    @DisplayName("When liquidity runs out the next slice catches up the shortfall; what never fills expires")
    void partialCompletion() {
        venue.ask("100", "0.1");
        String id = engine.create(order(Algorithm.TWAP, Side.BUY, "0.4", 20, null)).masterOrderId();
        at(0);   // wants 0.1, gets 0.1
        at(5);   // wants 0.1, book empty
        venue.ask("100", "0.05");
        at(10);  // wants 0.3 - 0.1 = 0.2 (catch-up), gets 0.05
        at(15);  // wants 0.25
        at(20);
        assertThat(childQuantities()).containsExactly(new BigDecimal("0.1"), new BigDecimal("0.1"), new BigDecimal("0.2"),
                new BigDecimal("0.25"));
        MasterOrderView view = state(id);
        assertThat(view.status()).isEqualTo(MasterOrderStatus.EXPIRED);
        assertThat(view.filled()).isEqualByComparingTo("0.15");
        assertThat(events.stream().filter(AlgoOrderUpdated.class::isInstance).map(e -> ((AlgoOrderUpdated) e).fillQuantity())
                .map(BigDecimal::stripTrailingZeros)).containsExactly(new BigDecimal("0.1"), BigDecimal.ZERO, new BigDecimal("0.05"),
                BigDecimal.ZERO);
    }

    @Test
    @DisplayName("Paused: no child goes out; resumed: the next slice catches up within the same end time")
    void pauseAndResume() {
        venue.ask("100", "1000");
        String id = engine.create(order(Algorithm.TWAP, Side.BUY, "1.2", 60, null)).masterOrderId();
        at(0);
        at(5);
        MasterOrderView paused = engine.act(new MasterOrderAction("alice", id, null, MasterOrderAction.Kind.PAUSE, "wait"));
        assertThat(paused.status()).isEqualTo(MasterOrderStatus.PAUSED);
        assertThat(paused.reason()).isEqualTo("wait");
        for (int s = 6; s < 30; s++) {
            at(s);
        }
        assertThat(venue.received).hasSize(2);
        engine.act(new MasterOrderAction("alice", id, null, MasterOrderAction.Kind.RESUME, null));
        at(31);
        assertThat(childQuantities()).containsExactly(new BigDecimal("0.1"), new BigDecimal("0.1"), new BigDecimal("0.5"));
        for (int s = 32; s <= 60; s++) {
            at(s);
        }
        assertThat(state(id).status()).isEqualTo(MasterOrderStatus.COMPLETED);
        assertThat(statuses()).containsExactly(MasterOrderStatus.NEW, MasterOrderStatus.PROCESSING, MasterOrderStatus.PAUSED,
                MasterOrderStatus.COMPLETED);
    }

    @Test
    @DisplayName("Cancel stops the order at once; a finished order refuses every action but the query")
    void cancel() {
        venue.ask("100", "1000");
        String id = engine.create(new CreateMasterOrder("alice", "c-1", Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT", Side.BUY,
                new BigDecimal("1.2"), null, 60, null, null, false, null)).masterOrderId();
        at(0);
        MasterOrderView cancelled = engine.act(new MasterOrderAction("alice", null, "c-1", MasterOrderAction.Kind.CANCEL, null));
        assertThat(cancelled.status()).isEqualTo(MasterOrderStatus.CANCELLED);
        assertThat(cancelled.filled()).isEqualByComparingTo("0.1");
        for (int s = 1; s <= 60; s++) {
            at(s);
        }
        assertThat(venue.received).hasSize(1);
        for (MasterOrderAction.Kind kind : List.of(MasterOrderAction.Kind.CANCEL, MasterOrderAction.Kind.PAUSE, MasterOrderAction.Kind.RESUME)) {
            assertThatThrownBy(() -> engine.act(new MasterOrderAction("alice", id, null, kind, null)))
                    .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ORDER_NOT_ACTIVE));
        }
        assertThat(state(id).status()).isEqualTo(MasterOrderStatus.CANCELLED);
    }

    @Test
    @DisplayName("A child the venue refuses for good rejects the master order; a transient failure only skips the slice")
    void childRefused() {
        venue.ask("100", "1000");
        String id = engine.create(order(Algorithm.TWAP, Side.BUY, "1.2", 60, null)).masterOrderId();
        venue.refuseNext = new RejectedException(ErrorCode.TIMEOUT, "The venue did not answer in time");
        at(0);
        assertThat(state(id).status()).isEqualTo(MasterOrderStatus.PROCESSING);
        venue.refuseNext = new RejectedException(ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds");
        at(5);
        MasterOrderView view = state(id);
        assertThat(view.status()).isEqualTo(MasterOrderStatus.REJECTED);
        assertThat(view.reason()).contains("Insufficient funds");
        at(10);
        assertThat(venue.received).hasSize(2);
    }

    @Test
    @DisplayName("A worst price beyond the venue's price band on the far side is sent again as a MARKET order")
    void priceBand() {
        venue.ask("100", "1000");
        venue.bandHigh = new BigDecimal("110");
        engine.create(order(Algorithm.TWAP, Side.BUY, "0.2", 10, "500"));
        at(0);
        assertThat(venue.received).extracting(SubmitOrder::type).containsExactly(OrderType.LIMIT, OrderType.MARKET);
    }

    @Test
    @DisplayName("Exchange Bybit routes to broker.bybit; requests that cannot run are refused with the right code")
    void routesAndRefusals() {
        engine.create(new CreateMasterOrder("alice", null, Algorithm.TWAP, "BYBIT", "ETHUSDT", "PERP", Side.BUY,
                BigDecimal.ONE, null, 10, null, null, false, null));
        at(0);
        assertThat(venue.addresses).containsExactly("broker.bybit");
        assertRefused(new CreateMasterOrder("alice", null, Algorithm.TWAP, "Binance", "BTCUSDT", "SPOT", Side.BUY,
                BigDecimal.ONE, null, 10, null, null, false, null), ErrorCode.UNSUPPORTED);
        assertRefused(new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "ETHUSDT", "SPOT", Side.BUY,
                BigDecimal.ONE, null, 10, null, null, false, null), ErrorCode.UNKNOWN_INSTRUMENT);
        assertRefused(order(Algorithm.TWAP, Side.BUY, "0.0005", 10, null), ErrorCode.INVALID_QUANTITY);
        assertRefused(order(Algorithm.TWAP, Side.BUY, "1", 0, null), ErrorCode.MALFORMED);
        assertRefused(order(Algorithm.POV, Side.BUY, "1", 10, null), ErrorCode.MALFORMED);
        assertRefused(new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT", Side.BUY,
                BigDecimal.ONE, BigDecimal.TEN, 10, null, null, false, null), ErrorCode.MALFORMED);
        engine.create(new CreateMasterOrder("alice", "same", Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT", Side.BUY,
                BigDecimal.ONE, null, 10, null, null, false, null));
        assertRefused(new CreateMasterOrder("alice", "same", Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT", Side.BUY,
                BigDecimal.ONE, null, 10, null, null, false, null), ErrorCode.DUPLICATE_CLIENT_ORDER_ID);
    }

    @Test
    @DisplayName("Exchange Tradewire sends the children of an instrument of venue:crypto to that venue")
    void routesToTheInstrumentsVenue() {
        Instrument sol = new Instrument("SOLUSDT", InstrumentKind.CRYPTO, "venue:crypto", new BigDecimal("0.01"),
                new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE, "USDT", new BigDecimal("10"), "GLOBAL");
        AlgoEngine several = new AlgoEngine(config(List.of("1")), new InstrumentDirectory(List.of(BTC, sol)), venue, events::add,
                () -> now);
        several.create(new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "SOLUSDT", "SPOT", Side.BUY,
                BigDecimal.ONE, null, 10, null, null, false, null));
        several.create(order(Algorithm.TWAP, Side.BUY, "1", 10, null));
        now = T0;
        venue.now = now;
        several.tick();
        assertThat(venue.addresses).containsExactlyInAnyOrder("matching.crypto", "matching.tradewire");
    }

    @Test
    @DisplayName("orderNotional becomes a quantity at the worst price (else the last trade), rounded down to the lot")
    void notional() {
        MasterOrderView byWorst = engine.create(new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT",
                Side.BUY, null, new BigDecimal("1000"), 10, new BigDecimal("300"), null, false, null));
        assertThat(byWorst.quantity()).isEqualByComparingTo("3.333");
        engine.onTrade(new Tick("t", "BTCUSDT", new BigDecimal("250"), BigDecimal.ONE, Side.BUY, now));
        MasterOrderView byLast = engine.create(new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT",
                Side.BUY, null, new BigDecimal("1000"), 10, null, null, false, null));
        assertThat(byLast.quantity()).isEqualByComparingTo("4");
    }

    @Test
    @DisplayName("One user never sees or touches another user's master orders")
    void ownership() {
        String id = engine.create(order(Algorithm.TWAP, Side.BUY, "1", 10, null)).masterOrderId();
        assertThatThrownBy(() -> engine.act(new MasterOrderAction("mallory", id, null, MasterOrderAction.Kind.CANCEL, null)))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ORDER_NOT_FOUND));
        assertThat(engine.list(new QueryMasterOrders("mallory")).masterOrders()).isEmpty();
        assertThat(engine.fills(new QueryAlgoFills("mallory", id)).orders()).isEmpty();
        assertThat(engine.list(new QueryMasterOrders("alice")).masterOrders()).extracting(MasterOrderView::masterOrderId).containsExactly(id);
    }

    private void assertRefused(CreateMasterOrder request, ErrorCode code) {
        assertThatThrownBy(() -> engine.create(request))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    @DisplayName("cancelAll cancels every working master order with the reason, tells each owner, and leaves finished ones alone")
    void cancelAllCancelsWorkingOrders() {
        MasterOrderView working = engine.create(order(Algorithm.TWAP, Side.BUY, "1", 60, null));
        MasterOrderView done = engine.create(order(Algorithm.TWAP, Side.BUY, "1", 60, null));
        engine.act(new MasterOrderAction("alice", done.masterOrderId(), null, MasterOrderAction.Kind.CANCEL, null));
        events.clear();

        int cancelled = engine.cancelAll("moved");

        assertThat(cancelled).isEqualTo(1);
        assertThat(events).hasSize(1);
        MasterOrderView update = ((MasterOrderUpdated) events.get(0)).master();
        assertThat(update.masterOrderId()).isEqualTo(working.masterOrderId());
        assertThat(update.status()).isEqualTo(MasterOrderStatus.CANCELLED);
        assertThat(update.reason()).isEqualTo("moved");
        assertThat(engine.cancelAll("again")).isZero();
    }
}
