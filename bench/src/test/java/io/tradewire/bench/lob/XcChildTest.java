package io.tradewire.bench.lob;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class XcChildTest {
    /** A short stream: the turns, not the figures, are under test. */
    private static final LobParams SMALL = LobParams.of(LobMix.parse("xc")).withCommands(40_000);

    @Test
    @DisplayName("the exchange-core child JVM gets the reference harness's --add-opens flags, heap and collector")
    void jvmFlags() throws Exception {
        assertThat(XcChild.jvmFlags())
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
                .contains("-Xms4g", "-Xmx4g", "-XX:+UseParallelGC")
                .hasSize(11 + 3)
                .allMatch(f -> !f.isBlank() && f.equals(f.strip()));
    }

    @Test
    @DisplayName("a paced exchange-core venue runs each pass only when told, reports it, and its report lists the same passes")
    void pacedVenueWaitsForEachTurn() throws Exception {
        LobStream stream = LobStream.generate(SMALL);
        try (XcChild.Paced xc = XcChild.Paced.start(XcVenue.class, SMALL, 3)) {
            assertThat(xc.passes()).isEqualTo(3);
            List<JsonObject> passes = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                // A child that did not wait would start its next pass before this pause ends.
                Thread.sleep(300);
                long told = System.nanoTime();
                JsonObject pass = xc.pass();
                long reported = System.nanoTime();
                assertThat(pass.getInteger("pass")).isEqualTo(r);
                assertThat(pass.getLong("startNanos")).isGreaterThanOrEqualTo(told);
                assertThat(pass.getLong("endNanos")).isBetween(pass.getLong("startNanos"), reported);
                assertThat(pass.getLong("fills")).isEqualTo(stream.summary().fills());
                assertThat(pass.getDouble("opsPerSecond")).isPositive();
                passes.add(pass);
            }
            JsonObject report = xc.report();
            assertThat(report.getLong("fills")).isEqualTo(stream.summary().fills());
            List<Long> reportedRuns = new ArrayList<>();
            report.getJsonArray("opsPerSecondRuns").forEach(n -> reportedRuns.add(((Number) n).longValue()));
            assertThat(reportedRuns).containsExactlyElementsOf(passes.stream().map(p -> Math.round(p.getDouble("opsPerSecond"))).toList());
        }
    }

    @Test
    @DisplayName("side by side, our passes and exchange-core's take turns and never overlap, the latency passes included")
    void bookPassesTakeTurns() throws Exception {
        LobStream stream = LobStream.generate(SMALL);
        List<long[]> intervals = new ArrayList<>();
        try (XcChild.Paced xc = XcChild.Paced.start(XcBookMain.class, SMALL, 2)) {
            assertThat(xc.passes()).isEqualTo(3); // two throughput passes and a latency pass
            JsonObject ours = LobBench.run("tradewire", stream, 2, TradewireBookEngine::new, new LobBench.Turns() {
                private long started;

                @Override
                public void before(int pass) {
                    started = System.nanoTime();
                }

                @Override
                public void after(int pass, LobReplay.Pass result) {
                    intervals.add(new long[] {started, System.nanoTime()});
                    try {
                        JsonObject theirs = xc.pass();
                        assertThat(theirs.getInteger("pass")).isEqualTo(pass);
                        intervals.add(new long[] {theirs.getLong("startNanos"), theirs.getLong("endNanos")});
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            JsonObject theirs = xc.report();
            assertThat(ours.getLong("fills")).isEqualTo(stream.summary().fills());
            assertThat(theirs.getLong("fills")).isEqualTo(stream.summary().fills());
            assertThat(theirs.getJsonArray("opsPerSecondRuns")).hasSize(2);
        }
        assertThat(intervals).hasSize(6); // ours, theirs, ours, theirs, our latency pass, theirs
        for (int i = 1; i < intervals.size(); i++) {
            assertThat(intervals.get(i)[0]).as("pass %d starts after pass %d ended", i, i - 1).isGreaterThanOrEqualTo(intervals.get(i - 1)[1]);
        }
    }
}
