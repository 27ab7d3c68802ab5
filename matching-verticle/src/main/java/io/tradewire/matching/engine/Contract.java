package io.tradewire.matching.engine;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.RejectedException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The edge between the decimal world and the engine's integers for one instrument: prices become
 * {@code long} ticks, quantities {@code long} lots, and back; money amounts are derived from
 * tick·lot products ("cost").
 *
 * <p>Bounds: a price is at most {@link #MAX_TICKS} ticks and a quantity (and a position side, see
 * {@link Venue}) at most {@link #MAX_LOTS} lots, so every tick·lot product and every sum of them that the
 * engine keeps fits in a {@code long} (≤ 1e18). Values outside are rejected like any invalid value.
 */
public final class Contract {
    /** Largest price in ticks (e.g. 10,000,000.00 with a tick of 0.01). */
    public static final long MAX_TICKS = 1_000_000_000L;
    /** Largest order quantity and position side in lots. */
    public static final long MAX_LOTS = 1_000_000_000L;
    /** Extra decimals shown for average prices, beyond the tick's own. */
    private static final int AVERAGE_EXTRA_DECIMALS = 6;

    private final Instrument instrument;
    private final int priceScale;
    private final int quantityScale;
    /** The tick size and the lot size in units of their last decimal ({@link #priceScale}, {@link #quantityScale}). */
    private final long tickUnits;
    private final long lotUnits;
    /** Money per tick·lot: tick-size × lot-size × multiplier (exact). */
    private final BigDecimal tickValue;
    /** Money held per tick·lot: tick value × margin-rate (exact, rounded only when applied). */
    private final BigDecimal marginPerTickLot;
    /** Fees per tick·lot: tick value × the maker / taker fee rate (exact, rounded only when applied). */
    private final BigDecimal makerFeePerTickLot;
    private final BigDecimal takerFeePerTickLot;
    private final long referenceTicks;

    public Contract(Instrument instrument) {
        this.instrument = instrument;
        this.priceScale = Math.max(0, instrument.tickSize().stripTrailingZeros().scale());
        this.quantityScale = Math.max(0, instrument.lotSize().stripTrailingZeros().scale());
        this.tickUnits = instrument.tickSize().movePointRight(priceScale).longValueExact();
        this.lotUnits = instrument.lotSize().movePointRight(quantityScale).longValueExact();
        this.tickValue = instrument.tickSize().multiply(instrument.lotSize()).multiply(instrument.multiplier());
        this.marginPerTickLot = tickValue.multiply(instrument.marginRate());
        this.makerFeePerTickLot = tickValue.multiply(instrument.makerFeeRate());
        this.takerFeePerTickLot = tickValue.multiply(instrument.takerFeeRate());
        // The reference price need not sit on the grid: the nearest tick (at least one) is the initial mark.
        long ticks = instrument.referencePrice().divide(instrument.tickSize(), 0, RoundingMode.HALF_UP).longValue();
        this.referenceTicks = Math.max(1, Math.min(ticks, MAX_TICKS));
    }

    public Instrument instrument() {
        return instrument;
    }

    public String symbol() {
        return instrument.symbol();
    }

    public long referenceTicks() {
        return referenceTicks;
    }

    /** A limit price in ticks; {@link ErrorCode#INVALID_PRICE} if missing, not positive, off the tick grid or too large. */
    public long toTicks(BigDecimal price) {
        if (price == null || price.signum() <= 0) {
            throw new RejectedException(ErrorCode.INVALID_PRICE, "Invalid price: a positive limit price is required");
        }
        return units(price, instrument.tickSize(), MAX_TICKS, ErrorCode.INVALID_PRICE,
                "Invalid price: must be a multiple of the tick size " + instrument.tickSize().toPlainString());
    }

    /** A quantity in lots; {@link ErrorCode#INVALID_QUANTITY} if missing, not positive, off the lot grid or too large. */
    public long toLots(BigDecimal quantity) {
        if (quantity == null || quantity.signum() <= 0) {
            throw new RejectedException(ErrorCode.INVALID_QUANTITY, "Invalid quantity: must be positive");
        }
        return units(quantity, instrument.lotSize(), MAX_LOTS, ErrorCode.INVALID_QUANTITY,
                "Invalid quantity: must be a multiple of the lot size " + instrument.lotSize().toPlainString());
    }

    private static long units(BigDecimal value, BigDecimal step, long max, ErrorCode code, String offGrid) {
        BigDecimal[] quotientAndRemainder = value.divideAndRemainder(step);
        if (quotientAndRemainder[1].signum() != 0) {
            throw new RejectedException(code, offGrid);
        }
        try {
            long units = quotientAndRemainder[0].longValueExact();
            if (units > max) {
                throw new ArithmeticException("above " + max);
            }
            return units;
        } catch (ArithmeticException e) {
            throw new RejectedException(code, code.defaultMessage() + ": too large");
        }
    }

    /** The price of a number of ticks, at the tick's scale ({@code 120.0} for tick 0.1). */
    public BigDecimal price(long ticks) {
        return BigDecimal.valueOf(Math.multiplyExact(ticks, tickUnits), priceScale); // ticks are bounded: no overflow
    }

    /** The quantity of a number of lots, at the lot's scale. */
    public BigDecimal quantity(long lots) {
        return BigDecimal.valueOf(Math.multiplyExact(lots, lotUnits), quantityScale); // lots are bounded: no overflow
    }

    /** An average price (cost in tick·lots over lots), with a few decimals beyond the tick's; null when lots is 0. */
    public BigDecimal averagePrice(long cost, long lots) {
        if (lots == 0) {
            return null;
        }
        BigDecimal average = BigDecimal.valueOf(cost).multiply(instrument.tickSize())
                .divide(BigDecimal.valueOf(lots), priceScale + AVERAGE_EXTRA_DECIMALS, RoundingMode.HALF_EVEN);
        return Money.atLeast(average, priceScale);
    }

    /** Exact money value of a tick·lot amount: {@code price × quantity × multiplier}. */
    public BigDecimal value(long tickLots) {
        return BigDecimal.valueOf(tickLots).multiply(tickValue);
    }

    /** Money held against a tick·lot amount: {@code price × quantity × multiplier × margin-rate}, rounded up. */
    public BigDecimal held(long tickLots) {
        return Money.held(BigDecimal.valueOf(tickLots).multiply(marginPerTickLot));
    }

    /**
     * The fee of one side of a fill of {@code tickLots} (price × quantity): the maker or taker fee rate × the notional
     * {@code price × quantity × multiplier}, rounded <b>up</b> to {@link Money#SCALE} decimals like every held amount.
     */
    public BigDecimal fee(long tickLots, boolean maker) {
        BigDecimal perTickLot = maker ? makerFeePerTickLot : takerFeePerTickLot;
        return perTickLot.signum() == 0 || tickLots == 0 ? BigDecimal.ZERO
                : Money.held(BigDecimal.valueOf(tickLots).multiply(perTickLot));
    }

    /** Whether the instrument has a price band ({@link Instrument#priceBand()} above 0). */
    public boolean hasPriceBand() {
        return instrument.priceBand().signum() > 0;
    }

    /**
     * The lowest limit price (in ticks) the band allows around {@code markTicks}: {@code ceil(mark × (1 − band))}, at
     * least one tick; 1 without a band.
     */
    public long bandLow(long markTicks) {
        if (!hasPriceBand()) {
            return 1;
        }
        BigDecimal low = BigDecimal.valueOf(markTicks).multiply(BigDecimal.ONE.subtract(instrument.priceBand()));
        return low.signum() <= 0 ? 1 : Math.max(1, low.setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** The highest limit price (in ticks) the band allows: {@code floor(mark × (1 + band))}; {@link #MAX_TICKS} without one. */
    public long bandHigh(long markTicks) {
        if (!hasPriceBand()) {
            return MAX_TICKS;
        }
        BigDecimal high = BigDecimal.valueOf(markTicks).multiply(BigDecimal.ONE.add(instrument.priceBand()));
        return Math.min(MAX_TICKS, high.setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    @Override
    public String toString() {
        return "Contract[" + instrument.symbol() + "]";
    }
}
