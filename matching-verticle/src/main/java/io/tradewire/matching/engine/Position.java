package io.tradewire.matching.engine;

import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One user's position in one instrument, CTP style: the long side and the short side are kept apart.
 * BUY OPEN adds to long, SELL OPEN adds to short, SELL CLOSE reduces long, BUY CLOSE reduces short.
 *
 * <p>Each side keeps its quantity in lots and its <em>cost</em>: the exact sum of ticks × lots it was
 * opened at, minus what closes released. The average entry price is cost / lots. A close of {@code q}
 * of {@code Q} lots releases {@code floor(cost × q / Q)} (all of it when {@code q == Q}), so rounding
 * never leaks: whatever a partial close leaves behind is released by the last one, and the venue stays
 * exactly zero-sum. Margin of a side is {@link Contract#held} of its cost (margin-rate × notional at
 * entry, rounded up), so it shrinks in proportion on close.
 *
 * <p>It also counts the lots of the user's working orders on each side: OPEN orders (for the position
 * limit) and CLOSE orders (a CLOSE may not exceed position minus working closes).
 */
public final class Position {
    private final Contract contract;
    private long longLots;
    private long longCost;
    private long shortLots;
    private long shortCost;
    private long longOpening;
    private long shortOpening;
    private long longClosing;
    private long shortClosing;
    private BigDecimal realizedPnl = BigDecimal.ZERO;
    /** {@link #margin()} as of the current costs; null after a cost changed (recomputed on the next call). */
    private BigDecimal margin;
    /** The last {@link #unrealizedPnl} and the tick·lot amount it is the value of (not state: a memo of a pure function). */
    private long unrealizedTickLots;
    private BigDecimal unrealized;
    /** The last {@code Venue} execution that touched this (to list it once per command); not part of the state. */
    long executionMark;

    public Position(Contract contract) {
        this.contract = contract;
    }

    public Contract contract() {
        return contract;
    }

    /** Sets every field as a snapshot recorded it. */
    void restore(long longLots, long longCost, long shortLots, long shortCost, long longOpening, long shortOpening,
            long longClosing, long shortClosing, BigDecimal realizedPnl) {
        this.longLots = longLots;
        this.longCost = longCost;
        this.shortLots = shortLots;
        this.shortCost = shortCost;
        this.longOpening = longOpening;
        this.shortOpening = shortOpening;
        this.longClosing = longClosing;
        this.shortClosing = shortClosing;
        this.realizedPnl = realizedPnl;
        this.margin = null;
    }

    /** Adds a fill to a side (BUY OPEN → long, SELL OPEN → short). */
    public void open(boolean longSide, long priceTicks, long lots) {
        long cost = Math.multiplyExact(priceTicks, lots);
        margin = null;
        if (longSide) {
            longLots = Math.addExact(longLots, lots);
            longCost = Math.addExact(longCost, cost);
        } else {
            shortLots = Math.addExact(shortLots, lots);
            shortCost = Math.addExact(shortCost, cost);
        }
    }

    /**
     * Reduces a side by a fill (SELL CLOSE → long, BUY CLOSE → short) and returns the realized PnL:
     * {@code (fill − avg) × qty × multiplier} for long, {@code (avg − fill) × qty × multiplier} for short.
     */
    public BigDecimal close(boolean longSide, long priceTicks, long lots) {
        long held = longSide ? longLots : shortLots;
        if (lots <= 0 || lots > held) {
            throw new IllegalStateException("cannot close " + lots + " of " + held + " lots of " + contract.symbol());
        }
        long cost = longSide ? longCost : shortCost;
        long released = lots == held ? cost : mulDiv(cost, lots, held);
        long proceeds = Math.multiplyExact(priceTicks, lots);
        long pnlTickLots = longSide ? proceeds - released : released - proceeds;
        margin = null;
        if (longSide) {
            longLots -= lots;
            longCost -= released;
        } else {
            shortLots -= lots;
            shortCost -= released;
        }
        BigDecimal pnl = contract.value(pnlTickLots);
        realizedPnl = realizedPnl.add(pnl);
        return pnl;
    }

