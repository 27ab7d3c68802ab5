package io.tradewire.matching.engine;

/** One aggregated price level of an {@link OrderBook}, in ticks and lots. */
public record DepthLevel(long priceTicks, long lots, int orderCount) {
}
