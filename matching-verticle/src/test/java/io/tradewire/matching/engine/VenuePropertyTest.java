package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.BarInterval;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random command streams ({@link RandomCommands}: submits of every kind with post-only, client order ids and price bands,
 * amends, cancels, deposits, withdrawals, users trading against themselves under self-trade prevention, fees on every
 * fill) against one venue, 10 seeds × 12,000 commands, with every invariant checked after every step, from the inside
 * ({@link Venue#validateInternalState()}: books not crossed, FIFO links, level totals, each resting order's remainder,
 * every account's balance / frozen / working lots) and from the outside (public views and events only).
 *
 * <p>What is conserved, exactly, after every command (all from the public views):
 * <ul>
 *   <li>money: Σ over users (available + frozen + margin) + Σ fees paid = Σ net deposits (the starting balances, plus
 *       deposits, minus withdrawals) — equivalently Σ (balance + unrealized PnL) + Σ fees = Σ net deposits; and per user
 *       balance = net deposits + realized PnL − fees, with fees = the sum of the fees of the user's trades;</li>
 *   <li>PnL is zero-sum: Σ (realized + unrealized) = 0 (one mark per instrument, fees apart);</li>
 *   <li>positions: per instrument, Σ long = Σ short;</li>
 *   <li>quantities: per instrument, side and price, the book's level quantity and order count equal the sum and the
 *       number of the working orders there; frozen = what the working OPEN LIMIT orders need.</li>
 * </ul>
 * A rejected command emits nothing and changes no view.
 */
class VenuePropertyTest {
    private static final List<String> USERS = RandomCommands.USERS;
    private static final int STEPS = 12_000;
    /** Midnight UTC, 2023-11-15: the whole run lies in one UTC day. */
    private static final long DAY_START = 1_700_006_400_000L;
    private static final Map<String, Integer> SEEN = new TreeMap<>();

    private final AtomicLong clock = new AtomicLong(DAY_START + 3_600_000L);
    private final Venue venue = new Venue("prop", RandomCommands.instruments(), new VenueSettings(true, RandomCommands.STARTING,
            "USD", 1000, SelfTradePrevention.CANCEL_NEWEST, RandomCommands.CLIENT_ORDER_ID_WINDOW_MILLIS), clock::get);
    private final Map<String, BigDecimal> netDeposits = new HashMap<>();
    private final Map<String, BigDecimal> tradeFees = new HashMap<>();
    private final Map<ErrorCode, Integer> rejections = new EnumMap<>(ErrorCode.class);
    private final Map<String, Integer> accepted = new HashMap<>();
    private int fills;
    /** Per instrument, what the ticks said: [volume, trades, high, low]. */
    private final Map<String, BigDecimal[]> tape = new HashMap<>();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    @DisplayName("Random submits, amends, cancels, deposits and withdrawals keep every invariant and conserve money, positions and quantities")
    void randomCommandsKeepInvariants(long seed) {
        RandomCommands commands = new RandomCommands(seed);
        Random random = commands.random();
        for (String user : USERS) {
            venue.queryAccount(new QueryAccount(user));
            netDeposits.put(user, RandomCommands.STARTING);
            tradeFees.put(user, BigDecimal.ZERO);
        }
        Views before = views();
        for (int step = 0; step < STEPS; step++) {
            clock.addAndGet(random.nextInt(3));
            Command command = commands.next();
            List<Event> events = new ArrayList<>();
            boolean rejected = false;
            EventSink generator = commands.events();
            amended = command instanceof AmendOrder amend ? ownOrder(amend) : null;
            try {
                Object reply = venue.handle(command, events::add);
                events.forEach(generator::publish);
                commands.observe(reply);
                if (command instanceof Deposit deposit) {
                    netDeposits.merge(deposit.userId(), deposit.amount(), BigDecimal::add);
                    assertThat(events).containsExactly(new AccountChanged((AccountView) reply));
                } else if (command instanceof Withdraw withdraw) {
                    netDeposits.merge(withdraw.userId(), withdraw.amount().negate(), BigDecimal::add);
                    assertThat(events).containsExactly(new AccountChanged((AccountView) reply));
                } else if (reply instanceof OrderView view && Venue.changesState(command)) {
                    checkEvents(command, view, events);
                }
                if (Venue.changesState(command)) {
                    accepted.merge(kind(command, reply), 1, Integer::sum);
                }
            } catch (RejectedException e) {
                rejections.merge(e.code(), 1, Integer::sum);
                assertThat(events).as("events of a rejected command").isEmpty();
                rejected = true;
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", step " + step + ", " + command + ": " + e.getMessage(), e);
            }
            try {
                venue.validateInternalState();
                Views after = views();
                if (rejected) {
                    assertThat(after).as("views after a rejected command").isEqualTo(before);
                }
                checkConservation(after);
                before = after;
            } catch (AssertionError | IllegalStateException e) {
                throw new AssertionError("seed " + seed + ", step " + step + ", after " + command + ": " + e.getMessage(), e);
            }
        }
        // The whole run lies in one UTC day: each day bar must add up exactly what the ticks said.
        tape.forEach((symbol, seen) -> assertThat(venue.bar(symbol, "1d"))
                .extracting(BarUpdated::volume, bar -> BigDecimal.valueOf(bar.trades()), BarUpdated::high, BarUpdated::low)
                .as("day bar of %s", symbol)
                .containsExactly(seen));
        // The generator must exercise every path, or the test proves little.
        assertThat(fills).as("fills").isGreaterThan(STEPS / 10);
        assertThat(accepted).as("accepted commands by kind").containsKeys("submit", "post-only", "amend (priority kept)",
                "amend (priority lost)", "cancel", "deposit", "withdraw");
        assertThat(rejections).as("rejections by code").containsKeys(ErrorCode.INSUFFICIENT_FUNDS, ErrorCode.INSUFFICIENT_POSITION,
                ErrorCode.ORDER_NOT_ACTIVE, ErrorCode.PRICE_OUT_OF_BAND, ErrorCode.WOULD_TAKE_LIQUIDITY,
                ErrorCode.DUPLICATE_CLIENT_ORDER_ID, ErrorCode.MALFORMED, ErrorCode.NOT_FILLABLE, ErrorCode.ORDER_NOT_FOUND);
        synchronized (SEEN) {
            accepted.forEach((kind, count) -> SEEN.merge(kind, count, Integer::sum));
            rejections.forEach((code, count) -> SEEN.merge("rejected " + code, count, Integer::sum));
            SEEN.merge("fills", fills, Integer::sum);
            SEEN.merge("commands", STEPS, Integer::sum);
        }
    }

    @AfterAll
    static void selfTradePreventionActed() {
        System.out.println("VenuePropertyTest: " + SEEN);
        assertThat(SEEN.getOrDefault("commands", 0)).isGreaterThanOrEqualTo(100_000);
        assertThat(SEEN).as("a GTC order cancelled on arrival by self-trade prevention").containsKey("submit (self-trade cancelled)");
    }

    /** What kind of accepted state change a command was (for the coverage assertions). */
    private String kind(Command command, Object reply) {
        if (command instanceof SubmitOrder submit) {
            OrderView view = (OrderView) reply;
            if (view.status() == OrderStatus.CANCELLED && view.timeInForce() == TimeInForce.GTC) {
                return "submit (self-trade cancelled)"; // only self-trade prevention cancels a GTC order on arrival
            }
            return submit.postOnly() ? "post-only" : "submit";
        }
        if (command instanceof AmendOrder amend) {
            OrderView now = (OrderView) reply;
            boolean kept = now.price().compareTo(amended.price()) == 0 && now.quantity().compareTo(amended.quantity()) <= 0;
            return "amend (" + (kept ? "priority kept" : "priority lost") + ")";
        }
        return command instanceof CancelOrder ? "cancel" : command instanceof Deposit ? "deposit" : "withdraw";
    }

    /** The order an amend is about, as it was before the amend (null when the user may not see it). */
    private OrderView amended;

    private OrderView ownOrder(AmendOrder amend) {
        try {
            if (amend.orderId() == null) { // by client order id: only a working order can be amended, and it holds the id
                return venue.queryOrders(new io.tradewire.model.command.QueryOrders(amend.userId())).orders().stream()
                        .filter(order -> amend.clientOrderId().equals(order.clientOrderId())).findFirst().orElse(null);
            }
            return venue.queryOrder(new io.tradewire.model.command.QueryOrder(amend.userId(), amend.orderId()));
        } catch (RejectedException e) {
            return null;
        }
    }

    /**
     * Submit, and an amend that loses priority: the order's update (SUBMITTED for a submit), then per fill [trade maker,
     * trade taker, order maker, order taker, tick, one bar per interval], an optional CANCELLED, positions, accounts (the
     * order's owner first), the book. An amend that keeps priority: order, account, book. Cancel: order, account, book.
     * Every trade's fee is the rate × notional, rounded up to 8 decimals.
     */
    private void checkEvents(Command command, OrderView reply, List<Event> events) {
        if (command instanceof CancelOrder) {
            assertThat(events).extracting(Object::getClass).containsExactly(OrderUpdated.class, AccountChanged.class, BookChanged.class);
            return;
        }
        if (command instanceof AmendOrder) {
            if (events.isEmpty()) {
                assertThat(reply).as("an amend that changes nothing").isEqualTo(amended);
                return;
            }
            boolean kept = reply.price().compareTo(amended.price()) == 0 && reply.quantity().compareTo(amended.quantity()) < 0;
            if (kept) {
                assertThat(events).extracting(Object::getClass).containsExactly(OrderUpdated.class, AccountChanged.class, BookChanged.class);
                assertThat(reply.filled()).isEqualByComparingTo(amended.filled());
            }
        }
        int i = 0;
        OrderView first = ((OrderUpdated) events.get(i++)).order();
        assertThat(first.orderId()).isEqualTo(reply.orderId());
        if (command instanceof SubmitOrder) {
            assertThat(first.status()).isEqualTo(OrderStatus.SUBMITTED);
        }
        BigDecimal filled = BigDecimal.ZERO;
        while (i < events.size() && events.get(i) instanceof TradeExecuted maker) {
            TradeExecuted taker = (TradeExecuted) events.get(i + 1);
            assertThat(maker.maker()).isTrue();
            assertThat(taker.maker()).isFalse();
            assertThat(taker.tradeId()).isEqualTo(maker.tradeId());
            assertThat(taker.orderId()).isEqualTo(reply.orderId());
            assertThat(taker.side()).isEqualTo(maker.side().opposite());
            assertThat(maker.userId()).as("self-trade prevention").isNotEqualTo(taker.userId());
            checkFee(maker);
            checkFee(taker);
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
            tradeFees.merge(maker.userId(), maker.fee(), BigDecimal::add);
            tradeFees.merge(taker.userId(), taker.fee(), BigDecimal::add);
            filled = filled.add(taker.quantity());
            fills++;
            i += 5 + BarInterval.values().length;
        }
        assertThat(filled).isEqualByComparingTo(reply.filled().subtract(first.filled()));
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

    private static void checkFee(TradeExecuted trade) {
        Instrument instrument = instrument(trade.instrument());
        BigDecimal rate = trade.maker() ? instrument.makerFeeRate() : instrument.takerFeeRate();
        BigDecimal exact = trade.price().multiply(trade.quantity()).multiply(instrument.multiplier()).multiply(rate);
        assertThat(trade.fee()).as("fee of %s", trade).isEqualByComparingTo(exact.setScale(8, RoundingMode.CEILING));
    }

    /** Checks conservation laws from the public views only. */
    private void checkConservation(Views views) {
        Map<String, BigDecimal[]> openInterest = new HashMap<>();
        Map<String, long[]> resting = new HashMap<>();
        Map<String, BigDecimal> restingLots = new HashMap<>();
        BigDecimal funds = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal deposits = BigDecimal.ZERO;
        BigDecimal pnl = BigDecimal.ZERO;
        for (int u = 0; u < USERS.size(); u++) {
            String user = USERS.get(u);
            AccountView account = views.accounts().get(u);
            List<PositionView> positions = views.positions().get(u);
            List<OrderView> working = views.orders().get(u);

            funds = funds.add(account.available()).add(account.frozen()).add(account.margin());
            fees = fees.add(account.fees());
            deposits = deposits.add(netDeposits.get(user));
            pnl = pnl.add(account.realizedPnl()).add(account.unrealizedPnl());
            assertThat(account.balance()).as("%s balance = net deposits + realized - fees", user)
                    .isEqualByComparingTo(netDeposits.get(user).add(account.realizedPnl()).subtract(account.fees()));
            assertThat(account.fees()).as("%s fees = its trades' fees", user).isEqualByComparingTo(tradeFees.get(user));
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
            for (OrderView order : working) {
                String level = order.instrument() + " " + order.side() + " " + order.price().stripTrailingZeros().toPlainString();
                resting.computeIfAbsent(level, l -> new long[1])[0]++;
                restingLots.merge(level, order.remaining(), BigDecimal::add);
                assertThat(order.remaining()).isPositive();
            }
        }
        openInterest.forEach((symbol, sides) -> assertThat(sides[0]).as("%s long vs short", symbol).isEqualByComparingTo(sides[1]));
        assertThat(funds.add(fees)).as("Σ (available + frozen + margin) + Σ fees = Σ net deposits").isEqualByComparingTo(deposits);
        assertThat(pnl).as("Σ realized + unrealized").isZero();
        // Every level of every book is exactly the working orders at its price, and the book is not crossed.
        int levels = 0;
        for (int n = 0; n < RandomCommands.INSTRUMENTS.size(); n++) {
            Instrument instrument = RandomCommands.INSTRUMENTS.get(n);
            BookChanged book = views.books().get(n);
            for (Side side : Side.values()) {
                for (BookLevel level : side == Side.BUY ? book.bids() : book.asks()) {
                    String key = instrument.symbol() + " " + side + " " + level.price().stripTrailingZeros().toPlainString();
                    assertThat(level.orderCount()).as("orders at %s", key).isEqualTo(resting.getOrDefault(key, new long[1])[0]);
                    assertThat(level.quantity()).as("quantity at %s", key).isEqualByComparingTo(restingLots.get(key));
                    levels++;
                }
            }
            if (!book.bids().isEmpty() && !book.asks().isEmpty()) {
                assertThat(book.bids().get(0).price()).as("%s not crossed", instrument.symbol()).isLessThan(book.asks().get(0).price());
            }
        }
        assertThat(levels).as("levels in the books vs levels of the working orders").isEqualTo(resting.size());
    }

    /** Σ over working OPEN LIMIT orders of price × remaining × multiplier × margin-rate, each rounded up at 8 decimals. */
    private static BigDecimal expectedFrozen(List<OrderView> working) {
        BigDecimal frozen = BigDecimal.ZERO;
        for (OrderView order : working) {
            assertThat(order.status()).isIn(OrderStatus.SUBMITTED, OrderStatus.PARTIALLY_FILLED);
            assertThat(order.type()).isEqualTo(OrderType.LIMIT);
            if (order.offset() == Offset.OPEN) {
                Instrument instrument = instrument(order.instrument());
                BigDecimal held = order.price().multiply(order.remaining()).multiply(instrument.multiplier()).multiply(instrument.marginRate());
                frozen = frozen.add(held.scale() > 8 ? held.setScale(8, RoundingMode.CEILING) : held);
            }
        }
        return frozen;
    }

    private static Instrument instrument(String symbol) {
        return RandomCommands.INSTRUMENTS.stream().filter(i -> i.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static BigDecimal closing(List<OrderView> working, String instrument, Side side) {
        return working.stream().filter(o -> o.instrument().equals(instrument) && o.side() == side && o.offset() == Offset.CLOSE)
                .map(OrderView::remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Everything a client sees of the users and the books, with the timestamps of the views themselves set to 0. */
    private record Views(List<AccountView> accounts, List<List<OrderView>> orders, List<List<PositionView>> positions,
            List<BookChanged> books) {
    }

    private Views views() {
        List<AccountView> accounts = new ArrayList<>();
        List<List<OrderView>> orders = new ArrayList<>();
        List<List<PositionView>> positions = new ArrayList<>();
        for (String user : USERS) {
            AccountView a = venue.queryAccount(new QueryAccount(user));
            accounts.add(new AccountView(a.userId(), a.currency(), a.balance(), a.available(), a.frozen(), a.margin(), a.profit(),
                    a.realizedPnl(), a.unrealizedPnl(), a.fees(), a.riskRatio(), 0));
            orders.add(venue.queryOrders(new QueryOrders(user)).orders());
            positions.add(venue.queryPositions(new QueryPositions(user, null)).positions().stream()
                    .map(p -> new PositionView(p.userId(), p.instrument(), p.longQuantity(), p.longAvgPrice(), p.shortQuantity(),
                            p.shortAvgPrice(), p.margin(), p.realizedPnl(), p.unrealizedPnl(), p.markPrice(), 0))
                    .toList());
        }
        List<BookChanged> books = RandomCommands.INSTRUMENTS.stream().map(i -> {
            BookChanged book = venue.book(i.symbol());
            return new BookChanged(book.instrument(), book.bids(), book.asks(), 0);
        }).toList();
        return new Views(accounts, orders, positions, books);
    }
}
