package io.tradewire.gateway.session;

/**
 * A token bucket on a monotonic clock: it holds at most {@code burst} tokens and gains {@code perSecond} per
 * second; each admitted message takes one. No timer: the refill is computed from the time elapsed when the
 * bucket is next used. Not thread-safe (one event loop).
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    /** A full bucket at {@code nowNanos}. */
    public TokenBucket(double perSecond, int burst, long nowNanos) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.capacity = burst;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Gives back one token taken for a message that turned out to be charged elsewhere (never above the burst). */
    public void refund() {
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Tokens available at {@code nowNanos} (fractional). */
    public double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
