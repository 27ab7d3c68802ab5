package io.tradewire.bench.lob;

import io.tradewire.bench.measure.Machine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side table of {@code bench lob --table}, in Markdown: one row per side-by-side run (the book on each
 * stream, the venue) with each engine's median and range over its passes, the ratio as the median and range of the
 * per-pass pairs, per process CPU-second likewise, and whether the goal is met; then the journaled venue's rows; then
 * the machine and both JVMs' flags.
 */
public final class LobTable {
    private LobTable() {
    }

    /**
     * @param sideBySide reports of {@code bench lob --engine both} (book and venue levels), in row order
     * @param journaled  the journaled report, or null
     */
    public static String markdown(List<JsonObject> sideBySide, JsonObject journaled, Machine machine, String ourJvm, String theirJvm) {
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | Tradewire: median (range) | per command p50 / p99 / p99.9 | exchange-core: median (range) "
                + "| ratio: median (range) of the pairs | per process CPU-second | goal | met |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (JsonObject r : sideBySide) {
            boolean venue = "venue".equals(r.getString("level"));
            JsonObject ours = r.getJsonObject("tradewire");
            JsonObject theirs = r.getJsonObject("xc");
            Double ratio = r.getDouble("throughputRatio");
            out.append(String.format(Locale.ROOT, "| %s, %s (ops/s, %d passes) | %s | %s | %s | %s | %s | %s | %s |%n",
                    venue ? "venue" : "book", r.getString("workload"), ours.getJsonArray("opsPerSecondRuns").size(),
                    medianRange(ours.getJsonArray("opsPerSecondRuns"), ours.getLong("opsPerSecondMedian")),
                    perCommand(ours.getJsonObject("latencyNs")),
                    medianRange(theirs.getJsonArray("opsPerSecondRuns"), theirs.getLong("opsPerSecondMedian")),
                    ratioCell(ratio, r.getJsonArray("throughputRatioRuns")),
                    ratioCell(r.getDouble("processCpuRatio"), r.getJsonArray("processCpuRatioRuns")),
                    venue ? "≥ exchange-core's full engine" : "≥ exchange-core's book",
                    ratio == null ? "—" : ratio >= 1 ? "**yes**" : "no"));
        }
        if (journaled != null) {
            JsonObject saturated = journaled.getJsonObject("saturated");
            long acks = saturated.getLong("acksPerSecond");
            out.append(String.format(Locale.ROOT, "| journaled venue, %s, saturated (acks/s, %d passes) | %s | ack %s | — | — | — "
                            + "| ≥ 1 M commands/s | %s |%n",
                    journaled.getString("workload"), saturated.getInteger("runs", 1),
                    medianRange(saturated.getJsonArray("acksPerSecondRuns"), acks), latency(saturated.getJsonObject("ackLatencyUs")),
                    acks >= 1_000_000 ? "**yes**" : "no"));
            for (Object o : journaled.getJsonArray("openLoop")) {
                JsonObject pass = (JsonObject) o;
                out.append(String.format(Locale.ROOT, "| journaled venue, offered %,d/s (acks/s, %d passes) | %s | ack %s | — | — | — "
                                + "| ack latency reported | — |%n",
                        pass.getLong("offeredPerSecond"), pass.getInteger("runs", 1),
                        medianRange(pass.getJsonArray("acksPerSecondRuns"), pass.getLong("acksPerSecond")),
                        latency(pass.getJsonObject("ackLatencyUs"))));
            }
        }
        out.append(String.format(Locale.ROOT, "%nMachine: %s.%nTradewire's JVM: %s. exchange-core's child JVM: %s.%n",
                machine.describe(), ourJvm, theirJvm));
        return out.toString();
    }

    /** {@code 1.04 M (0.93–1.24 M)}: the median, then the smallest and largest pass. */
    static String medianRange(JsonArray runs, long median) {
        if (runs == null || runs.size() < 2) {
            return count(median);
        }
        List<Long> values = new ArrayList<>();
        runs.forEach(v -> values.add(((Number) v).longValue()));
        values.sort(null);
        return count(median) + " (" + count(values.get(0)) + "–" + count(values.get(values.size() - 1)) + ")";
    }

    /** {@code 14.22 M} from a million up, else the count itself ({@code 597,374}). */
    static String count(long n) {
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.2f M", n / 1e6) : String.format(Locale.ROOT, "%,d", n);
    }

    static String ratioCell(Double median, JsonArray runs) {
        if (median == null) {
            return "—";
        }
        if (runs == null || runs.size() < 2 || runs.contains(null)) {
            return String.format(Locale.ROOT, "%.2f×", median);
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Object v : runs) {
            double d = ((Number) v).doubleValue();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return String.format(Locale.ROOT, "**%.2f×** (%.2f–%.2f×)", median, min, max);
    }

    private static String perCommand(JsonObject ns) {
        return ns == null ? "—" : String.format(Locale.ROOT, "%d / %d / %d ns", ns.getLong("p50"), ns.getLong("p99"), ns.getLong("p99_9"));
    }

    private static String latency(JsonObject us) {
        return String.format(Locale.ROOT, "p50 %s / p99 %s / p99.9 %s", millis(us.getDouble("p50")), millis(us.getDouble("p99")),
                millis(us.getDouble("p99_9")));
    }

    private static String millis(double us) {
        return us >= 1_000 ? String.format(Locale.ROOT, "%.1f ms", us / 1_000) : String.format(Locale.ROOT, "%.2f ms", us / 1_000);
    }
}
