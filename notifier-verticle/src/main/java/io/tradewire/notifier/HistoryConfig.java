package io.tradewire.notifier;

import io.tradewire.model.config.ConfigReader;
import java.time.Duration;

/**
 * How much of each stream the notifier keeps for clients that come back ({@code notifier.history.*}): at most
 * {@code maxMessages} messages per stream, or {@code stateMaxMessages} for a stream whose snapshot is its whole state
 * (account, positions, book, ticker, bars, summary: a resume beyond that many gets a snapshot, which says as much), none
 * older than {@code maxAge}, and at most {@code maxTotalMessages} over all streams together (the oldest go first). The
 * defaults hold an active user's order and trade streams over a two-minute disconnect plus a reconnect's backoff: up
 * to 4,096 messages (34 per second for two minutes) and three minutes of age, within a total of 500,000 messages
 * (about 270 MB at about 540 bytes per order message), so that a busy venue cannot grow the history past the heap.
 */
record HistoryConfig(int maxMessages, int stateMaxMessages, int maxTotalMessages, Duration maxAge) {
    static final int DEFAULT_MAX_MESSAGES = 4_096;
    static final int DEFAULT_STATE_MAX_MESSAGES = 64;
    static final int DEFAULT_MAX_TOTAL_MESSAGES = 500_000;
    static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(3);

    /** Per-stream bounds and an age, with the default total. */
    HistoryConfig(int maxMessages, int stateMaxMessages, Duration maxAge) {
        this(maxMessages, stateMaxMessages, DEFAULT_MAX_TOTAL_MESSAGES, maxAge);
    }

    static HistoryConfig from(ConfigReader history) {
        return new HistoryConfig(
                history.integer("max-messages", DEFAULT_MAX_MESSAGES, 0, 1_000_000),
                history.integer("state-max-messages", DEFAULT_STATE_MAX_MESSAGES, 0, 1_000_000),
                history.integer("max-total-messages", DEFAULT_MAX_TOTAL_MESSAGES, 0, 100_000_000),
                history.duration("max-age", DEFAULT_MAX_AGE, Duration.ZERO, Duration.ofHours(24)));
    }

    /** Whether anything is kept at all (0 messages or no age: every resume falls back to a snapshot). */
    boolean enabled() {
        return (maxMessages > 0 || stateMaxMessages > 0) && maxTotalMessages > 0 && !maxAge.isZero();
    }
}
