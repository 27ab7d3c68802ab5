package io.tradewire.matching.journal;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Progress of a journal replay at start-up: a log line at most every {@code interval} (records replayed, how far
 * through the journal's bytes, records per second), so that an operator watching a long recovery sees it move.
 * The clock is read once every {@link #CHECK_EVERY} records.
 */
final class ReplayProgress {
    static final long DEFAULT_INTERVAL_NANOS = 2_000_000_000L;
    static final int CHECK_EVERY = 4_096;

    private final String venue;
    private final long totalBytes;
    private final long intervalNanos;
    private final Logger log;
    private final LongSupplier nanoClock;
    private final long started;
    private long lastLogged;
    private long records;

    ReplayProgress(String venue, long totalBytes, long intervalNanos, Logger log, LongSupplier nanoClock) {
        this.venue = venue;
        this.totalBytes = totalBytes;
        this.intervalNanos = intervalNanos;
        this.log = log;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.lastLogged = started;
    }

    /** One more record replayed; {@code bytesDone} of the journal's {@code totalBytes} are read. */
    void replayed(long bytesDone) {
        records++;
        if (records % CHECK_EVERY != 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastLogged < intervalNanos) {
            return;
        }
        lastLogged = now;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        log.info(String.format(Locale.ROOT, "Venue %s replaying its journal: %,d records, %.0f%% of %,d bytes, %,.0f records/s",
                venue, records, totalBytes == 0 ? 100.0 : 100.0 * bytesDone / totalBytes, totalBytes, records / seconds));
    }
}
