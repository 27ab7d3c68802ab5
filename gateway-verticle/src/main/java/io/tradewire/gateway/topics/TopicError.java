package io.tradewire.gateway.topics;

/**
 * One {@code error} frame's content.
 *
 * @param errorCode {@link #INVALID_TOPIC}, {@link #INVALID_MESSAGE} or {@link #SUBSCRIPTION_FAILED} (the seed's codes),
 *                  or {@link #RATE_LIMITED}, {@link #SLOW_CONSUMER}
 * @param message   the {@code error_message}, already in the session's language
 */
record TopicError(String errorCode, String message) {
    static final String INVALID_TOPIC = "invalid_topic";
    static final String INVALID_MESSAGE = "invalid_message";
    static final String SUBSCRIPTION_FAILED = "subscription_failed";
    /**
     * Tradewire's own, not the seed's: a message refused by the rate limits, and the last message before the
     * server closes a connection that kept exceeding them (or one over the session limits).
     */
    static final String RATE_LIMITED = "rate_limited";
    /** Tradewire's own: the last message before the server closes a connection that read too slowly (1013). */
    static final String SLOW_CONSUMER = "slow_consumer";
}
