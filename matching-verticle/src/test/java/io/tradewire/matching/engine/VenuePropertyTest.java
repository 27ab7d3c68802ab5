package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.BarInterval;
import io.tradewire.model.Instrument;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of random commands from a handful of users against one venue, with every invariant checked
 * after every step, from the inside ({@link Venue#validateInternalState()}) and from the outside (the
 * public views and events only).
 */
class VenuePropertyTest {
    private static final List<String> USERS = List.of("u0", "u1", "u2", "u3", "u4");
    private static final List<Instrument> INSTRUMENTS = List.of(TestInstruments.IX2301, TestInstruments.AAPL, TestInstruments.BTCUSDT);
    private static final BigDecimal STARTING = new BigDecimal("300000");
    private static final int STEPS = 3_000;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final Venue venue = new Venue("prop", TestInstruments.directory(), new VenueSettings(true, STARTING, "USD", 1000), clock::get);
    private final List<String> seenOrderIds = new ArrayList<>();
    private int rejections;
    private int fills;
    /** Per instrument, what the ticks said: [volume, trades, high, low]. */
    private final Map<String, BigDecimal[]> tape = new HashMap<>();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    @DisplayName("Random submits and cancels keep every invariant and conserve money and positions")
    void randomCommandsKeepInvariants(long seed) {
        Random random = new Random(seed);
        USERS.forEach(user -> venue.queryAccount(new QueryAccount(user)));
        for (int step = 0; step < STEPS; step++) {
            clock.addAndGet(random.nextInt(3));
            Command command = randomCommand(random);
            Snapshot before = snapshot();
            List<Event> events = new ArrayList<>();
            try {
                Object reply = venue.handle(command, events::add);
                if (reply instanceof OrderView view) {
                    seenOrderIds.add(view.orderId());
                    checkEventOrder(command, view, events);
                }
            } catch (RejectedException e) {
                rejections++;
                assertThat(events).as("events of a rejected command").isEmpty();
                assertThat(snapshot()).as("state after a rejected %s", command).isEqualTo(before);
            }
            try {
                venue.validateInternalState();
                checkConservation();
            } catch (AssertionError | IllegalStateException e) {
                throw new AssertionError("seed " + seed + ", step " + step + ", after " + command + ": " + e.getMessage(), e);
            }
        }
        // The whole run lies in one UTC day: each day bar must add up exactly what the ticks said.
        tape.forEach((symbol, seen) -> assertThat(venue.bar(symbol, "1d"))
                .extracting(BarUpdated::volume, bar -> BigDecimal.valueOf(bar.trades()), BarUpdated::high, BarUpdated::low)
                .as("day bar of %s", symbol)
                .containsExactly(seen));
        // The generator must exercise both paths, or the test proves little.
        assertThat(fills).as("fills").isGreaterThan(STEPS / 10);
        assertThat(rejections).as("rejections").isGreaterThan(STEPS / 50);
    }

    private Command randomCommand(Random random) {
        String user = USERS.get(random.nextInt(USERS.size()));
        int kind = random.nextInt(10);
        if (kind < 2 && !seenOrderIds.isEmpty()) {
            // Mostly the user's own orders, sometimes someone else's or a finished one: all must be handled.
            return new CancelOrder(user, seenOrderIds.get(random.nextInt(seenOrderIds.size())));
        }
        if (kind == 2) {
            return random.nextBoolean() ? new QueryOrders(user) : new QueryPositions(user, null);
        }
        Instrument instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        Offset offset = random.nextInt(10) < 6 ? Offset.OPEN : Offset.CLOSE;
        OrderType type = random.nextInt(10) < 8 ? OrderType.LIMIT : OrderType.MARKET;
        TimeInForce[] tifs = {null, TimeInForce.GTC, TimeInForce.GTC, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK};
        TimeInForce tif = tifs[random.nextInt(tifs.length)];
        BigDecimal price = instrument.referencePrice().add(instrument.tickSize().multiply(BigDecimal.valueOf(random.nextInt(21) - 10)));
        BigDecimal quantity = instrument.lotSize().multiply(BigDecimal.valueOf(1 + random.nextInt(20)));
        return new SubmitOrder(user, null, instrument.symbol(), side, offset, type, tif, price, quantity, OrderSource.ALGO);
    }

    /**
     * Submit: SUBMITTED, then per fill [trade maker, trade taker, order maker, order taker, tick, one bar per interval],
     * an optional CANCELLED, positions, accounts, book.
     */
    private void checkEventOrder(Command command, OrderView reply, List<Event> events) {
        int i = 0;
        if (command instanceof CancelOrder) {
            assertThat(events).extracting(Object::getClass).containsExactly(OrderUpdated.class, AccountChanged.class, BookChanged.class);
            return;
        }
        assertThat(((OrderUpdated) events.get(i++)).order().status()).isEqualTo(OrderStatus.SUBMITTED);
        BigDecimal filled = BigDecimal.ZERO;
        while (i < events.size() && events.get(i) instanceof TradeExecuted maker) {
            TradeExecuted taker = (TradeExecuted) events.get(i + 1);
            assertThat(maker.maker()).isTrue();
            assertThat(taker.maker()).isFalse();
            assertThat(taker.tradeId()).isEqualTo(maker.tradeId());
            assertThat(taker.orderId()).isEqualTo(reply.orderId());
            assertThat(taker.side()).isEqualTo(maker.side().opposite());
            assertThat(((OrderUpdated) events.get(i + 2)).order().orderId()).isEqualTo(maker.orderId());
            assertThat(((OrderUpdated) events.get(i + 3)).order().orderId()).isEqualTo(reply.orderId());
            Tick tick = (Tick) events.get(i + 4);
            assertThat(tick.tradeId()).isEqualTo(maker.tradeId());
            for (BarInterval interval : BarInterval.values()) {
                BarUpdated bar = (BarUpdated) events.get(i + 5 + interval.ordinal());
                assertThat(bar.interval()).isEqualTo(interval.wireName());
                assertThat(bar.instrument()).isEqualTo(tick.instrument());
                assertThat(bar.close()).isEqualTo(tick.lastPrice());
                assertThat(bar.low()).isLessThanOrEqualTo(bar.open()).isLessThanOrEqualTo(bar.high());
                assertThat(bar.low()).isLessThanOrEqualTo(bar.close()).isLessThanOrEqualTo(bar.high());
                assertThat(bar.volume()).isGreaterThanOrEqualTo(tick.quantity());
            }
            BigDecimal price = tick.lastPrice();
            tape.merge(tick.instrument(), new BigDecimal[] {tick.quantity(), BigDecimal.ONE, price, price}, (a, b) ->
                    new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1]), a[2].max(b[2]), a[3].min(b[3])});
            filled = filled.add(taker.quantity());
            fills++;
            i += 5 + BarInterval.values().length;
        }
        assertThat(filled).isEqualByComparingTo(reply.filled());
        if (i < events.size() && events.get(i) instanceof OrderUpdated cancelled) {
            assertThat(cancelled.order().status()).isEqualTo(OrderStatus.CANCELLED);
            i++;
        }
        while (i < events.size() && events.get(i) instanceof PositionChanged) {
            i++;
        }
        assertThat(events.get(i++)).isInstanceOfSatisfying(AccountChanged.class,
                a -> assertThat(a.account().userId()).isEqualTo(reply.userId()));
        while (i < events.size() && events.get(i) instanceof AccountChanged) {
            i++;
        }
        if (i < events.size()) {
            assertThat(events.get(i++)).isInstanceOf(BookChanged.class);
        }
        assertThat(i).as("events after the book").isEqualTo(events.size());
    }

    /** Checks conservation laws from the public views only. */
    private void checkConservation() {
        Map<String, BigDecimal[]> openInterest = new HashMap<>();
        BigDecimal balances = BigDecimal.ZERO;
        BigDecimal realized = BigDecimal.ZERO;
        BigDecimal pnl = BigDecimal.ZERO;
        for (String user : USERS) {
            AccountView account = venue.queryAccount(new QueryAccount(user));
            List<PositionView> positions = venue.queryPositions(new QueryPositions(user, null)).positions();
            List<OrderView> working = venue.queryOrders(new QueryOrders(user)).orders();

            balances = balances.add(account.balance());
            realized = realized.add(account.realizedPnl());
            pnl = pnl.add(account.realizedPnl()).add(account.unrealizedPnl());
            assertThat(account.balance()).as("%s balance", user).isEqualByComparingTo(STARTING.add(account.realizedPnl()));
            assertThat(account.profit()).isEqualByComparingTo(account.realizedPnl().add(account.unrealizedPnl()));
            assertThat(account.frozen()).as("%s frozen", user).isEqualByComparingTo(expectedFrozen(working));
            BigDecimal margin = positions.stream().map(PositionView::margin).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal unrealized = positions.stream().map(PositionView::unrealizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(account.margin()).as("%s margin", user).isEqualByComparingTo(margin);
            assertThat(account.unrealizedPnl()).isEqualByComparingTo(unrealized);
            assertThat(account.available()).isEqualByComparingTo(
                    account.balance().add(account.unrealizedPnl()).subtract(account.margin()).subtract(account.frozen()));
            for (PositionView position : positions) {
                BigDecimal[] sides = openInterest.computeIfAbsent(position.instrument(), s -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sides[0] = sides[0].add(position.longQuantity());
                sides[1] = sides[1].add(position.shortQuantity());
                assertThat(closing(working, position.instrument(), Side.SELL)).isLessThanOrEqualTo(position.longQuantity());
                assertThat(closing(working, position.instrument(), Side.BUY)).isLessThanOrEqualTo(position.shortQuantity());
            }
        }
        openInterest.forEach((symbol, sides) -> assertThat(sides[0]).as("%s long vs short", symbol).isEqualByComparingTo(sides[1]));
        BigDecimal deposits = STARTING.multiply(BigDecimal.valueOf(USERS.size()));
        assertThat(balances).as("Σ balance").isEqualByComparingTo(deposits.add(realized));
        // Zero-sum with one mark per instrument and no fees: Σ (realized + unrealized) == 0, exactly.
        assertThat(pnl).as("Σ realized + unrealized").isZero();
    }

    /** Σ over working OPEN LIMIT orders of price × remaining × multiplier × margin-rate, each rounded up at 8 decimals. */
    private static BigDecimal expectedFrozen(List<OrderView> working) {
        BigDecimal frozen = BigDecimal.ZERO;
        for (OrderView order : working) {
            assertThat(order.status()).isIn(OrderStatus.SUBMITTED, OrderStatus.PARTIALLY_FILLED);
            if (order.offset() == Offset.OPEN && order.type() == OrderType.LIMIT) {
                Instrument instrument = INSTRUMENTS.stream().filter(i -> i.symbol().equals(order.instrument())).findFirst().orElseThrow();
                BigDecimal held = order.price().multiply(order.remaining()).multiply(instrument.multiplier()).multiply(instrument.marginRate());
                frozen = frozen.add(held.scale() > 8 ? held.setScale(8, RoundingMode.CEILING) : held);
            }
        }
        return frozen;
    }

    private static BigDecimal closing(List<OrderView> working, String instrument, Side side) {
        return working.stream().filter(o -> o.instrument().equals(instrument) && o.side() == side && o.offset() == Offset.CLOSE)
                .map(OrderView::remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private record Snapshot(List<AccountView> accounts, List<List<OrderView>> orders, List<List<PositionView>> positions,
            List<BookChanged> books) {
    }

    private Snapshot snapshot() {
        List<AccountView> accounts = new ArrayList<>();
        List<List<OrderView>> orders = new ArrayList<>();
        List<List<PositionView>> positions = new ArrayList<>();
        for (String user : USERS) {
            accounts.add(venue.queryAccount(new QueryAccount(user)));
            orders.add(venue.queryOrders(new QueryOrders(user)).orders());
            positions.add(venue.queryPositions(new QueryPositions(user, null)).positions());
        }
        List<BookChanged> books = INSTRUMENTS.stream().map(i -> venue.book(i.symbol())).toList();
        return new Snapshot(accounts, orders, positions, books);
    }
}
