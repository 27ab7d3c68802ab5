package io.tradewire.matching.engine;

import io.tradewire.model.BarInterval;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.view.SummaryItem;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The current OHLCV bar of one instrument in every {@link BarInterval}, fed by its fills. Plain and
 * single-threaded like the {@link Venue} that owns it; prices are kept in ticks and volumes in lots, and
 * leave as exact decimals at the contract's tick and lot scale.
 *
 * <p>A fill in a later bucket than the current bar's rolls the bar over: the new bar opens at the fill's
 * price. A fill timestamped before the current bar's bucket (the wall clock stepped back) still counts in
 * the current bar, so bars never go back in time. Before the first fill of a bucket the bar is flat at the
 * last price with volume 0.
 */
final class BarBook {
    private static final BarInterval[] INTERVALS = BarInterval.values();
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int PERCENT_SCALE = 4;

    private final Contract contract;
    /** The latest bar per interval (index = ordinal), null until the instrument's first fill. */
    private final Bar[] bars = new Bar[INTERVALS.length];

    BarBook(Contract contract) {
        this.contract = contract;
    }

    /** The latest bar of an interval, null before the instrument's first fill (for snapshots). */
    Bar latest(BarInterval interval) {
        return bars[interval.ordinal()];
    }

    /** Puts back a bar a snapshot recorded. */
    void restore(BarInterval interval, Bar bar) {
        bars[interval.ordinal()] = bar;
    }

    /** Adds one fill to the bar of every interval and publishes each updated bar, in {@link BarInterval} order. */
    void onFill(long priceTicks, long lots, long time, EventSink events) {
        BigDecimal fillPrice = contract.price(priceTicks); // every bar's close, and often its high or low: made once
        for (BarInterval interval : INTERVALS) {
            Bar bar = bars[interval.ordinal()];
            long start = interval.bucketStart(time);
            if (bar == null || start > bar.openTime) {
                bar = new Bar(start, priceTicks);
                bars[interval.ordinal()] = bar;
            }
            bar.add(priceTicks, lots);
            events.publish(view(interval, bar, time, priceTicks, fillPrice));
        }
    }

    /** The bar of the bucket that contains {@code now}; flat at {@code lastTicks} when nothing traded in it yet. */
    BarUpdated current(BarInterval interval, long now, long lastTicks) {
        return view(interval, bar(interval, now, lastTicks), now);
    }

    /** The instrument's current UTC day: last price, the day's open, change, volume and range. */
    SummaryItem summary(long now, long lastTicks) {
        Bar day = bar(BarInterval.D1, now, lastTicks);
        BigDecimal last = contract.price(lastTicks);
        BigDecimal open = contract.price(day.open);
        BigDecimal change = contract.price(lastTicks - day.open);
        BigDecimal percent = change.multiply(HUNDRED).divide(open, PERCENT_SCALE, RoundingMode.HALF_EVEN);
        return new SummaryItem(contract.symbol(), contract.instrument().kind().wireName(), last, open, change, percent,
                contract.quantity(day.lots), contract.price(day.high), contract.price(day.low));
    }

    private Bar bar(BarInterval interval, long now, long lastTicks) {
        Bar bar = bars[interval.ordinal()];
        long start = interval.bucketStart(now);
        return bar != null && bar.openTime >= start ? bar : new Bar(start, lastTicks);
    }

    private BarUpdated view(BarInterval interval, Bar bar, long timestamp) {
        return view(interval, bar, timestamp, bar.close, contract.price(bar.close));
    }

    /** The bar's view, with {@code knownPrice} (the price of {@code knownTicks}) for each of its prices at that tick. */
    private BarUpdated view(BarInterval interval, Bar bar, long timestamp, long knownTicks, BigDecimal knownPrice) {
        return new BarUpdated(contract.symbol(), interval.wireName(), bar.openTime, interval.bucketEnd(bar.openTime),
                price(bar.open, knownTicks, knownPrice), price(bar.high, knownTicks, knownPrice),
                price(bar.low, knownTicks, knownPrice), price(bar.close, knownTicks, knownPrice),
                contract.quantity(bar.lots), bar.trades, timestamp);
    }

    private BigDecimal price(long ticks, long knownTicks, BigDecimal knownPrice) {
        return ticks == knownTicks ? knownPrice : contract.price(ticks);
    }

    /** One bucket's OHLCV in ticks and lots; a new bar is flat at its opening price with no volume. */
    static final class Bar {
        final long openTime;
        final long open;
        long high;
        long low;
        long close;
        long lots;
        int trades;

        Bar(long openTime, long openTicks) {
            this.openTime = openTime;
            this.open = openTicks;
            this.high = openTicks;
            this.low = openTicks;
            this.close = openTicks;
        }

        /** A bar exactly as a snapshot recorded it. */
        Bar(long openTime, long open, long high, long low, long close, long lots, int trades) {
            this.openTime = openTime;
            this.open = open;
            this.high = high;
            this.low = low;
            this.close = close;
            this.lots = lots;
            this.trades = trades;
        }

        void add(long priceTicks, long fillLots) {
            high = Math.max(high, priceTicks);
            low = Math.min(low, priceTicks);
            close = priceTicks;
            // Saturate instead of failing half-way through a fill (out of reach in practice: ~9e9 maximal fills).
            lots = fillLots > Long.MAX_VALUE - lots ? Long.MAX_VALUE : lots + fillLots;
            trades = trades == Integer.MAX_VALUE ? trades : trades + 1;
        }
    }
}
