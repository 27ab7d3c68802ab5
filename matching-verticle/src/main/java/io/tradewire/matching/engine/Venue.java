package io.tradewire.matching.engine;

import io.tradewire.model.BarInterval;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Printable;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.VenueOrderIds;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.SummaryItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The in-house venue: a deterministic, single-threaded state machine of order books, accounts,
 * positions and orders. One command in, one reply out (or a {@link RejectedException} with nothing
 * changed), and the command's events handed to an {@link EventSink} in this order:
 *
 * <ol>
 *   <li>submit: the taker's {@code OrderUpdated} (SUBMITTED); per fill: {@code TradeExecuted} for the
 *       maker then the taker (same trade id), {@code OrderUpdated} for the maker then the taker, one
 *       public {@code Tick} (with the 24-hour volume and the best bid and ask after the fill), then one {@code BarUpdated} per {@link BarInterval} in its order ({@code 1m}
 *       … {@code 1M}); the taker's {@code OrderUpdated} (CANCELLED) when an IOC / MARKET remainder
 *       or a remainder is cancelled by self-trade prevention; then one {@code PositionChanged} per (user,
 *       instrument) that had a fill, one {@code AccountChanged} per affected user (the taker first, then makers in
 *       fill order) and one {@code BookChanged} (top {@code book-depth} levels) when those levels changed (a
 *       change deeper in the book is not published: no subscriber sees it);</li>
 *   <li>cancel: {@code OrderUpdated} (CANCELLED), {@code AccountChanged}, {@code BookChanged} (when visible, as above);</li>
 *   <li>amend that keeps priority (quantity down): {@code OrderUpdated}, {@code AccountChanged}, {@code BookChanged}
 *       (when visible);
 *       one that loses it (new price, or quantity up): the order's {@code OrderUpdated} with its new price and
 *       quantity, then exactly what a submit emits after its SUBMITTED update (fills when the new price crosses, a
 *       CANCELLED update when self-trade prevention stops it, positions, accounts, book);</li>
 *   <li>deposit and withdraw: {@code AccountChanged};</li>
 *   <li>queries: none.</li>
 * </ol>
 *
 * <p>Order handling: LIMIT and MARKET orders, GTC / IOC / FOK, post-only ({@link SubmitOrder#postOnly()}: refused
 * with {@link ErrorCode#WOULD_TAKE_LIQUIDITY} when it would trade), amend ({@link AmendOrder}), client order ids
 * unique per user among working orders and those finished within {@link VenueSettings#clientOrderIdWindowMillis()}
 * (cancel and amend name an order by its id or by the user's client order id: the latest order the user submitted
 * with it, while that order is kept),
 * a price band per instrument (limit prices within {@code ±price-band} of the mark; market orders trade only within
 * it), maker / taker fees on every fill ({@link Contract#fee}), and self-trade prevention
 * ({@link SelfTradePrevention}).
 *
 * <p>Market data: every fill updates the instrument's bars ({@link BarBook}); {@code QueryBar} answers the
 * current bar of one interval and {@code QuerySummary} / {@link #summaries()} the current UTC day of each
 * instrument of a region ({@link Instrument#region()}).
 *
 * <p>Every check happens before the first change, so a rejected command changes nothing (an account
 * that would be auto-opened by it is not opened either). Ids come from the injected clock and per-venue
 * counters: {@code O} / {@code T} + 13-digit epoch millis + 7-digit counter, with {@code <venue>-} in front on any
 * venue but the default one ({@link VenueOrderIds}), so the gateway can tell which venue holds an order.
 *
 * <p>Finished orders (filled or cancelled) stay queryable for {@link VenueSettings#finishedOrderRetentionMillis()}
 * and at most {@link VenueSettings#maxFinishedOrders()} of them are kept ({@link FinishedOrders}): each accepted
 * state-changing command first forgets those past the retention at its time and the oldest beyond the maximum. A
 * forgotten order answers {@link ErrorCode#ORDER_NOT_FOUND} and no longer counts as a duplicate client order id.
 *
 * <p>Determinism (what the journal relies on, see docs/DURABILITY.md): the state after a sequence of
 * accepted state-changing commands ({@link #changesState}) depends only on those commands and the
 * timestamp each was executed with ({@link #handle(Command, long, EventSink)}); ids come from that
 * timestamp and the venue's own counters. Queries change nothing that matters: {@code QueryAccount} may
 * auto-open an account, but an untouched auto-opened account ({@link Account#isPristine}) answers every
 * query exactly like a missing one, so snapshots and {@link #stateHash()} leave such accounts out.
 */
public final class Venue {
    private static final Pattern NAME = Pattern.compile(StreamKeys.SEGMENT);
    private static final int MAX_CLIENT_ORDER_ID = 64;
    private static final long ID_COUNTER_MODULUS = 10_000_000L;
    /** Largest single deposit or withdrawal. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000000");
    private static final String INTERVAL_NAMES =
            Arrays.stream(BarInterval.values()).map(BarInterval::wireName).collect(Collectors.joining(", "));

    private final String name;
    /** Put in front of every order and trade id: empty on the default venue, {@code <name>-} on any other. */
    private final String idPrefix;
    private final VenueSettings settings;
    private final LongSupplier clock;
    private final Map<String, Market> markets = new LinkedHashMap<>();
    /** The venue's markets by region, regions and markets in configuration order. */
    private final Map<String, List<Market>> regions = new LinkedHashMap<>();
    private final Map<String, Account> accounts = new HashMap<>();
    /** Every working order and every finished one not forgotten yet ({@link #finished}), by id, in sequence order. */
    private final Map<String, Order> orders = new LinkedHashMap<>();
    /** Orders resting in a book, by sequence (the id the books know them by); primitive keys, as in the books. */
    private final Long2ObjectHashMap<Order> resting = new Long2ObjectHashMap<>();
    /** The latest order of each (user, client order id), for duplicate detection; rebuilt from the orders on restore. */
    private final ClientOrderIds clientOrders = new ClientOrderIds();
    /** The finished orders still in {@link #orders}, in the order they are forgotten. */
    private final FinishedOrders finished;
    private final MarkPrices marks = new Marks();
    private long orderSequence;
    private long tradeSequence;
    /** Executions so far: each marks the accounts and positions it touched with its number (not state). */
    private long executions;
    private final Execution execution = new Execution();
    /** The read-only sweep of the funds check, reset by each command that sweeps. */
    private final Sweep sweep = new Sweep();

    /** The default venue ({@code name} is {@code matching.venue}): trades the instruments routed {@code venue}. */
    public Venue(String name, InstrumentDirectory instruments, VenueSettings settings, LongSupplier clock) {
        this(name, name, instruments, settings, clock);
    }

    /**
     * @param name         the venue name ({@code [A-Za-z0-9_-]}, up to 64 characters)
     * @param defaultVenue the default venue's name ({@code matching.venue}): the one that trades instruments routed
     *                     {@code venue}; when it is not this venue, this venue's order and trade ids carry its name
     *                     ({@link VenueOrderIds})
     * @param instruments  every configured instrument; only those this venue trades ({@link Instrument#tradedOn}) are traded
     * @param settings     accounts and market-data settings
     * @param clock        epoch milliseconds, for timestamps and ids
     */
    public Venue(String name, String defaultVenue, InstrumentDirectory instruments, VenueSettings settings, LongSupplier clock) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("venue name '" + name + "' must match " + StreamKeys.SEGMENT);
        }
        if (defaultVenue == null || !NAME.matcher(defaultVenue).matches()) {
            throw new IllegalArgumentException("default venue name '" + defaultVenue + "' must match " + StreamKeys.SEGMENT);
        }
        this.name = name;
        this.idPrefix = VenueOrderIds.of(name, defaultVenue, "");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.finished = new FinishedOrders(settings.finishedOrderRetentionMillis(), settings.maxFinishedOrders());
        for (Instrument instrument : instruments.all()) {
            if (!instrument.tradedOn(name, defaultVenue)) {
                continue;
            }
            if (!instrument.currency().equals(settings.currency())) {
                throw new IllegalArgumentException("instrument " + instrument.symbol() + " settles in " + instrument.currency()
                        + " but accounts of venue " + name + " are in " + settings.currency());
            }
            Market market = new Market(new Contract(instrument), settings.bookDepth());
            markets.put(instrument.symbol(), market);
            regions.computeIfAbsent(instrument.region(), region -> new ArrayList<>()).add(market);
        }
    }

    public String name() {
        return name;
    }

    public VenueSettings settings() {
        return settings;
    }

    /** Symbols traded here, in configuration order. */
    public List<String> instruments() {
        return List.copyOf(markets.keySet());
    }

    /** Regions of the instruments traded here, in configuration order. */
    public List<String> regions() {
        return List.copyOf(regions.keySet());
    }

    /**
     * Whether a command changes the venue's state when it is accepted: such commands are journaled, and
     * replaying them with their timestamps rebuilds the state. Everything else is a query.
     */
    public static boolean changesState(Command command) {
        return command instanceof SubmitOrder || command instanceof CancelOrder || command instanceof AmendOrder
                || command instanceof Deposit || command instanceof Withdraw;
    }

    /** Executes one command at the clock's current time; see {@link #handle(Command, long, EventSink)}. */
    public Object handle(Command command, EventSink events) {
        return handle(command, clock.getAsLong(), events);
    }

    /**
     * Executes one command as of {@code now} (epoch milliseconds): the time written into its ids, orders,
     * trades and bars. Live, {@code now} is the clock; on replay, the time recorded in the journal.
     *
     * @return the reply: {@link OrderView} (submit, cancel, amend, query), {@link OrderList}, {@link AccountView}
     *         (deposit, withdraw, query), {@link PositionList},
     *         {@link BookChanged}, {@link BarUpdated} or {@link MarketSummary}
     * @throws RejectedException when the command is refused; nothing changed and no event was sent
     */
    public Object handle(Command command, long now, EventSink events) {
        if (command instanceof SubmitOrder submit) {
            return submit(submit, now, events);
        }
        if (command instanceof CancelOrder cancel) {
            return cancel(cancel, now, events);
        }
        if (command instanceof AmendOrder amend) {
            return amend(amend, now, events);
        }
        if (command instanceof Deposit deposit) {
            return deposit(deposit, now, events);
        }
        if (command instanceof Withdraw withdraw) {
            return withdraw(withdraw, now, events);
        }
        if (command instanceof QueryOrder query) {
            return queryOrder(query);
        }
        if (command instanceof QueryOrders query) {
            return queryOrders(query);
        }
        if (command instanceof QueryAccount query) {
            return queryAccount(query, now);
        }
        if (command instanceof QueryPositions query) {
            return queryPositions(query, now);
        }
        if (command instanceof QueryBook query) {
            return bookChanged(market(query.instrument()), now);
        }
        if (command instanceof QueryBar query) {
            return bar(query.instrument(), query.interval(), now);
        }
        if (command instanceof QuerySummary query) {
            return summary(query.region(), now);
        }
        throw new RejectedException(ErrorCode.MALFORMED, "Malformed message: not a venue command");
    }

    /** Places an order at the clock's current time; see {@link #submit(SubmitOrder, long, EventSink)}. */
    public OrderView submit(SubmitOrder command, EventSink events) {
        return submit(command, clock.getAsLong(), events);
    }

    /**
     * Places an order: validates (grid, price band, post-only, client order id), checks position and funds, matches
     * (stopping in front of the user's own resting orders under self-trade prevention), rests or drops the remainder.
     */
    public OrderView submit(SubmitOrder command, long now, EventSink events) {
        String userId = requireUser(command.userId());
        Market market = market(command.instrument());
        if (command.side() == null || command.offset() == null || command.type() == null) {
            throw new RejectedException(ErrorCode.MALFORMED, "Malformed message: side, offset and type are required");
        }
        String clientOrderId = requireClientOrderId(command.clientOrderId());
        Contract contract = market.contract;
        Side side = command.side();
        boolean opening = command.offset() == Offset.OPEN;
        boolean longSide = (side == Side.BUY) == opening;
        boolean isMarket = command.type() == OrderType.MARKET;
        long lots = contract.toLots(command.quantity());
        long limit = isMarket ? OrderBook.marketLimit(side) : contract.toTicks(command.price());
        TimeInForce tif = effectiveTimeInForce(command.type(), command.timeInForce());
        boolean rests = tif == TimeInForce.GTC;
        if (command.postOnly() && (isMarket || !rests)) {
            throw new RejectedException(ErrorCode.MALFORMED,
                    "Malformed message: a post-only order must be a LIMIT order with time in force GTC");
        }
        if (!isMarket) {
            market.checkBand(limit);
        }
        // A market order trades only within the band (the far edge of it is its limit).
        long matchLimit = isMarket ? market.marketLimit(side) : limit;
        if (clientOrderId != null) {
            checkClientOrderId(userId, clientOrderId, now);
        }

        Account account = accounts.get(userId);
        boolean newAccount = account == null;
        if (newAccount) {
            if (!settings.autoOpenAccounts()) {
                throw accountNotFound();
            }
            account = new Account(userId, settings.currency(), settings.startingBalance());
        }
        Position existing = account.findPosition(contract.symbol());
        if (opening) {
            long exposure = existing == null ? 0 : existing.exposure(longSide);
            if (lots > Contract.MAX_LOTS - exposure) {
                throw positionLimit(contract);
            }
        } else {
            long closable = existing == null ? 0 : existing.closable(longSide);
            if (lots > closable) {
                throw insufficientPosition(contract, closable);
            }
        }
        if (command.postOnly() && market.book.wouldCross(side, limit)) {
            throw wouldTakeLiquidity(market, side);
        }
        SelfTrade selfTrade = selfTrade(userId);
        sweep.reset();
        long fillable = market.book.sweep(side, matchLimit, lots, sweep, selfTrade);
        if (tif == TimeInForce.FOK && fillable < lots) {
            throw new RejectedException(ErrorCode.NOT_FILLABLE, selfTrade != null && selfTrade.hit
                    ? "Order cannot be filled completely: it would trade with your own resting order (self-trade prevention)"
                    : ErrorCode.NOT_FILLABLE.defaultMessage());
        }
        if (opening) {
            requireFunds(account.available(marks),
                    required(contract, sweep.notional, limit, rests ? lots - fillable : 0, isMarket ? 0 : lots));
        }

        // Accepted: nothing below rejects.
        forgetFinished(now);
        if (newAccount) {
            accounts.put(userId, account);
        }
        Order taker = newOrder(now, clientOrderId, account, contract, command, tif, limit, lots);
        taker.frozen = taker.frozenFor(lots);
        account.freeze(taker.frozen);
        OrderView entered = taker.view();
        events.publish(new OrderUpdated(entered));

        return execute(market, account, taker, entered, matchLimit, lots, fillable, rests, selfTrade, now, events);
    }

    /** Amends an order at the clock's current time; see {@link #amend(AmendOrder, long, EventSink)}. */
    public OrderView amend(AmendOrder command, EventSink events) {
        return amend(command, clock.getAsLong(), events);
    }

    /**
     * Changes the price and / or the total quantity of one of the user's own working orders. Reducing the quantity at
     * the same price keeps the order's place in the queue; a new price or a larger quantity takes it out of the book
     * and enters it again as the newest order at its (new) price: it trades first when that price crosses the book
     * (refused for a post-only order), with self-trade prevention like any incoming order. The same price and
     * quantity change nothing. Checks: the new price on the tick grid and within the band, the new quantity on the lot
     * grid and above what has filled, the position (limit for OPEN, closable for CLOSE) when the remainder grows, and
     * the funds for OPEN orders whenever priority is lost.
     */
    public OrderView amend(AmendOrder command, long now, EventSink events) {
        Order order = namedOrder(command.userId(), command.orderId(), command.clientOrderId());
        if (command.price() == null && command.quantity() == null) {
            throw new RejectedException(ErrorCode.MALFORMED, "Malformed message: an amend needs a new price or a new volume");
        }
        if (order.status.isFinal()) {
            throw new RejectedException(ErrorCode.ORDER_NOT_ACTIVE, "Order is no longer active: " + order.status);
        }
        Market market = markets.get(order.contract.symbol());
        Contract contract = market.contract;
        long newLimit = command.price() == null ? order.limitTicks : contract.toTicks(command.price());
        long newLots = command.quantity() == null ? order.lots : contract.toLots(command.quantity());
        if (newLots <= order.filledLots) {
            throw new RejectedException(ErrorCode.INVALID_QUANTITY, "Invalid quantity: the new volume must be more than the "
                    + contract.quantity(order.filledLots).toPlainString() + " already filled (cancel the order instead)");
        }
        boolean priceChanged = newLimit != order.limitTicks;
        if (priceChanged) {
            market.checkBand(newLimit);
        }
        if (!priceChanged && newLots == order.lots) {
            return order.view(); // nothing to change
        }
        boolean keepsPriority = !priceChanged && newLots < order.lots;
        long oldRemaining = order.remaining();
        long newRemaining = newLots - order.filledLots;
        Account account = order.account;
        Position position = account.position(contract);
        boolean longSide = order.longSide();
        boolean opening = order.opening();
        if (newRemaining > oldRemaining) {
            long more = newRemaining - oldRemaining;
            if (opening && more > Contract.MAX_LOTS - position.exposure(longSide)) {
                throw positionLimit(contract);
            }
            if (!opening && more > position.closable(longSide)) {
                throw insufficientPosition(contract, position.closable(longSide) + oldRemaining);
            }
        }
        SelfTrade selfTrade = null;
        long fillable = 0;
        if (!keepsPriority) {
            boolean crosses = market.book.wouldCross(order.side, newLimit);
            if (crosses && order.postOnly) {
                throw wouldTakeLiquidity(market, order.side);
            }
            selfTrade = selfTrade(order.userId);
            sweep.reset();
            if (crosses) {
                fillable = market.book.sweep(order.side, newLimit, newRemaining, sweep, selfTrade);
            }
            if (opening) {
                // What the order holds now is given back first.
                requireFunds(plus(account.available(marks), order.frozen),
                        required(contract, sweep.notional, newLimit, newRemaining - fillable, newRemaining));
            }
        }

        // Accepted: nothing below rejects.
        forgetFinished(now);
        order.updatedAt = now;
        if (keepsPriority) {
            market.book.reduce(order.sequence, newRemaining);
            position.working(longSide, opening, newRemaining - oldRemaining);
            order.lots = newLots;
            refreeze(account, order);
            events.publish(new OrderUpdated(order.view()));
            events.publish(new AccountChanged(account.view(marks, now)));
            publishDepth(market, now, events);
            return order.view();
        }
        long removed = market.book.cancel(order.sequence);
        if (removed != oldRemaining) {
            throw new IllegalStateException("order " + order.id + " had " + removed + " lots in the book, expected " + oldRemaining);
        }
        resting.remove(order.sequence);
        account.removeWorking(order);
        position.working(longSide, opening, -oldRemaining);
        order.limitTicks = newLimit;
        order.lots = newLots;
        refreeze(account, order);
        OrderView entered = order.view();
        events.publish(new OrderUpdated(entered));

        return execute(market, account, order, entered, newLimit, newRemaining, fillable, true, selfTrade, now, events);
    }

    /**
     * Matches an incoming (or re-entered) order for up to {@code lots}, then rests what is left when it
     * may rest, or cancels the remainder (IOC / market, or stopped by self-trade prevention), and
     * publishes the command's closing events.
     *
     * @param entered  the order's view as published on entry (the reply when nothing traded and it rests unchanged)
     * @param fillable what the read-only sweep found fillable (0: nothing to match)
     */
    private OrderView execute(Market market, Account account, Order order, OrderView entered, long limit, long lots, long fillable,
            boolean mayRest, SelfTrade selfTrade, long now, EventSink events) {
        Execution execution = this.execution.begin(market, order, now, events);
        try {
            execution.touched(account);
            boolean unchanged = fillable == 0;
            long remaining = fillable > 0 ? market.book.match(order.side, limit, lots, execution, selfTrade) : lots;
            if (remaining > 0) {
                if (mayRest && (selfTrade == null || !selfTrade.hit)) {
                    rest(market, account, order, remaining); // changes nothing an order view shows
                } else {
                    cancelRemainder(account, order, events);
                    unchanged = false;
                }
            }
            execution.publishSummary();
            return unchanged ? entered : order.view();
        } finally {
            execution.end();
        }
    }

    /** Adds money to an account at the clock's current time; see {@link #deposit(Deposit, long, EventSink)}. */
    public AccountView deposit(Deposit command, EventSink events) {
        return deposit(command, clock.getAsLong(), events);
    }

    /**
     * Adds money to a user's account, opening it when the user has none (at the starting balance with auto-open, else
     * empty): an operator's command, so it works with {@code auto-open-accounts: false} too.
     */
    public AccountView deposit(Deposit command, long now, EventSink events) {
        String userId = requireUser(command.userId());
        BigDecimal amount = requireAmount(command.amount());
        forgetFinished(now);
        Account account = accounts.get(userId);
        if (account == null) {
            account = new Account(userId, settings.currency(), settings.autoOpenAccounts() ? settings.startingBalance() : BigDecimal.ZERO);
            accounts.put(userId, account);
        }
        account.deposit(amount);
        AccountView view = account.view(marks, now);
        events.publish(new AccountChanged(view));
        return view;
    }

    /** Takes money out of an account at the clock's current time; see {@link #withdraw(Withdraw, long, EventSink)}. */
    public AccountView withdraw(Withdraw command, EventSink events) {
        return withdraw(command, clock.getAsLong(), events);
    }

    /**
     * Takes money out of a user's account: at most {@link Account#withdrawable} (balance − margin − frozen, less any
     * unrealized loss), else {@link ErrorCode#INSUFFICIENT_FUNDS}.
     */
    public AccountView withdraw(Withdraw command, long now, EventSink events) {
        String userId = requireUser(command.userId());
        BigDecimal amount = requireAmount(command.amount());
        Account account = accounts.get(userId);
        boolean newAccount = account == null;
        if (newAccount) {
            if (!settings.autoOpenAccounts()) {
                throw accountNotFound();
            }
            account = new Account(userId, settings.currency(), settings.startingBalance());
        }
        BigDecimal withdrawable = account.withdrawable(marks).max(BigDecimal.ZERO);
        if (amount.compareTo(withdrawable) > 0) {
            throw new RejectedException(ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds: " + Money.view(amount).toPlainString()
                    + " requested, " + Money.view(withdrawable).toPlainString() + " can be withdrawn (available "
                    + Money.view(account.available(marks)).toPlainString() + ", unrealized profit excluded)");
        }
        forgetFinished(now);
        if (newAccount) {
            accounts.put(userId, account);
        }
        account.withdraw(amount);
        AccountView view = account.view(marks, now);
        events.publish(new AccountChanged(view));
        return view;
    }

    /** Cancels an order at the clock's current time; see {@link #cancel(CancelOrder, long, EventSink)}. */
    public OrderView cancel(CancelOrder command, EventSink events) {
        return cancel(command, clock.getAsLong(), events);
    }

    /** Cancels one of the user's own working orders and releases what it held. */
    public OrderView cancel(CancelOrder command, long now, EventSink events) {
        Order order = namedOrder(command.userId(), command.orderId(), command.clientOrderId());
        if (order.status.isFinal()) {
            throw new RejectedException(ErrorCode.ORDER_NOT_ACTIVE, "Order is no longer active: " + order.status);
        }
        forgetFinished(now);
        Market market = markets.get(order.contract.symbol());
        long removed = market.book.cancel(order.sequence);
        if (removed != order.remaining()) {
            throw new IllegalStateException("order " + order.id + " had " + removed + " lots in the book, expected " + order.remaining());
        }
        Account account = order.account;
        resting.remove(order.sequence);
        account.removeWorking(order);
        account.position(order.contract).working(order.longSide(), order.opening(), -removed);
        account.release(order.frozen);
        order.frozen = BigDecimal.ZERO;
        order.status = OrderStatus.CANCELLED;
        order.updatedAt = now;
        finished.add(order);
        OrderView view = order.view();
        events.publish(new OrderUpdated(view));
        events.publish(new AccountChanged(account.view(marks, now)));
        publishDepth(market, now, events);
        return view;
    }

    /** One of the user's own orders, finished ones included. */
    public OrderView queryOrder(QueryOrder command) {
        return ownOrder(command.userId(), command.orderId()).view();
    }

    /** The user's working orders, oldest first. */
    public OrderList queryOrders(QueryOrders command) {
        Account account = existingAccount(command.userId());
        List<OrderView> views = new ArrayList<>();
        if (account != null) {
            account.workingOrders().forEach(order -> views.add(order.view()));
        }
        return new OrderList(views);
    }

    /** The user's account; with auto-open, an unknown user's account is opened here. */
    public AccountView queryAccount(QueryAccount command) {
        return queryAccount(command, clock.getAsLong());
    }

    private AccountView queryAccount(QueryAccount command, long now) {
        String userId = requireUser(command.userId());
        Account account = accounts.get(userId);
        if (account == null) {
            if (!settings.autoOpenAccounts()) {
                throw accountNotFound();
            }
            account = new Account(userId, settings.currency(), settings.startingBalance());
            accounts.put(userId, account);
        }
        return account.view(marks, now);
    }

    /** The user's positions (one instrument's, or all), leaving out flat ones without realized PnL. */
    public PositionList queryPositions(QueryPositions command) {
        return queryPositions(command, clock.getAsLong());
    }

    private PositionList queryPositions(QueryPositions command, long now) {
        String symbol = command.instrument() == null ? null : market(command.instrument()).contract.symbol();
        Account account = existingAccount(command.userId());
        return new PositionList(account == null ? List.of() : account.positionViews(symbol, marks, now));
    }

    /** The top levels of an instrument's book, as {@code BookChanged} carries them. */
    public BookChanged book(String instrument) {
        return bookChanged(market(instrument), clock.getAsLong());
    }

    /**
     * The current bar of an instrument in one interval (a {@link BarInterval} wire name); flat at the last price
     * with volume 0 when nothing traded in the current bucket yet.
     */
    public BarUpdated bar(String instrument, String interval) {
        return bar(instrument, interval, clock.getAsLong());
    }

    private BarUpdated bar(String instrument, String interval, long now) {
        Market market = market(instrument);
        BarInterval parsed = BarInterval.parse(interval).orElseThrow(() -> new RejectedException(ErrorCode.MALFORMED,
                "Malformed message: unknown bar interval " + Printable.of(interval) + ", expected one of "
                        + INTERVAL_NAMES));
        return market.bars.current(parsed, now, market.markTicks);
    }

    /** The current UTC day of each instrument of a region traded here. */
    public MarketSummary summary(String region) {
        return summary(region, clock.getAsLong());
    }

    private MarketSummary summary(String region, long now) {
        if (!StreamKeys.isValidSegment(region)) {
            throw new RejectedException(ErrorCode.MALFORMED, "Malformed message: invalid region " + Printable.of(region));
        }
        List<Market> members = regions.get(region);
        if (members == null) {
            throw new RejectedException(ErrorCode.UNKNOWN_INSTRUMENT,
                    "Unknown region: " + region + " (no instrument of venue " + name + " is in it)");
        }
        return summary(region, members, now);
    }

    /** One summary per region of the instruments traded here, in configuration order, all at the same time. */
    public List<MarketSummary> summaries() {
        long now = clock.getAsLong();
        List<MarketSummary> result = new ArrayList<>(regions.size());
        regions.forEach((region, members) -> result.add(summary(region, members, now)));
        return result;
    }

    /**
     * Checks every invariant of the venue and throws {@link IllegalStateException} on the first broken
     * one: each book's own state, every resting order in its book with the same remainder, owned by a
     * working list and holding its client order id, each account's balance / fees / frozen / working lots / realized
     * PnL, per instrument total long == total short, and every known order either resting or finished.
     */
    public void validateInternalState() {
        int inBooks = 0;
        for (Market market : markets.values()) {
            market.book.validateInternalState();
            inBooks += market.book.size();
        }
        if (inBooks != resting.size()) {
            throw new IllegalStateException("books hold " + inBooks + " orders, the venue knows " + resting.size() + " resting");
        }
        for (Order order : resting.values()) {
            if (order.status.isFinal() || order.remaining() <= 0 || order.type != OrderType.LIMIT
                    || markets.get(order.contract.symbol()).book.remaining(order.sequence) != order.remaining()) {
                throw new IllegalStateException("resting order " + order.id + " disagrees with its book");
            }
            if (order.clientOrderId != null && clientOrders.get(order.userId, order.clientOrderId) != order) {
                throw new IllegalStateException("working order " + order.id + " is not the holder of its client order id");
            }
        }
        Map<String, long[]> totals = new HashMap<>();
        int working = 0;
        for (Account account : accounts.values()) {
            account.validate();
            for (Order order : account.workingOrders()) {
                if (resting.get(order.sequence) != order || !order.userId.equals(account.userId()) || order.account != account) {
                    throw new IllegalStateException("working order " + order.id + " of " + account.userId() + " is not resting");
                }
                working++;
            }
            for (Position position : account.positions()) {
                long[] total = totals.computeIfAbsent(position.contract().symbol(), s -> new long[2]);
                total[0] += position.lots(true);
                total[1] += position.lots(false);
            }
        }
        if (working != resting.size()) {
            throw new IllegalStateException("accounts list " + working + " working orders, " + resting.size() + " rest");
        }
        if (orders.size() != resting.size() + finished.size()) {
            throw new IllegalStateException("the venue knows " + orders.size() + " orders: " + resting.size() + " resting and "
                    + finished.size() + " finished do not add up");
        }
        totals.forEach((symbol, total) -> {
            if (total[0] != total[1]) {
                throw new IllegalStateException(symbol + ": total long " + total[0] + " != total short " + total[1]);
            }
        });
    }

    /**
     * A SHA-256 (hex) of everything that defines the venue's state: the id counters, every market's mark,
     * bars and book (FIFO order included), every order, and every account that is not pristine with its
     * positions and working orders. Amounts are compared by value (scale does not count). Two venues with
     * the same configuration and the same hash answer every query the same way.
     */
    public String stateHash() {
        return VenueSnapshot.stateHash(this);
    }

    /** The current mark of an instrument, in ticks. */
    long markTicks(String instrument) {
        return market(instrument).markTicks;
    }

    OrderBook orderBook(String instrument) {
        return market(instrument).book;
    }

    // State access for VenueSnapshot (same package): the snapshot codec reads and rebuilds these directly.

    Map<String, Market> markets() {
        return markets;
    }

    Map<String, Account> accounts() {
        return accounts;
    }

    Map<String, Order> orders() {
        return orders;
    }

    Long2ObjectHashMap<Order> resting() {
        return resting;
    }

    long orderSequence() {
        return orderSequence;
    }

    long tradeSequence() {
        return tradeSequence;
    }

    void restoreSequences(long orderSequence, long tradeSequence) {
        this.orderSequence = orderSequence;
        this.tradeSequence = tradeSequence;
    }

    /**
     * Rebuilds the indexes a snapshot does not record from the orders: client order ids (in sequence order: the latest
     * use of an id wins) and the finished orders.
     */
    void rebuildOrderIndexes() {
        clientOrders.clear();
        List<Order> done = new ArrayList<>();
        for (Order order : orders.values()) {
            if (order.clientOrderId != null) {
                clientOrders.put(order);
            }
            if (order.status.isFinal()) {
                done.add(order);
            }
        }
        finished.rebuild(done);
    }

    /** How many finished orders are kept right now. */
    int finishedOrders() {
        return finished.size();
    }

    /** Forgets the finished orders past their retention at {@code now} (an accepted state-changing command's time). */
    private void forgetFinished(long now) {
        finished.prune(now, order -> {
            orders.remove(order.id);
            if (order.clientOrderId != null) {
                clientOrders.remove(order);
            }
        });
    }

    /** Rests what is left of an order that did not trade away: in the book, the working list and the position's counts. */
    private void rest(Market market, Account account, Order order, long remaining) {
        market.book.add(order.sequence, order.side, order.limitTicks, remaining);
        resting.put(order.sequence, order);
        account.addWorking(order);
        account.position(order.contract).working(order.longSide(), order.opening(), remaining);
    }

    /** Drops what is left of an incoming order (IOC, MARKET, self-trade prevention): CANCELLED, nothing held. */
    private void cancelRemainder(Account account, Order order, EventSink events) {
        order.status = OrderStatus.CANCELLED;
        finished.add(order);
        account.release(order.frozen);
        order.frozen = BigDecimal.ZERO;
        events.publish(new OrderUpdated(order.view()));
    }

    /** Holds for an order exactly what its remainder needs at its (possibly new) limit. */
    private static void refreeze(Account account, Order order) {
        account.release(order.frozen);
        order.frozen = order.frozenFor(order.remaining());
        account.freeze(order.frozen);
    }

    /** The self-trade check of an incoming order of {@code userId}, or null when prevention is off. */
    private SelfTrade selfTrade(String userId) {
        return settings.selfTradePrevention() == SelfTradePrevention.CANCEL_NEWEST ? new SelfTrade(userId) : null;
    }

    private void checkClientOrderId(String userId, String clientOrderId, long now) {
        Order previous = clientOrders.get(userId, clientOrderId);
        if (previous == null) {
            return;
        }
        if (!previous.status.isFinal()) {
            throw new RejectedException(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "Duplicate client order id: " + clientOrderId
                    + " belongs to your working order " + previous.id);
        }
        long window = settings.clientOrderIdWindowMillis();
        if (window > 0 && now - previous.updatedAt < window) {
            throw new RejectedException(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "Duplicate client order id: " + clientOrderId
                    + " belongs to your order " + previous.id + ", finished less than " + java.time.Duration.ofMillis(window)
                    .toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " ago");
        }
    }

    /**
     * What an OPEN order needs available: the margin of what fills now (at the fill prices, {@code sweptNotional}) plus
     * that of what rests at its limit, at least the margin of {@code wholeLots} at the limit (a limit order's whole
     * remainder; 0 for a market order), plus the fees it would pay: taker on what fills now, maker on what rests
     * (charged when it fills). Each part is rounded on its own, as it will be held.
     */
    private static BigDecimal required(Contract contract, long sweptNotional, long limit, long restingLots, long wholeLots) {
        long restingNotional = Math.multiplyExact(limit, restingLots); // 0 when nothing rests: its margin and fee are 0
        BigDecimal required = plus(contract.held(sweptNotional), contract.held(restingNotional));
        if (wholeLots > 0) {
            required = required.max(contract.held(Math.multiplyExact(limit, wholeLots)));
        }
        return plus(plus(required, contract.fee(sweptNotional, false)), contract.fee(restingNotional, true));
    }

    /**
     * {@code a + b} for amounts that are only compared and shown (never kept): a zero operand gives the other one back,
     * equal in value (its scale may differ, which neither a comparison nor {@link Money#view} sees).
     */
    private static BigDecimal plus(BigDecimal a, BigDecimal b) {
        return b.signum() == 0 ? a : a.signum() == 0 ? b : a.add(b);
    }

    private static void requireFunds(BigDecimal available, BigDecimal required) {
        if (available.compareTo(required) < 0) {
            throw new RejectedException(ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds: " + Money.view(required).toPlainString()
                    + " required, " + Money.view(available).toPlainString() + " available");
        }
    }

    private static RejectedException positionLimit(Contract contract) {
        return new RejectedException(ErrorCode.INVALID_QUANTITY,
                "Invalid quantity: the position limit of " + contract.quantity(Contract.MAX_LOTS).toPlainString() + " would be exceeded");
    }

    private static RejectedException insufficientPosition(Contract contract, long closable) {
        return new RejectedException(ErrorCode.INSUFFICIENT_POSITION, "Insufficient position to close: "
                + contract.quantity(closable).toPlainString() + " closable");
    }

    private static RejectedException wouldTakeLiquidity(Market market, Side side) {
        long best = (side == Side.BUY ? market.book.bestAsk() : market.book.bestBid()).orElseThrow();
        return new RejectedException(ErrorCode.WOULD_TAKE_LIQUIDITY, "Post-only order would take liquidity: the best "
                + (side == Side.BUY ? "ask" : "bid") + " is " + market.contract.price(best).toPlainString());
    }

    /** An amount of money from a command: positive, at most {@link Money#SCALE} decimals, at most {@link #MAX_AMOUNT}. */
    private static BigDecimal requireAmount(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0 || amount.stripTrailingZeros().scale() > Money.SCALE
                || amount.compareTo(MAX_AMOUNT) > 0) {
            throw new RejectedException(ErrorCode.MALFORMED, "Malformed message: the amount must be positive, with at most "
                    + Money.SCALE + " decimals, and at most " + MAX_AMOUNT.toPlainString());
        }
        return amount;
    }

    private Order newOrder(long now, String clientOrderId, Account account, Contract contract, SubmitOrder command,
            TimeInForce tif, long limit, long lots) {
        String userId = account.userId();
        Order order;
        do { // one lookup per new order: the id is taken unless a kept order already has it (the counter wrapped)
            orderSequence++;
            String id = idPrefix + formatId('O', now, orderSequence);
            order = new Order(orderSequence, id, clientOrderId, userId, contract, command.side(), command.offset(),
                    command.type(), tif, limit, lots, command.source() == null ? OrderSource.API : command.source(), now,
                    command.postOnly());
        } while (orders.putIfAbsent(order.id, order) != null);
        order.account = account;
        if (clientOrderId != null) {
            clientOrders.put(order);
        }
        return order;
    }

    /** {@code prefix} + 13-digit epoch millis + 7-digit counter (the counter wraps at 10^7). */
    static String formatId(char prefix, long millis, long counter) {
        StringBuilder id = new StringBuilder(21).append(prefix);
        appendPadded(id, Math.max(0, millis), 13);
        appendPadded(id, counter % ID_COUNTER_MODULUS, 7);
        return id.toString();
    }

    private static void appendPadded(StringBuilder target, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            target.append('0');
        }
        target.append(digits);
    }

    private static TimeInForce effectiveTimeInForce(OrderType type, TimeInForce requested) {
        if (type == OrderType.MARKET) {
            // A market order never rests: GTC (or nothing) means IOC, FOK stays FOK.
            return requested == TimeInForce.FOK ? TimeInForce.FOK : TimeInForce.IOC;
        }
        return requested == null ? TimeInForce.GTC : requested;
    }

    private Market market(String symbol) {
        Market market = symbol == null ? null : markets.get(symbol);
        if (market == null) {
            throw new RejectedException(ErrorCode.UNKNOWN_INSTRUMENT, "Unknown instrument: " + Printable.of(symbol));
        }
        return market;
    }

    /**
     * The caller's order; an unknown id and another user's id get the same answer. The order is looked up first: one
     * the caller owns proves the user id valid (it was checked when the order was placed) and the account there
     * (accounts are never removed), so only a miss checks them, and answers exactly as a check in front would.
     */
    private Order ownOrder(String userId, String orderId) {
        Order order = orderId == null ? null : orders.get(orderId);
        if (order == null || !order.userId.equals(userId)) {
            existingAccount(userId);
            throw new RejectedException(ErrorCode.ORDER_NOT_FOUND, ErrorCode.ORDER_NOT_FOUND.defaultMessage());
        }
        return order;
    }

    /**
     * The caller's order named by exactly one of the venue's id and the caller's client order id (the latest order it
     * submitted with that id, working or finished and not forgotten yet). Client order ids are looked up per user, so
     * another user's id finds nothing; an unknown id and another user's order get the same answer.
     */
    private Order namedOrder(String userId, String orderId, String clientOrderId) {
        if ((orderId == null) == (clientOrderId == null)) {
            throw new RejectedException(ErrorCode.MALFORMED,
                    "Malformed message: name the order by exactly one of its order id and its client order id");
        }
        if (orderId != null) {
            return ownOrder(userId, orderId);
        }
        requireClientOrderId(clientOrderId);
        existingAccount(userId);
        Order order = clientOrders.get(userId, clientOrderId);
        if (order == null) {
            throw new RejectedException(ErrorCode.ORDER_NOT_FOUND, ErrorCode.ORDER_NOT_FOUND.defaultMessage());
        }
        return order;
    }

    /** The user's account, or null for a user who has none yet while accounts auto-open. */
    private Account existingAccount(String userId) {
        Account account = accounts.get(requireUser(userId));
        if (account == null && !settings.autoOpenAccounts()) {
            throw accountNotFound();
        }
        return account;
    }

    private static String requireUser(String userId) {
        if (!StreamKeys.isValidSegment(userId)) {
            throw new RejectedException(ErrorCode.MALFORMED, "Malformed message: invalid user id");
        }
        return userId;
    }

    private static String requireClientOrderId(String clientOrderId) {
        if (clientOrderId != null && (clientOrderId.length() > MAX_CLIENT_ORDER_ID || !printableAscii(clientOrderId))) {
            throw new RejectedException(ErrorCode.MALFORMED,
                    "Malformed message: client order id must be printable ASCII of at most " + MAX_CLIENT_ORDER_ID + " characters");
        }
        return clientOrderId;
    }

    /** A plain loop: this runs for every order that carries a client order id and every command that names one. */
    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static RejectedException accountNotFound() {
        return new RejectedException(ErrorCode.ACCOUNT_NOT_FOUND, ErrorCode.ACCOUNT_NOT_FOUND.defaultMessage());
    }

    private static MarketSummary summary(String region, List<Market> members, long now) {
        List<SummaryItem> items = new ArrayList<>(members.size());
        for (Market market : members) {
            items.add(market.bars.summary(now, market.markTicks));
        }
        return new MarketSummary(region, items, now);
    }

    /** A {@link BookChanged} when the command changed what the book's published depth shows. */
    private void publishDepth(Market market, long now, EventSink events) {
        if (market.book.takeDepthChanged()) {
            events.publish(bookChanged(market, now));
        }
    }

    private BookChanged bookChanged(Market market, long now) {
        return new BookChanged(market.contract.symbol(), levels(market, Side.BUY), levels(market, Side.SELL), now);
    }

    private List<BookLevel> levels(Market market, Side side) {
        Contract contract = market.contract;
        List<BookLevel> levels = new ArrayList<>(settings.bookDepth());
        market.book.forEachLevel(side, settings.bookDepth(), (priceTicks, lots, orderCount) ->
                levels.add(new BookLevel(contract.price(priceTicks), contract.quantity(lots), orderCount)));
        return levels;
    }

    /** One instrument: its contract, its book, its bars and its mark (the last trade price, or the reference). */
    static final class Market {
        final Contract contract;
        final OrderBook book;
        final BarBook bars;
        /** The lots traded over the last 24 hours, for the ticker of each trade. */
        final RollingVolume volume24h = new RollingVolume();
        long markTicks;

        /** The band's edges in ticks for {@link #bandMark} (recomputed when the mark moves). */
        private long bandMark = -1;
        private long bandLow;
        private long bandHigh;

        Market(Contract contract, int bookDepth) {
            this.contract = contract;
            this.book = new OrderBook(contract.symbol(), bookDepth);
            this.bars = new BarBook(contract);
            this.markTicks = contract.referenceTicks();
        }

        private void refreshBand() {
            if (bandMark != markTicks) {
                bandLow = contract.bandLow(markTicks);
                bandHigh = contract.bandHigh(markTicks);
                bandMark = markTicks;
            }
        }

        /** {@link ErrorCode#PRICE_OUT_OF_BAND} when a limit price is outside the band around the mark. */
        void checkBand(long limitTicks) {
            if (!contract.hasPriceBand()) {
                return;
            }
            refreshBand();
            if (limitTicks < bandLow || limitTicks > bandHigh) {
                throw new RejectedException(ErrorCode.PRICE_OUT_OF_BAND, "Price out of band: " + contract.price(limitTicks)
                        .toPlainString() + " is not within " + contract.price(bandLow).toPlainString() + " .. "
                        + contract.price(bandHigh).toPlainString() + " (±" + contract.instrument().priceBand()
                        .movePointRight(2).stripTrailingZeros().toPlainString() + " % of the last price "
                        + contract.price(markTicks).toPlainString() + ")");
            }
        }

        /** The limit a market order matches with: the band's far edge, or the whole book without a band. */
        long marketLimit(Side side) {
            if (!contract.hasPriceBand()) {
                return OrderBook.marketLimit(side);
            }
            refreshBand();
            return side == Side.BUY ? bandHigh : bandLow;
        }
    }

    /**
     * The markets' marks for account sums: every view and funds check asks them per position, mostly for the market the
     * command trades, so the last market asked is kept and a lookup by symbol happens only for another one.
     */
    private final class Marks implements MarkPrices {
        private Market last;

        @Override
        public long markTicks(Contract contract) {
            Market market = last;
            if (market == null || market.contract != contract) {
                market = markets.get(contract.symbol());
                last = market;
            }
            return market.markTicks;
        }
    }

    /** Read-only sweep result: the notional (ticks × lots) of what would fill. */
    private static final class Sweep implements OrderBook.LevelVisitor {
        long notional;

        void reset() {
            notional = 0;
        }

        @Override
        public void visit(long priceTicks, long lots) {
            notional = Math.addExact(notional, Math.multiplyExact(priceTicks, lots));
        }
    }

    /**
     * Self-trade prevention for one incoming order: true (stop) in front of a resting order of the same user, and
     * remembers that it happened.
     */
    private final class SelfTrade implements LongPredicate {
        final String userId;
        boolean hit;

        SelfTrade(String userId) {
            this.userId = userId;
        }

        @Override
        public boolean test(long makerSequence) {
            if (resting.get(makerSequence).userId.equals(userId)) {
                hit = true;
                return true;
            }
            return false;
        }
    }

    /**
     * The fills of one incoming order: applies each to both orders, accounts and positions, and emits its events. The
     * venue has one, used by one command at a time ({@link #begin} to {@link #end}): a command's execution needs no
     * objects of its own.
     */
    private final class Execution implements FillListener {
        Market market;
        Order taker;
        long now;
        EventSink events;
        /**
         * The accounts and positions the fills touched, each once, in the order first touched (with the owner of each
         * position). Lists with a per-execution mark on the account or position instead of a linked set per command.
         */
        final List<Account> accounts = new ArrayList<>(4);
        final List<Position> positions = new ArrayList<>(4);
        final List<Account> positionOwners = new ArrayList<>(4);
        long mark;

        Execution begin(Market market, Order taker, long now, EventSink events) {
            if (this.taker != null) {
                throw new IllegalStateException("an execution of order " + this.taker.id + " is still under way");
            }
            this.market = market;
            this.taker = taker;
            this.now = now;
            this.events = events;
            this.mark = ++executions;
            return this;
        }

        /** Lets go of the command's objects (and the lists' contents) for the next command. */
        void end() {
            market = null;
            taker = null;
            events = null;
            accounts.clear();
            positions.clear();
            positionOwners.clear();
        }

        void touched(Account account) {
            if (account.executionMark != mark) {
                account.executionMark = mark;
                accounts.add(account);
            }
        }

        @Override
        public void onFill(long makerSequence, long priceTicks, long lots, long makerRemaining) {
            Order maker = resting.get(makerSequence);
            tradeSequence++;
            String tradeId = idPrefix + formatId('T', now, tradeSequence);
            BigDecimal makerFee = apply(maker, priceTicks, lots, true);
            BigDecimal takerFee = apply(taker, priceTicks, lots, false);
            market.markTicks = priceTicks;
            Contract contract = market.contract;
            BigDecimal price = contract.price(priceTicks);
            BigDecimal quantity = contract.quantity(lots);
            events.publish(trade(tradeId, maker, price, quantity, true, makerFee));
            events.publish(trade(tradeId, taker, price, quantity, false, takerFee));
            events.publish(new OrderUpdated(maker.view()));
            events.publish(new OrderUpdated(taker.view()));
            long volume = market.volume24h.add(now, lots);
            OrderBook book = market.book;
            events.publish(new Tick(tradeId, contract.symbol(), price, quantity, taker.side, now, contract.quantity(volume),
                    book.bestBid().isPresent() ? contract.price(book.bestBid().getAsLong()) : null,
                    book.bestAsk().isPresent() ? contract.price(book.bestAsk().getAsLong()) : null));
            market.bars.onFill(priceTicks, lots, now, events);
        }

        /** Applies one side of a fill and returns the fee it paid. */
        private BigDecimal apply(Order order, long priceTicks, long lots, boolean maker) {
            long tickLots = Math.multiplyExact(priceTicks, lots);
            order.filledLots += lots;
            order.filledCost = Math.addExact(order.filledCost, tickLots);
            order.status = order.remaining() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
            order.updatedAt = now;
            Account account = order.account;
            Position position = account.position(order.contract);
            boolean longSide = order.longSide();
            if (order.opening()) {
                position.open(longSide, priceTicks, lots);
            } else {
                account.realize(position.close(longSide, priceTicks, lots));
            }
            if (maker) {
                position.working(longSide, order.opening(), -lots);
                if (order.remaining() == 0) {
                    resting.remove(order.sequence);
                    account.removeWorking(order);
                }
            }
            if (order.remaining() == 0) {
                finished.add(order);
            }
            // A limit order's freeze follows its remainder at the limit price; the fill holds margin at the fill price.
            BigDecimal stillFrozen = order.frozenFor(order.remaining());
            account.release(order.frozen.subtract(stillFrozen));
            order.frozen = stillFrozen;
            BigDecimal fee = order.contract.fee(tickLots, maker);
            if (fee.signum() != 0) {
                account.chargeFee(fee);
            }
            touched(account);
            if (position.executionMark != mark) {
                position.executionMark = mark;
                positions.add(position);
                positionOwners.add(account);
            }
            return fee;
        }

        private TradeExecuted trade(String tradeId, Order order, BigDecimal price, BigDecimal quantity, boolean maker,
                BigDecimal fee) {
            return new TradeExecuted(tradeId, order.id, order.userId, order.contract.symbol(), order.side, order.offset,
                    price, quantity, maker, Money.view(fee), now);
        }

        void publishSummary() {
            for (int i = 0; i < positions.size(); i++) {
                events.publish(new PositionChanged(positions.get(i).view(positionOwners.get(i).userId(), market.markTicks, now)));
            }
            for (int i = 0; i < accounts.size(); i++) {
                events.publish(new AccountChanged(accounts.get(i).view(marks, now)));
            }
            publishDepth(market, now, events);
        }
    }
}
