package io.tradewire.matching.engine;

import java.math.BigDecimal;

/**
 * The decimals of one scale that views show again and again (the prices and quantities near the market), each made
 * once: a direct-mapped cache keyed by the number of steps (ticks or lots). A miss makes the value as before and keeps
 * it in its slot; a hit returns the same immutable {@code BigDecimal}, equal in value and scale to a new one.
 *
 * <p>Entries are immutable and replaced whole, so a reader on another thread sees an old entry or a new one, never
 * half of one: the cache needs no lock.
 */
final class DecimalCache {
    private static final int SLOTS = 4096;

    private final Entry[] entries = new Entry[SLOTS];
    private final long stepUnits;
    private final int scale;

    /**
     * @param stepUnits one step in units of the last decimal ({@code 10^-scale})
     * @param scale     the scale of every value
     */
    DecimalCache(long stepUnits, int scale) {
        this.stepUnits = stepUnits;
        this.scale = scale;
    }

    /** {@code steps × step}, at the cache's scale; {@code steps} is bounded by the caller, so the product fits. */
    BigDecimal of(long steps) {
        int slot = (int) steps & (SLOTS - 1);
        Entry entry = entries[slot];
        if (entry != null && entry.steps == steps) {
            return entry.value;
        }
        BigDecimal value = BigDecimal.valueOf(Math.multiplyExact(steps, stepUnits), scale);
        entries[slot] = new Entry(steps, value);
        return value;
    }

    private record Entry(long steps, BigDecimal value) {
    }
}
