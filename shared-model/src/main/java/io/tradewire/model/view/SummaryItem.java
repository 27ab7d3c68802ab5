package io.tradewire.model.view;

import java.math.BigDecimal;

/**
 * One instrument in a {@link io.tradewire.model.event.MarketSummary}: its current UTC day so far. Prices are at the
 * tick scale, volumes at the lot scale. Before the day's first trade the day bar is flat at the last price (the
 * reference price when nothing has traded yet), with volume 0.
 *
 * @param symbol        the instrument
 * @param kind          the {@link io.tradewire.model.InstrumentKind} wire name ({@code stock}, {@code crypto}, …)
 * @param last          the last trade price (the reference price before the first trade)
 * @param open          the open of the current day bar
 * @param change        {@code last - open}
 * @param changePercent {@code change / open × 100}, scale 4, half-even
 * @param volume        quantity traded in the current day
 * @param high          highest price of the current day
 * @param low           lowest price of the current day
 */
public record SummaryItem(
        String symbol,
        String kind,
        BigDecimal last,
        BigDecimal open,
        BigDecimal change,
        BigDecimal changePercent,
        BigDecimal volume,
        BigDecimal high,
        BigDecimal low) {
}
