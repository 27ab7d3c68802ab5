package io.tradewire.model.algo;

/** How a master order is sliced into child orders over its duration. */
public enum Algorithm {
    /** Time-weighted: the same share of the quantity in every slice of the duration. */
    TWAP,
    /** Volume-weighted: each slice's share follows a volume profile of the duration. */
    VWAP,
    /** Percentage of volume: a share of the market volume traded since the start. */
    POV
}
