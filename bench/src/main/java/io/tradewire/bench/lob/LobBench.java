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

    public static JsonObject run(String engineName, LobStream s, int runs, Supplier<LobReplay.Engine> engines) {
        return run(engineName, s, runs, engines, false);
    }

    /**
     * @param cpuTime also report the replaying thread's CPU time per command of each throughput pass
     *                ({@code cpuNsPerCommandRuns}, {@code cpuNsPerCommandMedian})
     */
    public static JsonObject run(String engineName, LobStream s, int runs, Supplier<LobReplay.Engine> engines, boolean cpuTime) {
        double[] ops = new double[runs];
        double[] cpu = new double[runs];
        long fills = 0;
        for (int r = 0; r < runs; r++) {
            LobReplay.Pass pass = LobReplay.run(s, engines.get(), false);
            ops[r] = pass.opsPerSecond();
            cpu[r] = pass.cpuNsPerCommand();
            fills = pass.fills();
        }
        Histogram h = LobReplay.run(s, engines.get(), true).latency();
        double[] sorted = ops.clone();
        Arrays.sort(sorted);
        JsonArray perRun = new JsonArray();
        for (double o : ops) perRun.add(Math.round(o));
        LobSummary sum = s.summary();
        JsonObject result = new JsonObject()
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
        if (cpuTime && !Double.isNaN(cpu[0])) {
            JsonArray cpuRuns = new JsonArray();
            for (double c : cpu) cpuRuns.add(Math.round(c));
            double[] cpuSorted = cpu.clone();
            Arrays.sort(cpuSorted);
            result.put("cpuNsPerCommandRuns", cpuRuns).put("cpuNsPerCommandMedian", Math.round(cpuSorted[cpuSorted.length / 2]));
        }
        return result;
    }

    public static String human(JsonObject r) {
        JsonObject l = r.getJsonObject("latencyNs");
        String cpu = !r.containsKey("cpuNsPerCommandMedian") ? "" : String.format(
                "; CPU of the replaying thread %,d ns per command median (runs %s)", r.getLong("cpuNsPerCommandMedian"),
                r.getJsonArray("cpuNsPerCommandRuns").encode());
        return String.format("%-9s %s: %,d ops/s median over commands 2–5 M (runs %s); fills %,d = expected; "
                        + "per command p50 %d ns, p99 %d ns, p99.9 %d ns (n=%,d)%s",
                r.getString("engine"), r.getString("workload"), r.getLong("opsPerSecondMedian"),
                r.getJsonArray("opsPerSecondRuns").encode(), r.getLong("fills"),
                l.getLong("p50"), l.getLong("p99"), l.getLong("p99_9"), l.getLong("count"), cpu);
    }

    /** A throughput-only report (an engine whose commands complete on another thread: no per-command times). */
    public static String humanThroughput(JsonObject r) {
        return String.format("%-9s %s: %,d ops/s median over commands 2–5 M (runs %s); fills %,d = expected",
                r.getString("engine"), r.getString("workload"), r.getLong("opsPerSecondMedian"),
                r.getJsonArray("opsPerSecondRuns").encode(), r.getLong("fills"));
    }
}
