package io.tradewire.broker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [initial × 2^n / 2, initial × 2^n], capped at
 * {@code max}; {@link #reset()} after a good connection. Plain and deterministic for a given random source.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt (and counts the attempt). */
    public long nextDelayMillis() {
        long ceiling = attempt >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << attempt);
        attempt++;
        long floor = ceiling / 2;
        return floor + (long) (random.nextDouble() * (ceiling - floor + 1));
    }

    public void reset() {
        attempt = 0;
    }
}
