package io.tradewire.matching.engine;

/**
 * The lots an instrument traded over the last 24 hours, in one-minute steps: 1,440 buckets, the newest one being the
 * minute of the latest fill. A fill timestamped before that minute (the wall clock stepped back) counts in it, so the
 * window never goes back in time, like the bars. Plain and single-threaded like the {@link Venue} that owns it.
 */
final class RollingVolume {
    static final int MINUTES = 24 * 60;
    private static final long MINUTE_MILLIS = 60_000;
    /** Before the first fill. */
    static final long NONE = Long.MIN_VALUE;

    private final long[] lots = new long[MINUTES];
    private long latestMinute = NONE;
    private long total;

    /** Adds a fill of {@code fillLots} at {@code time} (epoch milliseconds) and returns the 24-hour total with it. */
    long add(long time, long fillLots) {
        advance(Math.floorDiv(time, MINUTE_MILLIS));
        int bucket = bucket(latestMinute);
        lots[bucket] = saturatedAdd(lots[bucket], fillLots);
        total = saturatedAdd(total, fillLots);
        return total;
    }

    /** The lots of the 1,440 minutes up to the latest fill's. */
    long total() {
        return total;
    }

    /** The minute (epoch minutes) of the latest fill, {@link #NONE} before the first. */
    long latestMinute() {
        return latestMinute;
    }

    /** The lots of the minute {@code minutesBack} before the latest fill's (0..1439). */
    long lotsAt(int minutesBack) {
        return latestMinute == NONE ? 0 : lots[bucket(latestMinute - minutesBack)];
    }

    /** Puts back what a snapshot recorded: the latest minute and the lots of each minute back from it. */
    void restore(long latestMinute, long[] lotsBack) {
        if (lotsBack.length != MINUTES) {
            throw new IllegalArgumentException("expected " + MINUTES + " minutes, got " + lotsBack.length);
        }
        this.latestMinute = latestMinute;
        total = 0;
        for (int back = 0; back < MINUTES; back++) {
            long value = latestMinute == NONE ? 0 : lotsBack[back];
            if (value < 0) {
                throw new IllegalArgumentException("negative volume");
            }
            lots[latestMinute == NONE ? back : bucket(latestMinute - back)] = value;
            total = saturatedAdd(total, value);
        }
    }

    private void advance(long minute) {
        if (latestMinute == NONE) {
            latestMinute = minute;
            return;
        }
        if (minute <= latestMinute) {
            return;
        }
        long steps = Math.min(minute - latestMinute, MINUTES);
        for (long step = 1; step <= steps; step++) {
            int bucket = bucket(latestMinute + step);
            total -= lots[bucket];
            lots[bucket] = 0;
        }
        latestMinute = minute;
    }

    private static int bucket(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }

    private static long saturatedAdd(long a, long b) {
        return b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b;
    }
}
