package io.tradewire.gateway.session;

import java.time.Duration;

/**
 * {@code gateway.rate-limit.*}: token buckets per session and per user (shared by all of the user's sessions on
 * this gateway), one budget for order entry (submit, cancel, amend) and one for every other client message, and the
 * close that ends a session which keeps going over them.
 *
 * <p>Every client message is charged to the messages budget before it is decoded (a refused message is never
 * parsed); a message that decodes to order entry gets that token back and is charged to the orders budget
 * instead, so the two budgets are separate.
 *
 * @param abuseRefusals refusals within {@code abuseWindow} that close the session with 1008; 0 never closes
 */
public record RateLimits(boolean enabled, Rate sessionMessages, Rate sessionOrders, Rate userMessages, Rate userOrders,
        int abuseRefusals, Duration abuseWindow) {

    /** A sustained rate and the burst a full bucket allows. */
    public record Rate(double perSecond, int burst) {
        public Rate {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
            }
        }

        /** A full bucket of this rate as of {@code nowNanos}. */
        public TokenBucket bucket(long nowNanos) {
            return new TokenBucket(perSecond, burst, nowNanos);
        }
    }

    public static final RateLimits DEFAULTS = new RateLimits(true,
            new Rate(100, 200), new Rate(50, 100), new Rate(200, 400), new Rate(100, 200), 100, Duration.ofSeconds(10));
    public static final RateLimits OFF = new RateLimits(false,
            DEFAULTS.sessionMessages, DEFAULTS.sessionOrders, DEFAULTS.userMessages, DEFAULTS.userOrders, 0, Duration.ofSeconds(10));
}
