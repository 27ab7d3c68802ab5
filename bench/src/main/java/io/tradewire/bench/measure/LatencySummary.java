package io.tradewire.bench.measure;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds.
 *
 * @param count how many values were recorded
 */
public record LatencySummary(long count, long p50Micros, long p99Micros, long p999Micros, long maxMicros, double meanMicros) {
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** Highest latency a histogram tracks (values above are clamped to it): one hour. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    /** A histogram for microsecond latencies with 3 significant digits (0.1% resolution). */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, 3);
    }

    public static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(histogram.getTotalCount(),
                histogram.getValueAtPercentile(50.0),
                histogram.getValueAtPercentile(99.0),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue(),
                histogram.getMean());
    }

    /** Clamps a measured latency into the range a histogram records (clock steps can make it negative). */
    public static long clamp(long micros) {
        return Math.max(1, Math.min(HIGHEST_MICROS, micros));
    }

    public JsonObject toJson() {
        return new JsonObject().put("count", count).put("p50_us", p50Micros).put("p99_us", p99Micros)
                .put("p99_9_us", p999Micros).put("max_us", maxMicros).put("mean_us", Math.round(meanMicros * 10) / 10.0);
    }

    public static LatencySummary fromJson(JsonObject json) {
        if (json == null) {
            return EMPTY;
        }
        return new LatencySummary(json.getLong("count", 0L), json.getLong("p50_us", 0L), json.getLong("p99_us", 0L),
                json.getLong("p99_9_us", 0L), json.getLong("max_us", 0L), json.getDouble("mean_us", 0.0));
    }

    /** Milliseconds with two decimals, for people. */
    public static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
