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
    /** The four per-tick·lot rates above as unscaled longs ({@link Exact}), for allocation-light arithmetic. */
    private final Exact tickValueExact;
    private final Exact marginExact;
    private final Exact makerFeeExact;
    private final Exact takerFeeExact;
    private final String offTickGrid;
    private final String offLotGrid;
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
        this.tickValueExact = Exact.of(tickValue);
        this.marginExact = Exact.of(marginPerTickLot);
        this.makerFeeExact = Exact.of(makerFeePerTickLot);
        this.takerFeeExact = Exact.of(takerFeePerTickLot);
        this.offTickGrid = "Invalid price: must be a multiple of the tick size " + instrument.tickSize().toPlainString();
        this.offLotGrid = "Invalid quantity: must be a multiple of the lot size " + instrument.lotSize().toPlainString();
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
        long ticks = gridUnits(price, priceScale, tickUnits, MAX_TICKS);
        return ticks > 0 ? ticks : units(price, instrument.tickSize(), MAX_TICKS, ErrorCode.INVALID_PRICE, offTickGrid);
    }

    /** A quantity in lots; {@link ErrorCode#INVALID_QUANTITY} if missing, not positive, off the lot grid or too large. */
    public long toLots(BigDecimal quantity) {
        if (quantity == null || quantity.signum() <= 0) {
            throw new RejectedException(ErrorCode.INVALID_QUANTITY, "Invalid quantity: must be positive");
        }
        long lots = gridUnits(quantity, quantityScale, lotUnits, MAX_LOTS);
        return lots > 0 ? lots : units(quantity, instrument.lotSize(), MAX_LOTS, ErrorCode.INVALID_QUANTITY, offLotGrid);
    }

    /**
     * The common case of {@link #units} without its divisions: a positive value with at most {@code scale} decimals, a
     * whole number of steps ({@code stepUnits} in units of {@code 10^-scale}) and at most {@code max} of them; 0 for
     * anything else (off the grid, too large, more decimals even if zero): {@link #units} then decides.
     */
    private static long gridUnits(BigDecimal value, int scale, long stepUnits, long max) {
        if (value.scale() < 0 || value.scale() > scale || value.precision() - value.scale() > 18 - scale) {
            return 0;
        }
        long units = value.setScale(scale).scaleByPowerOfTen(scale).longValueExact(); // < 10^18: fits
        return units % stepUnits == 0 && units / stepUnits <= max ? units / stepUnits : 0;
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

    /**
     * An average price (cost in tick·lots over lots), with a few decimals beyond the tick's; null when lots is 0. A
     * whole number of ticks (every fill at one price, the common case) is that tick's {@link #price}: the same value
     * and scale as the division's, whose extra decimals are then all zeros and stripped.
     */
    public BigDecimal averagePrice(long cost, long lots) {
        if (lots == 0) {
            return null;
        }
        if (cost % lots == 0) {
            return price(cost / lots);
        }
        BigDecimal average = BigDecimal.valueOf(cost).multiply(instrument.tickSize())
                .divide(BigDecimal.valueOf(lots), priceScale + AVERAGE_EXTRA_DECIMALS, RoundingMode.HALF_EVEN);
        return Money.atLeast(average, priceScale);
    }

    /** Exact money value of a tick·lot amount: {@code price × quantity × multiplier}. */
    public BigDecimal value(long tickLots) {
        return tickValueExact.times(tickLots);
    }

    /** Money held against a tick·lot amount: {@code price × quantity × multiplier × margin-rate}, rounded up. */
    public BigDecimal held(long tickLots) {
        return marginExact.heldTimes(tickLots);
    }

    /**
     * The fee of one side of a fill of {@code tickLots} (price × quantity): the maker or taker fee rate × the notional
     * {@code price × quantity × multiplier}, rounded <b>up</b> to {@link Money#SCALE} decimals like every held amount.
     */
    public BigDecimal fee(long tickLots, boolean maker) {
        Exact perTickLot = maker ? makerFeeExact : takerFeeExact;
        return perTickLot.rate.signum() == 0 || tickLots == 0 ? BigDecimal.ZERO : perTickLot.heldTimes(tickLots);
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

    /**
     * A per-tick·lot rate with its unscaled value as a {@code long} when it fits: {@code tickLots × rate} is then one
     * {@code long} multiplication (overflow-checked) and one {@code BigDecimal} of the same value and scale as
     * {@code BigDecimal.valueOf(tickLots).multiply(rate)}; rounding up to {@link Money#SCALE} is a ceiling division.
     * Anything that does not fit takes the {@code BigDecimal} path, so results are identical either way.
     */
    static final class Exact {
        private static final long[] POWERS_OF_TEN = new long[19];
        /** "No long product": also what a product of exactly {@code Long.MIN_VALUE} reports (it cannot be negated). */
        private static final long NO_PRODUCT = Long.MIN_VALUE;

        static {
            POWERS_OF_TEN[0] = 1;
            for (int i = 1; i < POWERS_OF_TEN.length; i++) {
                POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
            }
        }

        final BigDecimal rate;
        private final boolean compact;
        private final long unscaled;
        private final int scale;

        private Exact(BigDecimal rate) {
            this.rate = rate;
            this.compact = rate.unscaledValue().bitLength() < 63;
            this.unscaled = compact ? rate.unscaledValue().longValue() : 0;
            this.scale = rate.scale();
        }

        static Exact of(BigDecimal rate) {
            return new Exact(rate);
        }

        /** Exactly {@code BigDecimal.valueOf(tickLots).multiply(rate)}. */
        BigDecimal times(long tickLots) {
            long product = unscaledTimes(tickLots);
            return product != NO_PRODUCT ? BigDecimal.valueOf(product, scale) : BigDecimal.valueOf(tickLots).multiply(rate);
        }

        /** Exactly {@code Money.held(times(tickLots))}: rounded up (towards +∞) to {@link Money#SCALE} decimals. */
        BigDecimal heldTimes(long tickLots) {
            long product = scale - Money.SCALE < POWERS_OF_TEN.length ? unscaledTimes(tickLots) : NO_PRODUCT;
            if (product == NO_PRODUCT) {
                return Money.held(BigDecimal.valueOf(tickLots).multiply(rate));
            }
            return scale <= Money.SCALE ? BigDecimal.valueOf(product, scale)
                    : BigDecimal.valueOf(-Math.floorDiv(-product, POWERS_OF_TEN[scale - Money.SCALE]), Money.SCALE);
        }

        /**
         * {@code tickLots} × the rate's unscaled value, or {@link #NO_PRODUCT} when the rate is not compact or the
         * product does not fit a {@code long} (then the {@code BigDecimal} path gives the same result).
         */
        private long unscaledTimes(long tickLots) {
            if (!compact) {
                return NO_PRODUCT;
            }
            long high = Math.multiplyHigh(tickLots, unscaled);
            long low = tickLots * unscaled;
            return high == (low >> 63) ? low : NO_PRODUCT;
        }
    }
}
