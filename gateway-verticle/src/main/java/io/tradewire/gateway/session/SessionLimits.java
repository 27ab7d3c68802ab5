package io.tradewire.gateway.session;

import java.time.Duration;

/**
 * What one gateway allows its sessions. A limit of 0 means unlimited.
 *
 * @param maxSubscriptionsPerSession streams one session may be subscribed to at once ({@code gateway.max-subscriptions-per-session})
 * @param maxSessionsPerUser         authenticated sessions of one user on this gateway ({@code gateway.max-sessions-per-user})
 * @param maxSessionsPerIp           sessions from one client address ({@code gateway.max-sessions-per-ip})
 * @param rateLimits                 {@code gateway.rate-limit.*}
 * @param expiryGrace                how long after its token's {@code exp} a session is closed ({@code auth.jwt.clock-skew}:
 *                                   the token is valid that long to the verifier too)
 * @param maxMessageChars            a client message longer than this (after permessage-deflate, when enabled) closes the
 *                                   socket with 1009 ({@code gateway.max-message-bytes})
 */
public record SessionLimits(int maxSubscriptionsPerSession, int maxSessionsPerUser, int maxSessionsPerIp, RateLimits rateLimits,
        Duration expiryGrace, int maxMessageChars) {
    public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION = 256;
    public static final int DEFAULT_MAX_SESSIONS_PER_USER = 32;
    public static final int DEFAULT_MAX_SESSIONS_PER_IP = 256;

    /** No limit at all (what the compatibility constructors of {@link Sessions} use). */
    public static final SessionLimits UNLIMITED = new SessionLimits(0, 0, 0, RateLimits.OFF, Duration.ZERO, Integer.MAX_VALUE);

    /** The shipped defaults. */
    public static SessionLimits defaults() {
        return new SessionLimits(DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION, DEFAULT_MAX_SESSIONS_PER_USER, DEFAULT_MAX_SESSIONS_PER_IP,
                RateLimits.DEFAULTS, Duration.ofSeconds(5), 65_536);
    }

    /** The subscription bound as a count ({@link Integer#MAX_VALUE} when unlimited). */
    int subscriptionBound() {
        return maxSubscriptionsPerSession <= 0 ? Integer.MAX_VALUE : maxSubscriptionsPerSession;
    }
}
