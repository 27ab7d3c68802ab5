package io.tradewire.gateway.session;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.Push;

/**
 * One subscription's update rate limit: at most {@code maxPerSecond} messages a second, always ending on the
 * latest. A message that comes too soon after the last one sent is held (replacing the one held before, which
 * is skipped) until the interval has passed; then the held one goes out. Plain Java; the caller owns the timer.
 */
final class Throttle {
    /** What to do with an offered message. */
    enum Decision {
        /** Send it now. */
        SEND,
        /** Held: nothing else was held, so the caller starts a timer for {@link #dueIn}. */
        HOLD_AND_SCHEDULE,
        /** Held in place of the message held before (skipped); a timer already runs. */
        REPLACE
    }

    private final int maxPerSecond;
    private final long intervalNanos;
    private boolean sentBefore;
    private long lastSent;
    private Push held;

    Throttle(int maxPerSecond) {
        if (maxPerSecond < 1) {
            throw new IllegalArgumentException("maxPerSecond must be at least 1");
        }
        this.maxPerSecond = maxPerSecond;
        this.intervalNanos = 1_000_000_000L / maxPerSecond;
    }

    /** Whether a stream can be throttled: market books and tickers. */
    static boolean applies(String stream) {
        StreamKeys.Parsed parsed = StreamKeys.parse(stream);
        return parsed != null && !parsed.isPrivate() && parsed.detail() == null
                && (parsed.kind().equals("book") || parsed.kind().equals("ticker"));
    }

    int maxPerSecond() {
        return maxPerSecond;
    }

    Decision offer(Push push, long nowNanos) {
        if (held != null) {
            held = push;
            return Decision.REPLACE;
        }
        if (!sentBefore || nowNanos - lastSent >= intervalNanos) {
            sentBefore = true;
            lastSent = nowNanos;
            return Decision.SEND;
        }
        held = push;
        return Decision.HOLD_AND_SCHEDULE;
    }

    /** Nanoseconds until the held message may go (at least 0). */
    long dueIn(long nowNanos) {
        return Math.max(0, lastSent + intervalNanos - nowNanos);
    }

    /** The timer fired: the held message, now counted as sent (null when none is held). */
    Push release(long nowNanos) {
        Push push = held;
        held = null;
        if (push != null) {
            sentBefore = true;
            lastSent = nowNanos;
        }
        return push;
    }
}
