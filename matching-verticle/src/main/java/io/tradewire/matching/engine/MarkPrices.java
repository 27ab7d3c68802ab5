package io.tradewire.matching.engine;

/** The mark of each instrument in ticks: its last trade price, or its reference price before any trade. */
@FunctionalInterface
public interface MarkPrices {
    long markTicks(Contract contract);
}
