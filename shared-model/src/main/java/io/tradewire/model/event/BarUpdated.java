package io.tradewire.model.event;

import java.math.BigDecimal;

/**
 * The current OHLCV bar of an instrument in one interval, after a trade changed it (or as a query's reply).
 * Prices are at the instrument's tick scale, the volume at its lot scale.
 *
 * @param instrument the symbol
 * @param interval   the {@link io.tradewire.model.BarInterval} wire name: {@code 1m}, {@code 5m}, … {@code 1w}, {@code 1M}
 * @param openTime   start of the bucket, epoch milliseconds (UTC-aligned)
 * @param closeTime  end of the bucket, exclusive: the next bar's {@code openTime}
 * @param volume     quantity traded in the bucket (0 for a flat bar before the bucket's first trade)
 * @param trades     number of fills in the bucket
 * @param timestamp  epoch milliseconds of the trade that changed the bar (of the query for a reply)
 */
public record BarUpdated(
        String instrument,
        String interval,
        long openTime,
        long closeTime,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        int trades,
        long timestamp) implements Event {
}
