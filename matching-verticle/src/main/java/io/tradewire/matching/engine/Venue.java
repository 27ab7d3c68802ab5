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
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.SubmitOrder;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The in-house venue: a deterministic, single-threaded state machine of order books, accounts,
 * positions and orders. One command in, one reply out (or a {@link RejectedException} with nothing
 * changed), and the command's events handed to an {@link EventSink} in this order:
 *
 * <ol>
 *   <li>submit: the taker's {@code OrderUpdated} (SUBMITTED); per fill: {@code TradeExecuted} for the
 *       maker then the taker (same trade id), {@code OrderUpdated} for the maker then the taker, one
 *       public {@code Tick}, then one {@code BarUpdated} per {@link BarInterval} in its order ({@code 1m}
 *       … {@code 1M}); the taker's {@code OrderUpdated} (CANCELLED) when an IOC / MARKET remainder
 *       is dropped; then one {@code PositionChanged} per (user, instrument) that had a fill, one
 *       {@code AccountChanged} per affected user (the taker first, then makers in fill order) and one
 *       {@code BookChanged} (top {@code book-depth} levels) when the book changed;</li>
 *   <li>cancel: {@code OrderUpdated} (CANCELLED), {@code AccountChanged}, {@code BookChanged};</li>
 *   <li>queries: none.</li>
 * </ol>
 *
 * <p>Market data: every fill updates the instrument's bars ({@link BarBook}); {@code QueryBar} answers the
 * current bar of one interval and {@code QuerySummary} / {@link #summaries()} the current UTC day of each
 * instrument of a region ({@link Instrument#region()}).
 *
 * <p>Every check happens before the first change, so a rejected command changes nothing (an account
 * that would be auto-opened by it is not opened either). Ids come from the injected clock and per-venue
 * counters: {@code O} / {@code T} + 13-digit epoch millis + 7-digit counter. Self-trade prevention and
 * fees are not implemented yet: a user's orders may match each other, and fees are zero.
 *
 * <p>Every finished order stays queryable for now; a later issue adds retention.
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
    private static final String INTERVAL_NAMES =
            Arrays.stream(BarInterval.values()).map(BarInterval::wireName).collect(Collectors.joining(", "));

    private final String name;
    private final VenueSettings settings;
    private final LongSupplier clock;
    private final Map<String, Market> markets = new LinkedHashMap<>();
    /** The venue's markets by region, regions and markets in configuration order. */
    private final Map<String, List<Market>> regions = new LinkedHashMap<>();
    private final Map<String, Account> accounts = new HashMap<>();
    /** Every order accepted so far, by id, in sequence order, finished ones included (no retention yet). */
    private final Map<String, Order> orders = new LinkedHashMap<>();
    /** Orders resting in a book, by sequence (the id the books know them by). */
    private final Map<Long, Order> resting = new HashMap<>();
    private final MarkPrices marks = contract -> markets.get(contract.symbol()).markTicks;
    private long orderSequence;
    private long tradeSequence;

    /**
     * @param name        the venue name ({@code [A-Za-z0-9_-]}, up to 64 characters)
     * @param instruments every configured instrument; only those routed to the venue are traded
     * @param settings    accounts and market-data settings
     * @param clock       epoch milliseconds, for timestamps and ids
     */
    public Venue(String name, InstrumentDirectory instruments, VenueSettings settings, LongSupplier clock) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("venue name '" + name + "' must match " + StreamKeys.SEGMENT);
        }
        this.name = name;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Instrument instrument : instruments.all()) {
            if (!instrument.routedToVenue()) {
                continue;
            }
            if (!instrument.currency().equals(settings.currency())) {
                throw new IllegalArgumentException("instrument " + instrument.symbol() + " settles in " + instrument.currency()
                        + " but accounts of venue " + name + " are in " + settings.currency());
            }
            Market market = new Market(new Contract(instrument));
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
        return command instanceof SubmitOrder || command instanceof CancelOrder;
    }

    /** Executes one command at the clock's current time; see {@link #handle(Command, long, EventSink)}. */
    public Object handle(Command command, EventSink events) {
        return handle(command, clock.getAsLong(), events);
    }

    /**
     * Executes one command as of {@code now} (epoch milliseconds): the time written into its ids, orders,
     * trades and bars. Live, {@code now} is the clock; on replay, the time recorded in the journal.
     *
     * @return the reply: {@link OrderView}, {@link OrderList}, {@link AccountView}, {@link PositionList},
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

    /** Places an order: validates, checks position and funds, matches, rests or drops the remainder. */
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
                throw new RejectedException(ErrorCode.INVALID_QUANTITY,
                        "Invalid quantity: the position limit of " + contract.quantity(Contract.MAX_LOTS).toPlainString()
                                + " would be exceeded");
            }
        } else {
            long closable = existing == null ? 0 : existing.closable(longSide);
            if (lots > closable) {
                throw new RejectedException(ErrorCode.INSUFFICIENT_POSITION, "Insufficient position to close: "
                        + contract.quantity(closable).toPlainString() + " closable");
            }
        }
        Sweep sweep = new Sweep();
        long fillable = market.book.sweep(side, limit, lots, sweep);
        if (tif == TimeInForce.FOK && fillable < lots) {
            throw new RejectedException(ErrorCode.NOT_FILLABLE, ErrorCode.NOT_FILLABLE.defaultMessage());
        }
        if (opening) {
            BigDecimal required = contract.held(sweep.notional);
            if (rests && fillable < lots) {
                required = required.add(contract.held(Math.multiplyExact(limit, lots - fillable)));
            }
            if (!isMarket) {
                required = required.max(contract.held(Math.multiplyExact(limit, lots)));
            }
            BigDecimal available = account.available(marks);
            if (available.compareTo(required) < 0) {
                throw new RejectedException(ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds: " + Money.view(required).toPlainString()
                        + " required, " + Money.view(available).toPlainString() + " available");
            }
        }

        // Accepted: nothing below rejects.
        if (newAccount) {
            accounts.put(userId, account);
        }
        Order taker = newOrder(now, clientOrderId, userId, contract, command, tif, limit, lots);
        taker.frozen = taker.frozenFor(lots);
        account.freeze(taker.frozen);
        events.publish(new OrderUpdated(taker.view()));

        Execution execution = new Execution(market, taker, now, events);
        execution.accounts.add(account);
        long remaining = lots;
        if (fillable > 0) {
            remaining = market.book.match(side, limit, lots, execution);
        }
        boolean bookChanged = fillable > 0;
        if (remaining > 0) {
            if (rests) {
                market.book.add(taker.sequence, side, limit, remaining);
                resting.put(taker.sequence, taker);
                account.addWorking(taker);
                account.position(contract).working(longSide, opening, remaining);
                bookChanged = true;
            } else {
                taker.status = OrderStatus.CANCELLED;
                account.release(taker.frozen);
                taker.frozen = BigDecimal.ZERO;
                events.publish(new OrderUpdated(taker.view()));
            }
        }
        execution.publishSummary(bookChanged);
        return taker.view();
    }

    /** Cancels an order at the clock's current time; see {@link #cancel(CancelOrder, long, EventSink)}. */
    public OrderView cancel(CancelOrder command, EventSink events) {
        return cancel(command, clock.getAsLong(), events);
    }

    /** Cancels one of the user's own working orders and releases what it held. */
    public OrderView cancel(CancelOrder command, long now, EventSink events) {
        Order order = ownOrder(command.userId(), command.orderId());
        if (order.status.isFinal()) {
            throw new RejectedException(ErrorCode.ORDER_NOT_ACTIVE, "Order is no longer active: " + order.status);
        }
        Market market = markets.get(order.contract.symbol());
        long removed = market.book.cancel(order.sequence);
        if (removed != order.remaining()) {
            throw new IllegalStateException("order " + order.id + " had " + removed + " lots in the book, expected " + order.remaining());
        }
        Account account = accounts.get(order.userId);
        resting.remove(order.sequence);
        account.removeWorking(order);
        account.position(order.contract).working(order.longSide(), order.opening(), -removed);
        account.release(order.frozen);
        order.frozen = BigDecimal.ZERO;
        order.status = OrderStatus.CANCELLED;
        order.updatedAt = now;
        OrderView view = order.view();
        events.publish(new OrderUpdated(view));
        events.publish(new AccountChanged(account.view(marks, now)));
        events.publish(bookChanged(market, now));
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
     * one: each book's own state, every resting order in its book with the same remainder and owned by a
     * working list, each account's frozen / working lots / realized PnL, and per instrument total long ==
     * total short.
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
            if (order.status.isFinal() || order.remaining() <= 0
                    || markets.get(order.contract.symbol()).book.remaining(order.sequence) != order.remaining()) {
                throw new IllegalStateException("resting order " + order.id + " disagrees with its book");
            }
        }
        Map<String, long[]> totals = new HashMap<>();
        int working = 0;
        for (Account account : accounts.values()) {
            account.validate();
            for (Order order : account.workingOrders()) {
                if (resting.get(order.sequence) != order || !order.userId.equals(account.userId())) {
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

    Map<Long, Order> resting() {
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

    private Order newOrder(long now, String clientOrderId, String userId, Contract contract, SubmitOrder command,
            TimeInForce tif, long limit, long lots) {
        String id;
        do {
            orderSequence++;
            id = formatId('O', now, orderSequence);
        } while (orders.containsKey(id));
        Order order = new Order(orderSequence, id, clientOrderId, userId, contract, command.side(), command.offset(),
                command.type(), tif, limit, lots, command.source() == null ? OrderSource.API : command.source(), now);
        orders.put(id, order);
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

    /** The caller's order; an unknown id and another user's id get the same answer. */
    private Order ownOrder(String userId, String orderId) {
        existingAccount(userId);
        Order order = orderId == null ? null : orders.get(orderId);
        if (order == null || !order.userId.equals(userId)) {
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
        if (clientOrderId != null && (clientOrderId.length() > MAX_CLIENT_ORDER_ID
                || !clientOrderId.chars().allMatch(c -> c >= 0x20 && c < 0x7F))) {
            throw new RejectedException(ErrorCode.MALFORMED,
                    "Malformed message: client order id must be printable ASCII of at most " + MAX_CLIENT_ORDER_ID + " characters");
        }
        return clientOrderId;
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

    private BookChanged bookChanged(Market market, long now) {
        return new BookChanged(market.contract.symbol(), levels(market, Side.BUY), levels(market, Side.SELL), now);
    }

    private List<BookLevel> levels(Market market, Side side) {
        List<BookLevel> levels = new ArrayList<>();
        for (DepthLevel level : market.book.depth(side, settings.bookDepth())) {
            levels.add(new BookLevel(market.contract.price(level.priceTicks()), market.contract.quantity(level.lots()),
                    level.orderCount()));
        }
        return levels;
    }

    /** One instrument: its contract, its book, its bars and its mark (the last trade price, or the reference). */
    static final class Market {
        final Contract contract;
        final OrderBook book;
        final BarBook bars;
        long markTicks;

        Market(Contract contract) {
            this.contract = contract;
            this.book = new OrderBook(contract.symbol());
            this.bars = new BarBook(contract);
            this.markTicks = contract.referenceTicks();
        }
    }

    /** Read-only sweep result: the notional (ticks × lots) of what would fill. */
    private static final class Sweep implements OrderBook.LevelVisitor {
        long notional;

        @Override
        public void visit(long priceTicks, long lots) {
            notional = Math.addExact(notional, Math.multiplyExact(priceTicks, lots));
        }
    }

    /** The fills of one incoming order: applies each to both orders, accounts and positions, and emits its events. */
    private final class Execution implements FillListener {
        final Market market;
        final Order taker;
        final long now;
        final EventSink events;
        final Set<Account> accounts = new LinkedHashSet<>();
        final Map<Position, Account> positions = new LinkedHashMap<>();

        Execution(Market market, Order taker, long now, EventSink events) {
            this.market = market;
            this.taker = taker;
            this.now = now;
            this.events = events;
        }

        @Override
        public void onFill(long makerSequence, long priceTicks, long lots, long makerRemaining) {
            Order maker = resting.get(makerSequence);
            tradeSequence++;
            String tradeId = formatId('T', now, tradeSequence);
            apply(maker, priceTicks, lots, true);
            apply(taker, priceTicks, lots, false);
            market.markTicks = priceTicks;
            Contract contract = market.contract;
            BigDecimal price = contract.price(priceTicks);
            BigDecimal quantity = contract.quantity(lots);
            events.publish(trade(tradeId, maker, price, quantity, true));
            events.publish(trade(tradeId, taker, price, quantity, false));
            events.publish(new OrderUpdated(maker.view()));
            events.publish(new OrderUpdated(taker.view()));
            events.publish(new Tick(tradeId, contract.symbol(), price, quantity, taker.side, now));
            market.bars.onFill(priceTicks, lots, now, events);
        }

        private void apply(Order order, long priceTicks, long lots, boolean maker) {
            order.filledLots += lots;
            order.filledCost = Math.addExact(order.filledCost, Math.multiplyExact(priceTicks, lots));
            order.status = order.remaining() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
            order.updatedAt = now;
            Account account = Venue.this.accounts.get(order.userId);
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
            // A limit order's freeze follows its remainder at the limit price; the fill holds margin at the fill price.
            BigDecimal stillFrozen = order.frozenFor(order.remaining());
            account.release(order.frozen.subtract(stillFrozen));
            order.frozen = stillFrozen;
            accounts.add(account);
            positions.put(position, account);
        }

        private TradeExecuted trade(String tradeId, Order order, BigDecimal price, BigDecimal quantity, boolean maker) {
            return new TradeExecuted(tradeId, order.id, order.userId, order.contract.symbol(), order.side, order.offset,
                    price, quantity, maker, now);
        }

        void publishSummary(boolean bookChanged) {
            positions.forEach((position, account) ->
                    events.publish(new PositionChanged(position.view(account.userId(), market.markTicks, now))));
            accounts.forEach(account -> events.publish(new AccountChanged(account.view(marks, now))));
            if (bookChanged) {
                events.publish(bookChanged(market, now));
            }
        }
    }
}
