package io.tradewire.bench.lob;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/** {@code tradewire bench lob} for one engine in this JVM: {@code runs} throughput passes and one latency pass. */
public final class LobBench {
    private LobBench() {
    }

    /**
     * What happens around each of an engine's passes: in a side-by-side comparison the two engines take turns, pass by
     * pass, so that both see the machine as it is at that moment ({@link XcChild.Paced}). Passes are numbered from 0:
     * the throughput passes, then the latency pass (if the engine has one).
     */
    public interface Turns {
        Turns NONE = new Turns() {
        };

        /** Before pass {@code pass} starts. */
        default void before(int pass) {
        }

        /** After pass {@code pass} ended; {@code result} is null for the latency pass. */
        default void after(int pass, LobReplay.Pass result) {
        }
    }

    public static JsonObject run(String engineName, LobStream s, int runs, Supplier<LobReplay.Engine> engines) {
        return run(engineName, s, runs, engines, Turns.NONE);
    }

    public static JsonObject run(String engineName, LobStream s, int runs, Supplier<LobReplay.Engine> engines, Turns turns) {
        double[] ops = new double[runs];
        double[] cpu = new double[runs];
        double[] processCpu = new double[runs];
        double[] allocated = new double[runs];
        long fills = 0;
        for (int r = 0; r < runs; r++) {
            turns.before(r);
            LobReplay.Pass pass = LobReplay.run(s, engines.get(), false);
            turns.after(r, pass);
            ops[r] = pass.opsPerSecond();
            cpu[r] = pass.cpuNsPerCommand();
            processCpu[r] = pass.processCpuNsPerCommand();
            allocated[r] = pass.allocatedBytesPerCommand();
            fills = pass.fills();
        }
        turns.before(runs);
        Histogram h = LobReplay.run(s, engines.get(), true).latency();
        turns.after(runs, null);
        double[] sorted = ops.clone();
        Arrays.sort(sorted);
        JsonArray perRun = new JsonArray();
        for (double o : ops) perRun.add(Math.round(o));
        LobSummary sum = s.summary();
        JsonObject report = new JsonObject()
                .put("engine", engineName)
                .put("workload", s.params().mix().label())
                .put("fingerprint", sum.fingerprintHex())
                .put("commands", s.params().commands())
                .put("measuredCommands", s.params().commands() - LobReplay.warmUp(s))
                .put("fills", fills)
                .put("expectedFills", sum.fills())
                .put("opsPerSecondRuns", perRun)
                .put("opsPerSecondMedian", Math.round(sorted[sorted.length / 2]))
                .put("latencyNs", new JsonObject()
                        .put("count", h.getTotalCount())
                        .put("mean", Math.round(h.getMean()))
                        .put("p50", h.getValueAtPercentile(50))
                        .put("p99", h.getValueAtPercentile(99))
                        .put("p99_9", h.getValueAtPercentile(99.9))
                        .put("max", h.getMaxValue()));
        putPerRun(report, "cpuNsPerCommand", cpu);
        putPerRun(report, "processCpuNsPerCommand", processCpu);
        putPerRun(report, "allocatedBytesPerCommand", allocated);
        return report;
    }

    /** {@code <name>Runs} (one decimal each) and {@code <name>Median}, unless the runs' figures are unknown (NaN). */
    static void putPerRun(JsonObject report, String name, double[] perRun) {
        if (perRun.length == 0 || Double.isNaN(perRun[0])) {
            return;
        }
        JsonArray runs = new JsonArray();
        for (double c : perRun) runs.add(tenths(c));
        double[] sorted = perRun.clone();
        Arrays.sort(sorted);
        report.put(name + "Runs", runs).put(name + "Median", tenths(sorted[sorted.length / 2]));
    }

    /** CPU ns per command with one decimal, null when unknown. */
    private static Double tenths(double ns) {
        return Double.isNaN(ns) ? null : Math.round(ns * 10) / 10.0;
    }

    /**
     * {@code ; CPU of the replaying thread 91.2 ns per command median (runs [..]); CPU of the process ...}, each part only
     * when the report has it.
     */
    static String humanCpu(JsonObject r) {
        Double allocated = r.getDouble("allocatedBytesPerCommandMedian");
        return humanCpu(r, "cpuNsPerCommand", "the replaying thread") + humanCpu(r, "processCpuNsPerCommand", "the process")
                + (allocated == null ? "" : String.format(java.util.Locale.ROOT, "; allocated %.0f bytes per command median",
                allocated));
    }

    private static String humanCpu(JsonObject r, String name, String whose) {
        Double median = r.getDouble(name + "Median");
        return median == null ? "" : String.format(java.util.Locale.ROOT, "; CPU of %s %.1f ns per command median (runs %s)",
                whose, median, r.getJsonArray(name + "Runs").encode());
    }

    public static String human(JsonObject r) {
        JsonObject l = r.getJsonObject("latencyNs");
        return String.format("%-9s %s: %,d ops/s median over commands 2–5 M (runs %s); fills %,d = expected; "
                        + "per command p50 %d ns, p99 %d ns, p99.9 %d ns (n=%,d)%s",
                r.getString("engine"), r.getString("workload"), r.getLong("opsPerSecondMedian"),
                r.getJsonArray("opsPerSecondRuns").encode(), r.getLong("fills"),
                l.getLong("p50"), l.getLong("p99"), l.getLong("p99_9"), l.getLong("count"), humanCpu(r));
    }

    /** A throughput-only report (an engine whose commands complete on another thread: no per-command times). */
    public static String humanThroughput(JsonObject r) {
        return String.format("%-9s %s: %,d ops/s median over commands 2–5 M (runs %s); fills %,d = expected%s",
                r.getString("engine"), r.getString("workload"), r.getLong("opsPerSecondMedian"),
                r.getJsonArray("opsPerSecondRuns").encode(), r.getLong("fills"), humanCpu(r));
    }
}
