package io.tradewire.bench.measure;

/**
 * An open-loop schedule of {@code rate} events per second for a fixed duration: at any instant, how many
 * events are due that have not been sent. A late timer catches up (the offered load does not shrink
 * because the server is busy). Pure and single-threaded; the peers in {@code bench/peers} and the order-flow load use the same rule.
 */
public final class RateSchedule {
    private final double ratePerSecond;
    private final long startNanos;
    private final long total;
    private long sent;
    private long maxLagNanos;

    public RateSchedule(double ratePerSecond, double seconds, long startNanos) {
        if (!(ratePerSecond > 0) || !(seconds > 0)) {
            throw new IllegalArgumentException("rate and duration must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.startNanos = startNanos;
        this.total = Math.max(1, Math.round(ratePerSecond * seconds));
    }

    /**
     * Events to send now (and counts them as sent): the first one at the start, then one every 1/rate s. Also
     * notes how late the oldest of them is against its scheduled instant (see {@link #maxLagNanos()}).
     */
    public long take(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - startNanos);
        long due = Math.min(total, 1 + (long) Math.floor(elapsed * ratePerSecond / 1e9));
        long n = Math.max(0, due - sent);
        if (n > 0) {
            maxLagNanos = Math.max(maxLagNanos, nowNanos - scheduledNanos(sent));
        }
        sent += n;
        return n;
    }

    /** When event {@code index} (0-based) is due. */
    public long scheduledNanos(long index) {
        return startNanos + (long) Math.ceil(index * 1e9 / ratePerSecond);
    }

    /**
     * The longest time an event waited past its scheduled instant before it was sent: the timer's granularity
     * when the publisher keeps up, much more when its thread is too busy to keep the rate (then the latency
     * measured from the publish instant no longer shows the wait, and this does).
     */
    public long maxLagNanos() {
        return maxLagNanos;
    }

    public long sent() {
        return sent;
    }

    public long total() {
        return total;
    }

    public boolean done() {
        return sent >= total;
    }
}
