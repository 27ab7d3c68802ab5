package io.tradewire.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BarIntervalTest {
    private static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    private static void assertBucket(BarInterval interval, String time, String start, String end) {
        long t = at(time);
        assertThat(Instant.ofEpochMilli(interval.bucketStart(t))).as("%s start of %s", interval, time).isEqualTo(start);
        assertThat(Instant.ofEpochMilli(interval.bucketEnd(interval.bucketStart(t)))).as("%s end of %s", interval, time)
                .isEqualTo(end);
    }

    @Test
    @DisplayName("Wire names parse case-sensitively: 1m is a minute, 1M a month, anything else nothing")
    void parsesWireNames() {
        for (BarInterval interval : BarInterval.values()) {
            assertThat(BarInterval.parse(interval.wireName())).contains(interval);
        }
        assertThat(BarInterval.parse("1m")).contains(BarInterval.M1);
        assertThat(BarInterval.parse("1M")).contains(BarInterval.MN1);
        assertThat(BarInterval.parse("1H")).isEmpty();
        assertThat(BarInterval.parse("1D")).isEmpty();
        assertThat(BarInterval.parse(" 1m")).isEmpty();
        assertThat(BarInterval.parse("")).isEmpty();
        assertThat(BarInterval.parse(null)).isEmpty();
        assertThat(BarInterval.values()).extracting(BarInterval::wireName)
                .containsExactly("1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w", "1M");
    }

    @Test
    @DisplayName("Minute and hour buckets are aligned on the UTC clock; 4h bars open at 00, 04, 08 … UTC")
    void minutesAndHours() {
        assertBucket(BarInterval.M1, "2024-03-10T12:44:59.999Z", "2024-03-10T12:44:00Z", "2024-03-10T12:45:00Z");
        assertBucket(BarInterval.M1, "2024-03-10T12:45:00Z", "2024-03-10T12:45:00Z", "2024-03-10T12:46:00Z");
        assertBucket(BarInterval.M5, "2024-03-10T12:44:59.999Z", "2024-03-10T12:40:00Z", "2024-03-10T12:45:00Z");
        assertBucket(BarInterval.M15, "2024-03-10T12:44:59.999Z", "2024-03-10T12:30:00Z", "2024-03-10T12:45:00Z");
        assertBucket(BarInterval.M30, "2024-03-10T12:44:59.999Z", "2024-03-10T12:30:00Z", "2024-03-10T13:00:00Z");
        assertBucket(BarInterval.H1, "2024-03-10T12:44:59.999Z", "2024-03-10T12:00:00Z", "2024-03-10T13:00:00Z");
        assertBucket(BarInterval.H4, "2024-03-10T15:59:59.999Z", "2024-03-10T12:00:00Z", "2024-03-10T16:00:00Z");
        assertBucket(BarInterval.H4, "2024-03-10T16:00:00Z", "2024-03-10T16:00:00Z", "2024-03-10T20:00:00Z");
        assertBucket(BarInterval.H4, "2024-03-10T23:00:00Z", "2024-03-10T20:00:00Z", "2024-03-11T00:00:00Z");
    }

    @Test
    @DisplayName("Day buckets run from 00:00 to 24:00 UTC, before the epoch too")
    void days() {
        assertBucket(BarInterval.D1, "2024-03-10T23:59:59.999Z", "2024-03-10T00:00:00Z", "2024-03-11T00:00:00Z");
        assertBucket(BarInterval.D1, "2024-03-11T00:00:00Z", "2024-03-11T00:00:00Z", "2024-03-12T00:00:00Z");
        assertBucket(BarInterval.D1, "1969-12-31T23:00:00Z", "1969-12-31T00:00:00Z", "1970-01-01T00:00:00Z");
    }

    @Test
    @DisplayName("Week buckets start on Monday 00:00 UTC (the epoch itself was a Thursday)")
    void mondayWeeks() {
        assertBucket(BarInterval.W1, "2024-03-10T23:59:59.999Z", "2024-03-04T00:00:00Z", "2024-03-11T00:00:00Z"); // Sunday
        assertBucket(BarInterval.W1, "2024-03-11T00:00:00Z", "2024-03-11T00:00:00Z", "2024-03-18T00:00:00Z"); // Monday
        assertBucket(BarInterval.W1, "2024-03-13T09:30:00Z", "2024-03-11T00:00:00Z", "2024-03-18T00:00:00Z"); // Wednesday
        assertBucket(BarInterval.W1, "1970-01-01T00:00:00Z", "1969-12-29T00:00:00Z", "1970-01-05T00:00:00Z");
        assertBucket(BarInterval.W1, "2024-12-31T12:00:00Z", "2024-12-30T00:00:00Z", "2025-01-06T00:00:00Z"); // across a year end
    }

    @Test
    @DisplayName("Month buckets follow the calendar: February of a leap year, 30- and 31-day months, the year end")
    void calendarMonths() {
        assertBucket(BarInterval.MN1, "2024-02-29T23:59:59.999Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z");
        assertBucket(BarInterval.MN1, "2023-02-15T00:00:00Z", "2023-02-01T00:00:00Z", "2023-03-01T00:00:00Z");
        assertBucket(BarInterval.MN1, "2024-04-30T12:00:00Z", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
        assertBucket(BarInterval.MN1, "2023-12-31T23:59:59.999Z", "2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z");
        assertBucket(BarInterval.MN1, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
        assertBucket(BarInterval.MN1, "1969-12-15T00:00:00Z", "1969-12-01T00:00:00Z", "1970-01-01T00:00:00Z");
    }

    @Test
    @DisplayName("Buckets tile time: every instant lies in [start, end), end is the next bucket's start (seeded random times)")
    void bucketsTileTime() {
        Random random = new Random(20240310);
        long from = at("1990-01-01T00:00:00Z");
        long span = at("2060-01-01T00:00:00Z") - from;
        for (int i = 0; i < 20_000; i++) {
            long t = from + Math.floorMod(random.nextLong(), span);
            for (BarInterval interval : BarInterval.values()) {
                long start = interval.bucketStart(t);
                long end = interval.bucketEnd(start);
                assertThat(start).as("%s %d", interval, t).isLessThanOrEqualTo(t);
                assertThat(end).as("%s %d", interval, t).isGreaterThan(t);
                assertThat(interval.bucketStart(start)).isEqualTo(start);
                assertThat(interval.bucketStart(end - 1)).isEqualTo(start);
                assertThat(interval.bucketStart(end)).isEqualTo(end);
                assertThat(interval.bucketEnd(t)).as("end of a time inside the bucket").isEqualTo(end);
            }
        }
    }
}
