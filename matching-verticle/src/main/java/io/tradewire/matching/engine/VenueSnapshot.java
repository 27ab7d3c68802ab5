package io.tradewire.matching.engine;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.ByteOut;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.model.BarInterval;
import io.tradewire.model.Instrument;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The binary image of a {@link Venue}'s state (the body of a snapshot file, version {@value #VERSION}),
 * and the canonical form of it that {@link Venue#stateHash()} digests. Layout, all through
 * {@link ByteOut} (big-endian fixed ints, varints, length-prefixed UTF-8, exact decimals):
 *
 * <pre>
 * descriptor  venue, currency, auto-open, starting balance, n × (symbol, tick, lot, multiplier, margin rate)
 * rules       self-trade prevention, client order id window (ms), n × (symbol, maker fee rate, taker fee rate, price band)
 * sequences   order sequence, trade sequence
 * orders      n × order (sequence order): sequence, id, client id, user, symbol, side, offset, type, tif,
 *             limit ticks, lots, source, created, filled lots, filled cost, status, updated, frozen, post-only
 * markets     n × (symbol, mark ticks, n × bar (interval, present, open time, o, h, l, c, lots, trades),
 *             24-hour volume (latest fill minute, n × (minutes back, lots) for the minutes with volume),
 *             bids then asks: n × (order sequence, price ticks, lots) best first, FIFO within a price)
 * accounts    n × account (by user id, pristine ones left out): user, currency, deposits, balance, frozen,
 *             realized, fees, n × position (by symbol: 8 longs, realized), n × working order sequence (oldest first)
 * </pre>
 *
 * <p>Restoring re-adds each book's orders in the recorded order, so price-time priority survives exactly,
 * then runs {@link Venue#validateInternalState()}: a snapshot that decodes but is inconsistent is rejected
 * like a damaged one. The descriptor must match the venue's configuration ({@link IncompatibleDataException}
 * otherwise): instruments may be added, but none of the recorded ones removed or changed. The trading rules (fees,
 * price bands, self-trade prevention, client order id window) may differ: {@link #restore} returns the differences,
 * and the journal's reader refuses to replay records after a snapshot whose rules differ (they were executed under
 * the recorded rules), so new rules take effect only from a snapshot on (see docs/DURABILITY.md).
 *
 * <p>Version 2 added the rules, post-only and fees; version 3 the 24-hour volume (a version 2 image restores with no
 * volume in the window); version 1 images are not read.
 */
public final class VenueSnapshot {
    /** Version of this body layout, written in the snapshot file header. */
    public static final int VERSION = 3;
    /** The oldest body version {@link #restore} reads. */
    public static final int OLDEST_READABLE_VERSION = 2;
    private static final int MAX_COUNT = Integer.MAX_VALUE - 16;

    private VenueSnapshot() {
    }

    /** Appends the descriptor and the exact state of the venue to {@code out}. */
    public static void write(Venue venue, ByteOut out) {
        writeDescriptor(venue, out);
        writeState(venue, out, false);
    }

    /** The image as a byte array. */
    public static byte[] encode(Venue venue) {
        ByteOut out = new ByteOut(64 * 1024);
        write(venue, out);
        return out.toByteArray();
    }

    static String stateHash(Venue venue) {
        ByteOut out = new ByteOut(64 * 1024);
        writeState(venue, out, true);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(out.array(), 0, out.size());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Rebuilds a snapshot's state in a venue that has not executed anything yet.
     *
     * @return how the configured trading rules differ from the recorded ones (empty when they do not): the venue runs
     *         with the configured rules; records journaled after this snapshot must not be replayed under them
     * @throws CorruptDataException      the bytes do not decode, or decode to an inconsistent state
     * @throws IncompatibleDataException the snapshot was taken with another configuration
     */
    public static List<String> restore(Venue venue, ByteIn in) throws CorruptDataException, IncompatibleDataException {
        return restore(venue, in, VERSION);
    }

    /**
     * Rebuilds the state of a snapshot body written in {@code version} ({@link #OLDEST_READABLE_VERSION} to
     * {@link #VERSION}); see {@link #restore(Venue, ByteIn)}.
     */
    public static List<String> restore(Venue venue, ByteIn in, int version) throws CorruptDataException, IncompatibleDataException {
        if (version < OLDEST_READABLE_VERSION || version > VERSION) {
            throw new IncompatibleDataException("snapshot body version " + version + ", this version reads " + OLDEST_READABLE_VERSION
                    + " to " + VERSION);
        }
        if (!venue.orders().isEmpty() || !venue.accounts().isEmpty() || venue.orderSequence() != 0) {
            throw new IllegalStateException("a snapshot is restored into a fresh venue only");
        }
        checkDescriptor(venue, in);
        List<String> ruleChanges = readRules(venue, in);
        try {
            readState(venue, in, version);
            in.expectEnd("snapshot");
            venue.rebuildOrderIndexes();
            venue.validateInternalState();
        } catch (RuntimeException e) {
            throw new CorruptDataException("snapshot state is inconsistent: " + e.getMessage());
        }
        return ruleChanges;
    }

    private static void writeDescriptor(Venue venue, ByteOut out) {
        VenueSettings settings = venue.settings();
        out.string(venue.name()).string(settings.currency()).bool(settings.autoOpenAccounts()).decimal(settings.startingBalance());
        Collection<Venue.Market> markets = venue.markets().values();
        out.varint(markets.size());
        for (Venue.Market market : markets) {
            Instrument instrument = market.contract.instrument();
            out.string(instrument.symbol()).decimal(instrument.tickSize()).decimal(instrument.lotSize())
                    .decimal(instrument.multiplier()).decimal(instrument.marginRate());
        }
        out.string(settings.selfTradePrevention().wireName()).i64(settings.clientOrderIdWindowMillis());
        out.varint(markets.size());
        for (Venue.Market market : markets) {
            Instrument instrument = market.contract.instrument();
            out.string(instrument.symbol()).decimal(instrument.makerFeeRate()).decimal(instrument.takerFeeRate())
                    .decimal(instrument.priceBand());
        }
    }

    /** The recorded trading rules against the configured ones: a description of each difference. */
    private static List<String> readRules(Venue venue, ByteIn in) throws CorruptDataException {
        VenueSettings settings = venue.settings();
        List<String> changes = new ArrayList<>();
        String stp = in.requiredString("self-trade prevention");
        long window = in.i64();
        if (!stp.equals(settings.selfTradePrevention().wireName())) {
            changes.add("matching.self-trade-prevention " + stp + " -> " + settings.selfTradePrevention().wireName());
        }
        if (window != settings.clientOrderIdWindowMillis()) {
            changes.add("matching.client-order-id-window " + window + "ms -> " + settings.clientOrderIdWindowMillis() + "ms");
        }
        int count = in.count(MAX_COUNT);
        for (int i = 0; i < count; i++) {
            String symbol = in.requiredString("symbol");
            BigDecimal[] recorded = {in.requiredDecimal("maker fee rate"), in.requiredDecimal("taker fee rate"),
                    in.requiredDecimal("price band")};
            Venue.Market market = venue.markets().get(symbol);
            if (market == null) {
                throw new CorruptDataException("rules of instrument " + symbol + " that the descriptor does not list");
            }
            Instrument now = market.contract.instrument();
            BigDecimal[] configured = {now.makerFeeRate(), now.takerFeeRate(), now.priceBand()};
            String[] keys = {"maker-fee-rate", "taker-fee-rate", "price-band"};
            for (int k = 0; k < keys.length; k++) {
                if (recorded[k].compareTo(configured[k]) != 0) {
                    changes.add("instrument " + symbol + " " + keys[k] + " " + recorded[k].toPlainString() + " -> "
                            + configured[k].toPlainString());
                }
            }
        }
        return changes;
    }

    private static void checkDescriptor(Venue venue, ByteIn in) throws CorruptDataException, IncompatibleDataException {
        VenueSettings settings = venue.settings();
        String name = in.requiredString("venue name");
        String currency = in.requiredString("currency");
        boolean autoOpen = in.bool();
        BigDecimal startingBalance = in.requiredDecimal("starting balance");
        List<String> differences = new ArrayList<>();
        if (!name.equals(venue.name())) {
            differences.add("venue name '" + name + "' (configured: '" + venue.name() + "')");
        }
        if (!currency.equals(settings.currency())) {
            differences.add("matching.currency " + currency + " (configured: " + settings.currency() + ")");
        }
        if (autoOpen != settings.autoOpenAccounts()) {
            differences.add("matching.auto-open-accounts " + autoOpen + " (configured: " + settings.autoOpenAccounts() + ")");
        }
        if (startingBalance.compareTo(settings.startingBalance()) != 0) {
            differences.add("matching.starting-balance " + startingBalance.toPlainString() + " (configured: "
                    + settings.startingBalance().toPlainString() + ")");
        }
        int count = in.count(MAX_COUNT);
        for (int i = 0; i < count; i++) {
            String symbol = in.requiredString("symbol");
            BigDecimal[] recorded = {in.requiredDecimal("tick size"), in.requiredDecimal("lot size"),
                    in.requiredDecimal("multiplier"), in.requiredDecimal("margin rate")};
            Venue.Market market = venue.markets().get(symbol);
            if (market == null) {
                differences.add("instrument " + symbol + " (no longer routed to this venue)");
                continue;
            }
            Instrument now = market.contract.instrument();
            BigDecimal[] configured = {now.tickSize(), now.lotSize(), now.multiplier(), now.marginRate()};
            String[] keys = {"tick-size", "lot-size", "multiplier", "margin-rate"};
            for (int k = 0; k < keys.length; k++) {
                if (recorded[k].compareTo(configured[k]) != 0) {
                    differences.add("instrument " + symbol + " " + keys[k] + " " + recorded[k].toPlainString() + " (configured: "
                            + configured[k].toPlainString() + ")");
                }
            }
        }
        if (!differences.isEmpty()) {
            throw new IncompatibleDataException("the venue's data was written with " + String.join(", ", differences));
        }
    }

    private static void writeState(Venue venue, ByteOut out, boolean canonical) {
        out.i64(venue.orderSequence()).i64(venue.tradeSequence());
        Map<String, Order> orders = venue.orders();
        out.varint(orders.size());
        for (Order order : orders.values()) {
            out.i64(order.sequence).string(order.id).string(order.clientOrderId).string(order.userId)
                    .string(order.contract.symbol()).name(order.side).name(order.offset).name(order.type)
                    .name(order.timeInForce).i64(order.limitTicks).i64(order.lots).name(order.source).i64(order.createdAt)
                    .i64(order.filledLots).i64(order.filledCost).name(order.status).i64(order.updatedAt);
            decimal(out, order.frozen, canonical);
            out.bool(order.postOnly);
        }
        out.varint(venue.markets().size());
        for (Venue.Market market : venue.markets().values()) {
            out.string(market.contract.symbol()).i64(market.markTicks);
            BarInterval[] intervals = BarInterval.values();
            out.varint(intervals.length);
            for (BarInterval interval : intervals) {
                BarBook.Bar bar = market.bars.latest(interval);
                out.string(interval.wireName()).bool(bar != null);
                if (bar != null) {
                    out.i64(bar.openTime).i64(bar.open).i64(bar.high).i64(bar.low).i64(bar.close).i64(bar.lots).i32(bar.trades);
                }
            }
            RollingVolume volume = market.volume24h;
            out.i64(volume.latestMinute());
            int minutesWithVolume = 0;
            for (int back = 0; back < RollingVolume.MINUTES; back++) {
                minutesWithVolume += volume.lotsAt(back) != 0 ? 1 : 0;
            }
            out.varint(minutesWithVolume);
            for (int back = 0; back < RollingVolume.MINUTES; back++) {
                if (volume.lotsAt(back) != 0) {
                    out.varint(back).i64(volume.lotsAt(back));
                }
            }
            for (Side side : new Side[] {Side.BUY, Side.SELL}) {
                List<long[]> resting = new ArrayList<>();
                market.book.forEachOrder(side, (orderId, price, lots) -> resting.add(new long[] {orderId, price, lots}));
                out.varint(resting.size());
                for (long[] node : resting) {
                    out.i64(node[0]).i64(node[1]).i64(node[2]);
                }
            }
        }
        List<Account> accounts = new ArrayList<>();
        for (Account account : venue.accounts().values()) {
            if (!account.isPristine(venue.settings())) {
                accounts.add(account);
            }
        }
        accounts.sort((a, b) -> a.userId().compareTo(b.userId()));
        out.varint(accounts.size());
        for (Account account : accounts) {
            out.string(account.userId()).string(account.currency());
            decimal(out, account.deposits(), canonical);
            decimal(out, account.balance(), canonical);
            decimal(out, account.frozen(), canonical);
            decimal(out, account.realizedPnl(), canonical);
            decimal(out, account.fees(), canonical);
            Collection<Position> positions = account.positions();
            out.varint(positions.size());
            for (Position position : positions) {
                out.string(position.contract().symbol())
                        .i64(position.lots(true)).i64(position.cost(true)).i64(position.lots(false)).i64(position.cost(false))
                        .i64(position.opening(true)).i64(position.opening(false))
                        .i64(position.closing(true)).i64(position.closing(false));
                decimal(out, position.realizedPnl(), canonical);
            }
            Collection<Order> working = account.workingOrders();
            out.varint(working.size());
            for (Order order : working) {
                out.i64(order.sequence);
            }
        }
    }

    private static void decimal(ByteOut out, BigDecimal value, boolean canonical) {
        out.decimal(canonical && value != null ? (value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros()) : value);
    }

    private static void readVolume(RollingVolume volume, ByteIn in) throws CorruptDataException {
        long latestMinute = in.i64();
        int minutes = in.count(RollingVolume.MINUTES);
        if (latestMinute == RollingVolume.NONE && minutes > 0) {
            throw new CorruptDataException("24-hour volume without a fill");
        }
        long[] lotsBack = new long[RollingVolume.MINUTES];
        int previous = -1;
        for (int m = 0; m < minutes; m++) {
            int back = in.count(RollingVolume.MINUTES - 1);
            long lots = in.i64();
            if (back <= previous || lots <= 0) {
                throw new CorruptDataException("24-hour volume: minute " + back + " with " + lots + " lots out of order");
            }
            lotsBack[back] = lots;
            previous = back;
        }
        volume.restore(latestMinute, lotsBack);
    }

    private static void readState(Venue venue, ByteIn in, int version) throws CorruptDataException {
        venue.restoreSequences(in.i64(), in.i64());
        Map<Long, Order> bySequence = new java.util.HashMap<>();
        int orderCount = in.count(MAX_COUNT);
        long previous = 0;
        for (int i = 0; i < orderCount; i++) {
            long sequence = in.i64();
            String id = in.requiredString("order id");
            String clientOrderId = in.string();
            String userId = in.requiredString("user id");
            Contract contract = contract(venue, in.requiredString("symbol"));
            Side side = in.requiredName(Side.class);
            Offset offset = in.requiredName(Offset.class);
            OrderType type = in.requiredName(OrderType.class);
            TimeInForce tif = in.requiredName(TimeInForce.class);
            long limitTicks = in.i64();
            long lots = in.i64();
            OrderSource source = in.requiredName(OrderSource.class);
            long createdAt = in.i64();
            long filledLots = in.i64();
            long filledCost = in.i64();
            OrderStatus status = in.requiredName(OrderStatus.class);
            long updatedAt = in.i64();
            BigDecimal frozen = in.requiredDecimal("frozen");
            Order order = new Order(sequence, id, clientOrderId, userId, contract, side, offset, type, tif, limitTicks, lots,
                    source, createdAt, in.bool());
            order.filledLots = filledLots;
            order.filledCost = filledCost;
            order.status = status;
            order.updatedAt = updatedAt;
            order.frozen = frozen;
            if (sequence <= previous || sequence > venue.orderSequence()) {
                throw new CorruptDataException("order sequence " + sequence + " out of order");
            }
            if (order.filledLots < 0 || order.filledLots > lots || lots <= 0) {
                throw new CorruptDataException("order " + id + " filled " + order.filledLots + " of " + lots);
            }
            previous = sequence;
            if (venue.orders().putIfAbsent(id, order) != null) {
                throw new CorruptDataException("order id " + id + " twice");
            }
            bySequence.put(sequence, order);
        }
        int marketCount = in.count(MAX_COUNT);
        for (int i = 0; i < marketCount; i++) {
            String symbol = in.requiredString("symbol");
            Venue.Market market = venue.markets().get(symbol);
            if (market == null) {
                throw new CorruptDataException("market " + symbol + " is not traded here");
            }
            market.markTicks = in.i64();
            int bars = in.count(MAX_COUNT);
            for (int b = 0; b < bars; b++) {
                String wire = in.requiredString("bar interval");
                BarInterval interval = BarInterval.parse(wire)
                        .orElseThrow(() -> new CorruptDataException("unknown bar interval " + wire));
                if (in.bool()) {
                    market.bars.restore(interval, new BarBook.Bar(in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i32()));
                }
            }
            if (version >= 3) {
                readVolume(market.volume24h, in);
            }
            for (Side side : new Side[] {Side.BUY, Side.SELL}) {
                int resting = in.count(MAX_COUNT);
                for (int r = 0; r < resting; r++) {
                    long sequence = in.i64();
                    long price = in.i64();
                    long lots = in.i64();
                    Order order = bySequence.get(sequence);
                    if (order == null || order.side != side || order.limitTicks != price || order.remaining() != lots
                            || !order.contract.symbol().equals(symbol) || order.status.isFinal()) {
                        throw new CorruptDataException("book entry " + sequence + " of " + symbol + " disagrees with its order");
                    }
                    market.book.add(sequence, side, price, lots);
                    venue.resting().put(sequence, order);
                }
            }
        }
        int accountCount = in.count(MAX_COUNT);
        for (int i = 0; i < accountCount; i++) {
            Account account = new Account(in.requiredString("user id"), in.requiredString("currency"),
                    in.requiredDecimal("deposits"), in.requiredDecimal("balance"), in.requiredDecimal("frozen"),
                    in.requiredDecimal("realized"), in.requiredDecimal("fees"));
            if (venue.accounts().putIfAbsent(account.userId(), account) != null) {
                throw new CorruptDataException("account " + account.userId() + " twice");
            }
            int positions = in.count(MAX_COUNT);
            for (int p = 0; p < positions; p++) {
                Position position = new Position(contract(venue, in.requiredString("symbol")));
                position.restore(in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(),
                        in.requiredDecimal("realized"));
                account.restorePosition(position);
            }
            int working = in.count(MAX_COUNT);
            for (int w = 0; w < working; w++) {
                long sequence = in.i64();
                Order order = venue.resting().get(sequence);
                if (order == null || !order.userId.equals(account.userId())) {
                    throw new CorruptDataException("working order " + sequence + " of " + account.userId() + " is not resting");
                }
                account.addWorking(order);
                order.account = account;
            }
        }
    }

    private static Contract contract(Venue venue, String symbol) throws CorruptDataException {
        Venue.Market market = venue.markets().get(symbol);
        if (market == null) {
            throw new CorruptDataException("instrument " + symbol + " is not traded here");
        }
        return market.contract;
    }
}
