package io.tradewire.notifier;

import io.tradewire.model.config.ConfigReader;
import java.time.Duration;

/**
 * How much of each stream the notifier keeps for clients that come back ({@code notifier.history.*}): at most
 * {@code maxMessages} messages per stream, none older than {@code maxAge}. The defaults hold an active user's
 * streams over a two-minute disconnect plus a reconnect's backoff: up to 4,096 messages (34 per second for two
 * minutes) and three minutes of age.
 */
record HistoryConfig(int maxMessages, Duration maxAge) {
    static final int DEFAULT_MAX_MESSAGES = 4_096;
    static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(3);

    static HistoryConfig from(ConfigReader history) {
        return new HistoryConfig(
                history.integer("max-messages", DEFAULT_MAX_MESSAGES, 0, 1_000_000),
                history.duration("max-age", DEFAULT_MAX_AGE, Duration.ZERO, Duration.ofHours(24)));
    }

    /** Whether anything is kept at all (0 messages or no age: every resume falls back to a snapshot). */
    boolean enabled() {
        return maxMessages > 0 && !maxAge.isZero();
    }
}
