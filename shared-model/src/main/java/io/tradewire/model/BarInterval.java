package io.tradewire.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The length of an OHLCV bar, with its wire name as topic grammars write it ({@code stock.AAPL.1m}).
 * Wire names are case-sensitive: {@code 1m} is a minute, {@code 1M} a month.
 *
 * <p>Buckets are aligned in UTC: minutes and hours on the epoch (so 4h bars open at 00, 04, 08 … UTC),
 * days at 00:00 UTC, weeks on Monday 00:00 UTC, months on the first day of the calendar month 00:00 UTC.
 * A bucket is the half-open range {@code [bucketStart, bucketEnd)}.
 */
public enum BarInterval {
    M1("1m", 60_000L),
    M5("5m", 5 * 60_000L),
    M15("15m", 15 * 60_000L),
    M30("30m", 30 * 60_000L),
    H1("1h", 3_600_000L),
    H4("4h", 4 * 3_600_000L),
    D1("1d", 86_400_000L),
    W1("1w", 7 * 86_400_000L),
    /** Calendar month: its length varies, so {@link #fixedMillis} is 0. */
    MN1("1M", 0L);

    /** 1970-01-05, the first Monday after the epoch (which was a Thursday). */
    private static final long FIRST_MONDAY = 4 * 86_400_000L;

    private final String wireName;
    private final long fixedMillis;

    BarInterval(String wireName, long fixedMillis) {
        this.wireName = wireName;
        this.fixedMillis = fixedMillis;
    }

    /** The name in topics and stream keys: {@code 1m}, {@code 5m}, … {@code 1w}, {@code 1M}. */
    public String wireName() {
        return wireName;
    }

    /** The interval of a wire name (exact, case-sensitive match); empty for anything else, null included. */
    public static Optional<BarInterval> parse(String wire) {
        for (BarInterval interval : values()) {
            if (interval.wireName.equals(wire)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    /** The start (epoch milliseconds, UTC) of the bucket that contains {@code epochMillis}. */
    public long bucketStart(long epochMillis) {
        if (this == MN1) {
            LocalDate day = Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toLocalDate();
            return startOfDay(day.withDayOfMonth(1));
        }
        long origin = this == W1 ? FIRST_MONDAY : 0L;
        return origin + Math.floorDiv(epochMillis - origin, fixedMillis) * fixedMillis;
    }

    /**
     * The end (exclusive, epoch milliseconds) of the bucket that starts at {@code start}: the start of the next
     * bucket. A time inside a bucket gives that bucket's end too.
     */
    public long bucketEnd(long start) {
        long aligned = bucketStart(start);
        if (this == MN1) {
            LocalDate first = Instant.ofEpochMilli(aligned).atOffset(ZoneOffset.UTC).toLocalDate();
            return startOfDay(first.plusMonths(1));
        }
        return aligned + fixedMillis;
    }

    private static long startOfDay(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
