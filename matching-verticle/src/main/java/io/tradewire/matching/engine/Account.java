package io.tradewire.matching.engine;

import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * One user's account at the venue, in {@link BigDecimal} money (see {@link Money} for why, the scale
 * and the rounding of held amounts).
 *
 * <ul>
 *   <li>deposits = net deposits: the starting balance + deposits − withdrawals</li>
 *   <li>balance = deposits + realized PnL − fees</li>
 *   <li>fees = every fee charged on the account's fills (maker or taker rate × notional, each rounded up)</li>
 *   <li>frozen = held for working OPEN LIMIT orders: price × remaining × multiplier × margin-rate, rounded up per order</li>
 *   <li>margin = held for positions: Σ {@link Position#margin()}</li>
 *   <li>unrealized = Σ {@link Position#unrealizedPnl} at the marks; equity = balance + unrealized</li>
 *   <li>available = equity − margin − frozen; profit = realized + unrealized</li>
 *   <li>withdrawable = balance + min(0, unrealized) − margin − frozen: at most available, and never unrealized profit</li>
 *   <li>risk ratio = margin / equity: 0 without margin, 1 when equity ≤ 0 with margin, else rounded up to 8 decimals</li>
 * </ul>
 */
public final class Account {
    private final String userId;
    private final String currency;
    private BigDecimal deposits;
    private BigDecimal balance;
    private BigDecimal fees = BigDecimal.ZERO;
    private BigDecimal frozen = BigDecimal.ZERO;
    private BigDecimal realizedPnl = BigDecimal.ZERO;
    private final Map<String, Position> positions = new TreeMap<>();
    /** {@link #positions}' values in the same order, kept for the per-command sums (margin, unrealized PnL). */
    private Position[] positionList = new Position[0];
    /** Working (resting) orders by id, oldest first. */
    private final Map<String, Order> workingOrders = new LinkedHashMap<>();
    /** The last {@code Venue} execution that touched this (to list it once per command); not part of the state. */
    long executionMark;
    /**
     * Amounts derived from others and views of amounts, remembered while their operands are the same objects (not
     * state; see {@link Memo}). While an order only moves, the balance, the positions and the marks stay the same
     * objects, so only the frozen amount and what follows from it are computed per command.
     */
    private final Memo memo = new Memo();

    public Account(String userId, String currency, BigDecimal startingBalance) {
        this.userId = userId;
        this.currency = currency;
        this.deposits = startingBalance;
        this.balance = startingBalance;
    }

    /** An account as a snapshot recorded it; positions and working orders are added by the snapshot codec. */
    Account(String userId, String currency, BigDecimal deposits, BigDecimal balance, BigDecimal frozen, BigDecimal realizedPnl,
            BigDecimal fees) {
        this.userId = userId;
        this.currency = currency;
        this.deposits = deposits;
        this.balance = balance;
        this.frozen = frozen;
        this.realizedPnl = realizedPnl;
        this.fees = fees;
    }

    public String currency() {
        return currency;
    }

    /** Net deposits: the starting balance + deposits − withdrawals. */
    public BigDecimal deposits() {
        return deposits;
    }

    /** Fees paid so far. */
    public BigDecimal fees() {
        return fees;
    }

    /**
     * Untouched since it was auto-opened: no position record, no working order, nothing frozen or
     * realized, no fee paid, the starting balance. Such an account answers every query exactly like a missing one
     * under auto-open, so snapshots and state hashes leave it out (queries may open it without a journal
     * record).
     */
    public boolean isPristine(VenueSettings settings) {
        return settings.autoOpenAccounts() && positions.isEmpty() && workingOrders.isEmpty() && frozen.signum() == 0
                && realizedPnl.signum() == 0 && fees.signum() == 0 && balance.compareTo(deposits) == 0
                && deposits.compareTo(settings.startingBalance()) == 0;
    }

    void restorePosition(Position position) {
        positions.put(position.contract().symbol(), position);
        positionList = positions.values().toArray(new Position[0]);
    }

    public String userId() {
        return userId;
    }

    public BigDecimal balance() {
        return balance;
    }

    public BigDecimal frozen() {
        return frozen;
    }

    public BigDecimal realizedPnl() {
        return realizedPnl;
    }

    public BigDecimal margin() {
        BigDecimal margin = BigDecimal.ZERO;
        for (Position position : positionList) {
            BigDecimal held = position.margin();
            margin = margin.signum() == 0 ? held : held.signum() == 0 ? margin : margin.add(held);
        }
        return margin;
    }

    public BigDecimal unrealizedPnl(MarkPrices marks) {
        BigDecimal unrealized = BigDecimal.ZERO;
        for (Position position : positionList) {
            if (!position.isFlat()) {
                BigDecimal pnl = position.unrealizedPnl(marks.markTicks(position.contract()));
                unrealized = unrealized.signum() == 0 ? pnl : unrealized.add(pnl);
            }
        }
        return unrealized;
    }

    public BigDecimal equity(MarkPrices marks) {
        return memo.equity(balance, unrealizedPnl(marks));
    }

    public BigDecimal available(MarkPrices marks) {
        return available(equity(marks), margin());
    }

    /** Equity − margin − frozen. */
    private BigDecimal available(BigDecimal equity, BigDecimal margin) {
        return memo.free(equity, margin).subtract(frozen);
    }

    /** What may be withdrawn: balance + min(0, unrealized) − margin − frozen (may be negative: then nothing). */
    public BigDecimal withdrawable(MarkPrices marks) {
        return balance.add(unrealizedPnl(marks).min(BigDecimal.ZERO)).subtract(margin()).subtract(frozen);
    }

    public BigDecimal profit(MarkPrices marks) {
        return memo.profit(realizedPnl, unrealizedPnl(marks));
    }

    public BigDecimal riskRatio(MarkPrices marks) {
        return memo.riskRatio(margin(), equity(marks));
    }

    static BigDecimal riskRatio(BigDecimal margin, BigDecimal equity) {
        if (margin.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (equity.signum() <= 0) {
            return BigDecimal.ONE;
        }
        return margin.divide(equity, Money.RATIO_SCALE, RoundingMode.CEILING);
    }

    /** Holds money for a working order. */
    public void freeze(BigDecimal amount) {
        requireNotNegative(amount);
        frozen = frozen.add(amount);
    }

    /** Gives back money held for a working order. */
    public void release(BigDecimal amount) {
        requireNotNegative(amount);
        if (amount.compareTo(frozen) > 0) {
            throw new IllegalStateException("releasing " + amount + " of " + frozen + " frozen for " + userId);
        }
        frozen = frozen.subtract(amount);
    }

    /** Adds money (a deposit): balance and net deposits grow by {@code amount}. */
    public void deposit(BigDecimal amount) {
        requirePositive(amount);
        deposits = deposits.add(amount);
        balance = balance.add(amount);
    }

    /** Takes money out (a withdrawal; the venue checked {@link #withdrawable} first). */
    public void withdraw(BigDecimal amount) {
        requirePositive(amount);
        deposits = deposits.subtract(amount);
        balance = balance.subtract(amount);
    }

    /** Charges the fee of a fill: out of the balance, into the fees paid. */
    public void chargeFee(BigDecimal fee) {
        requireNotNegative(fee);
        fees = fees.add(fee);
        balance = balance.subtract(fee);
    }

    /** Books realized PnL of a close into the balance. */
    public void realize(BigDecimal pnl) {
        realizedPnl = realizedPnl.add(pnl);
        balance = balance.add(pnl);
    }

    /** The position in an instrument, created flat when absent. */
    public Position position(Contract contract) {
        for (Position position : positionList) {
            if (position.contract() == contract) {
                return position;
            }
        }
        Position position = positions.computeIfAbsent(contract.symbol(), symbol -> new Position(contract));
        positionList = positions.values().toArray(new Position[0]);
        return position;
    }

    /** The position in an instrument, or null. */
    public Position findPosition(String symbol) {
        return positions.get(symbol);
    }

    public Collection<Position> positions() {
        return Collections.unmodifiableCollection(positions.values());
    }

    void addWorking(Order order) {
        workingOrders.put(order.id, order);
    }

    void removeWorking(Order order) {
        workingOrders.remove(order.id);
    }

    Collection<Order> workingOrders() {
        return Collections.unmodifiableCollection(workingOrders.values());
    }

    public AccountView view(MarkPrices marks, long timestamp) {
        BigDecimal unrealized = unrealizedPnl(marks);
        BigDecimal equity = memo.equity(balance, unrealized);
        BigDecimal margin = margin();
        return new AccountView(userId, currency, memo.shown(Memo.BALANCE, balance), Money.view(available(equity, margin)),
                Money.view(frozen), memo.shown(Memo.MARGIN, margin), memo.shown(Memo.PROFIT, memo.profit(realizedPnl, unrealized)),
                memo.shown(Memo.REALIZED, realizedPnl), memo.shown(Memo.UNREALIZED, unrealized), memo.shown(Memo.FEES, fees),
                memo.shown(Memo.RISK_RATIO, memo.riskRatio(margin, equity)), timestamp);
    }

    /**
     * Results remembered for the same operands. Amounts are immutable and replaced on every change, so the same
     * objects give the same result (value and scale) and a remembered one changes no answer. All of them sit in one
     * array: an account is read once per command, and one array is fewer memory reads than an object per amount.
     */
    private static final class Memo {
        /** Views ({@link Money#view}): the amount shown and its view. */
        static final int BALANCE = 0;
        static final int REALIZED = 2;
        static final int FEES = 4;
        static final int MARGIN = 6;
        static final int UNREALIZED = 8;
        static final int PROFIT = 10;
        static final int RISK_RATIO = 12;
        /** Derived amounts: two operands and the result. */
        private static final int EQUITY = 14;
        private static final int FREE = 17;
        private static final int PROFIT_SUM = 20;
        private static final int RATIO = 23;

        private final BigDecimal[] slots = new BigDecimal[26];

        BigDecimal shown(int slot, BigDecimal amount) {
            if (slots[slot] != amount || slots[slot + 1] == null) {
                slots[slot + 1] = Money.view(amount);
                slots[slot] = amount;
            }
            return slots[slot + 1];
        }

        /** Balance + unrealized. */
        BigDecimal equity(BigDecimal balance, BigDecimal unrealized) {
            return derived(EQUITY, balance, unrealized, BigDecimal::add);
        }

        /** Equity − margin: what is available before the frozen amount. */
        BigDecimal free(BigDecimal equity, BigDecimal margin) {
            return derived(FREE, equity, margin, BigDecimal::subtract);
        }

        /** Realized + unrealized. */
        BigDecimal profit(BigDecimal realized, BigDecimal unrealized) {
            return derived(PROFIT_SUM, realized, unrealized, BigDecimal::add);
        }

        BigDecimal riskRatio(BigDecimal margin, BigDecimal equity) {
            return derived(RATIO, margin, equity, Account::riskRatio);
        }

        private BigDecimal derived(int slot, BigDecimal left, BigDecimal right, BinaryOperator<BigDecimal> operation) {
            if (slots[slot] != left || slots[slot + 1] != right || slots[slot + 2] == null) {
                slots[slot + 2] = operation.apply(left, right);
                slots[slot] = left;
                slots[slot + 1] = right;
            }
            return slots[slot + 2];
        }
    }

    /** Views of the positions worth showing (not flat, or with realized PnL), by symbol. */
    public List<PositionView> positionViews(String symbol, MarkPrices marks, long timestamp) {
        List<PositionView> views = new ArrayList<>();
        for (Position position : positions.values()) {
            if ((symbol == null || symbol.equals(position.contract().symbol())) && !position.isEmpty()) {
                views.add(position.view(userId, marks.markTicks(position.contract()), timestamp));
            }
        }
        return views;
    }

    /**
     * Checks the account's invariants: balance = deposits + realized − fees, fees ≥ 0, realized = Σ positions' realized,
     * frozen = Σ of what each working order should hold, working lots per position side as counted by
     * the orders, and each position's own invariants.
     */
    void validate() {
        if (balance.compareTo(deposits.add(realizedPnl).subtract(fees)) != 0 || fees.signum() < 0) {
            throw new IllegalStateException(userId + ": balance " + balance + " != deposits " + deposits + " + realized " + realizedPnl
                    + " - fees " + fees);
        }
        if (positions.isEmpty() && workingOrders.isEmpty()) {
            if (frozen.signum() != 0 || realizedPnl.signum() != 0) {
                throw new IllegalStateException(userId + ": frozen " + frozen + " and realized " + realizedPnl + " without orders or positions");
            }
            return;
        }
        BigDecimal positionsRealized = BigDecimal.ZERO;
        for (Position position : positions.values()) {
            position.validate(userId);
            positionsRealized = positionsRealized.add(position.realizedPnl());
        }
        if (positionsRealized.compareTo(realizedPnl) != 0) {
            throw new IllegalStateException(userId + ": realized " + realizedPnl + " != positions' " + positionsRealized);
        }
        BigDecimal expectedFrozen = BigDecimal.ZERO;
        Map<String, long[]> working = new TreeMap<>();
        for (Order order : workingOrders.values()) {
            BigDecimal expected = order.frozenFor(order.remaining());
            if (order.frozen.compareTo(expected) != 0) {
                throw new IllegalStateException(userId + ": order " + order.id + " holds " + order.frozen + ", expected " + expected);
            }
            expectedFrozen = expectedFrozen.add(order.frozen);
            long[] lots = working.computeIfAbsent(order.contract.symbol(), s -> new long[4]);
            lots[(order.longSide() ? 0 : 1) + (order.opening() ? 0 : 2)] += order.remaining();
        }
        if (expectedFrozen.compareTo(frozen) != 0) {
            throw new IllegalStateException(userId + ": frozen " + frozen + " != working orders' " + expectedFrozen);
        }
        for (Position position : positions.values()) {
            long[] lots = working.getOrDefault(position.contract().symbol(), new long[4]);
            if (position.opening(true) != lots[0] || position.opening(false) != lots[1]
                    || position.closing(true) != lots[2] || position.closing(false) != lots[3]) {
                throw new IllegalStateException(userId + "/" + position.contract().symbol() + ": working lots disagree with orders");
            }
            working.remove(position.contract().symbol());
        }
        if (!working.isEmpty()) {
            throw new IllegalStateException(userId + ": working orders without a position record in " + working.keySet());
        }
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
    }

    private static void requireNotNegative(BigDecimal amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("negative amount " + amount);
        }
    }
}