    /** Lots of the side that a new CLOSE order may still close. */
    public long closable(boolean longSide) {
        return longSide ? longLots - longClosing : shortLots - shortClosing;
    }

    /** Lots of the side plus the user's working OPEN orders on it (what the position limit bounds). */
    public long exposure(boolean longSide) {
        return longSide ? longLots + longOpening : shortLots + shortOpening;
    }

    /** Adjusts the working lots of the user's resting orders on a side ({@code delta} may be negative). */
    public void working(boolean longSide, boolean opening, long delta) {
        if (opening) {
            if (longSide) {
                longOpening += delta;
            } else {
                shortOpening += delta;
            }
        } else if (longSide) {
            longClosing += delta;
        } else {
            shortClosing += delta;
        }
    }

    public long lots(boolean longSide) {
        return longSide ? longLots : shortLots;
    }

    public long cost(boolean longSide) {
        return longSide ? longCost : shortCost;
    }

    public long opening(boolean longSide) {
        return longSide ? longOpening : shortOpening;
    }

    public long closing(boolean longSide) {
        return longSide ? longClosing : shortClosing;
    }

    /** Margin held for both sides: margin-rate × entry notional of each, rounded up. */
    public BigDecimal margin() {
        BigDecimal held = margin;
        if (held == null) {
            held = BigDecimal.ZERO;
            if (longCost != 0) {
                held = held.add(contract.held(longCost));
            }
            if (shortCost != 0) {
                held = held.add(contract.held(shortCost));
            }
            margin = held;
        }
        return held;
    }

    public BigDecimal realizedPnl() {
        return realizedPnl;
    }

    /** Unrealized PnL at a mark: {@code (mark × long − longCost) + (shortCost − mark × short)} in money, exact. */
    public BigDecimal unrealizedPnl(long markTicks) {
        if (longLots == 0 && shortLots == 0) {
            return BigDecimal.ZERO;
        }
        long tickLots = Math.multiplyExact(markTicks, longLots) - longCost
                + shortCost - Math.multiplyExact(markTicks, shortLots);
        if (unrealized == null || tickLots != unrealizedTickLots) {
            unrealized = contract.value(tickLots); // asked on every funds check and account view: mostly the same amount
            unrealizedTickLots = tickLots;
        }
        return unrealized;
    }

    /** No lots on either side (so no unrealized PnL and no margin). */
    boolean isFlat() {
        return longLots == 0 && shortLots == 0;
    }

    /** Flat on both sides with no realized PnL: nothing worth showing. */
    public boolean isEmpty() {
        return longLots == 0 && shortLots == 0 && realizedPnl.signum() == 0;
    }

    public PositionView view(String userId, long markTicks, long timestamp) {
        return new PositionView(userId, contract.symbol(),
                contract.quantity(longLots), contract.averagePrice(longCost, longLots),
                contract.quantity(shortLots), contract.averagePrice(shortCost, shortLots),
                Money.view(margin()), Money.view(realizedPnl), Money.view(unrealizedPnl(markTicks)),
                contract.price(markTicks), timestamp);
    }

    /** Checks this position's own invariants; throws {@link IllegalStateException}. */
    void validate(String userId) {
        for (boolean side : new boolean[] {true, false}) {
            long lots = lots(side);
            long cost = cost(side);
            if (lots < 0 || cost < 0 || (lots == 0) != (cost == 0) || cost < lots
                    || opening(side) < 0 || closing(side) < 0 || closing(side) > lots
                    || lots + opening(side) > Contract.MAX_LOTS) {
                throw new IllegalStateException("position " + userId + "/" + contract.symbol() + " " + (side ? "long" : "short")
                        + " broken: lots=" + lots + " cost=" + cost + " opening=" + opening(side) + " closing=" + closing(side));
            }
        }
    }

    /** {@code floor(a × b / c)} for non-negative values, without overflow. */
    static long mulDiv(long a, long b, long c) {
        long high = Math.multiplyHigh(a, b);
        if (high == 0 && a * b >= 0) {
            return (a * b) / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }
}
