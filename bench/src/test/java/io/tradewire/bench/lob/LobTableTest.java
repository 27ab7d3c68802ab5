package io.tradewire.bench.lob;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.bench.measure.Machine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LobTableTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, "AMD EPYC", "Linux", "OpenJDK 17", 20_000, "0.1 0.2 0.3");

    @Test
    @DisplayName("the table gives each engine's median and range, the ratio as median and range of the pairs, and whether the goal is met")
    void sideBySideRows() {
        JsonObject book = run("book", "LOB-XC", new long[] {14_000_000, 3_600_000, 14_500_000}, new long[] {8_300_000, 8_500_000, 8_400_000},
                1.68, new double[] {0.43, 1.71, 1.68});
        JsonObject venue = run("venue", "LOB-XC", new long[] {1_100_000, 930_000, 1_240_000}, new long[] {2_400_000, 970_000, 3_180_000},
                0.84, new double[] {0.42, 0.35, 1.07});
        String table = LobTable.markdown(List.of(book, venue), null, MACHINE, "-Xmx4g", "-Xmx4g --add-opens=x");
        List<String> lines = table.lines().toList();
        assertThat(lines.get(2)).startsWith("| book, LOB-XC (ops/s, 3 passes) | 14.00 M (3.60 M–14.50 M) | 80 / 231 / 420 ns "
                + "| 8.40 M (8.30 M–8.50 M) | **1.68×** (0.43–1.71×) | **1.20×** (1.10–1.30×) | ≥ exchange-core's book | **yes** |");
        assertThat(lines.get(3)).startsWith("| venue, LOB-XC (ops/s, 3 passes) | 1.10 M (930,000–1.24 M)")
                .contains("| **0.84×** (0.35–1.07×) |").endsWith("| ≥ exchange-core's full engine | no |");
        assertThat(table).contains("Machine: 2 cores (AMD EPYC)").contains("Tradewire's JVM: -Xmx4g.")
                .contains("exchange-core's child JVM: -Xmx4g --add-opens=x.").doesNotContain("journaled");
    }

    @Test
    @DisplayName("the journaled rows give the acks per second and the ack latency per offered rate, against the 1 M goal")
    void journaledRows() {
        JsonObject journaled = new JsonObject().put("workload", "LOB-XC")
                .put("saturated", new JsonObject().put("runs", 5).put("acksPerSecond", 597_374)
                        .put("acksPerSecondRuns", new JsonArray(List.of(597_374, 434_841, 569_666, 730_065, 688_571)))
                        .put("ackLatencyUs", latency(913.4, 27_770.9, 98_566.1)))
                .put("openLoop", new JsonArray().add(new JsonObject().put("offeredPerSecond", 100_000).put("runs", 5)
                        .put("acksPerSecond", 99_995).put("acksPerSecondRuns", new JsonArray(List.of(99_995, 99_994, 99_996, 99_995, 99_994)))
                        .put("ackLatencyUs", latency(258.6, 32_784.4, 67_764.2))));
        String table = LobTable.markdown(List.of(), journaled, MACHINE, "", "");
        assertThat(table).contains("| journaled venue, LOB-XC, saturated (acks/s, 5 passes) | 597,374 (434,841–730,065) "
                + "| ack p50 0.91 ms / p99 27.8 ms / p99.9 98.6 ms | — | — | — | ≥ 1 M commands/s | no |");
        assertThat(table).contains("| journaled venue, offered 100,000/s (acks/s, 5 passes) | 99,995 (99,994–99,996) "
                + "| ack p50 0.26 ms / p99 32.8 ms / p99.9 67.8 ms |");
    }

    @Test
    @DisplayName("counts read as millions from a million up, else as themselves; one pass has no range")
    void cells() {
        assertThat(LobTable.count(14_215_573)).isEqualTo("14.22 M");
        assertThat(LobTable.count(597_374)).isEqualTo("597,374");
        assertThat(LobTable.count(9_999)).isEqualTo("9,999");
        assertThat(LobTable.medianRange(new JsonArray().add(5_000_000), 5_000_000)).isEqualTo("5.00 M");
        assertThat(LobTable.ratioCell(null, null)).isEqualTo("—");
        assertThat(LobTable.ratioCell(0.5, new JsonArray().add(0.5))).isEqualTo("0.50×");
    }

    private static JsonObject run(String level, String workload, long[] ours, long[] theirs, double ratio, double[] ratios) {
        return new JsonObject().put("level", level).put("workload", workload)
                .put("tradewire", engine(ours).put("latencyNs", new JsonObject().put("p50", 80).put("p99", 231).put("p99_9", 420)))
                .put("xc", engine(theirs))
                .put("throughputRatio", ratio).put("throughputRatioRuns", array(ratios))
                .put("processCpuRatio", 1.2).put("processCpuRatioRuns", array(new double[] {1.1, 1.2, 1.3}));
    }

    private static JsonObject engine(long[] ops) {
        JsonArray runs = new JsonArray();
        for (long o : ops) runs.add(o);
        long[] sorted = ops.clone();
        java.util.Arrays.sort(sorted);
        return new JsonObject().put("opsPerSecondRuns", runs).put("opsPerSecondMedian", sorted[sorted.length / 2]);
    }

    private static JsonArray array(double[] values) {
        JsonArray out = new JsonArray();
        for (double v : values) out.add(v);
        return out;
    }

    private static JsonObject latency(double p50, double p99, double p999) {
        return new JsonObject().put("p50", p50).put("p99", p99).put("p99_9", p999).put("max", p999 * 2);
    }
}
