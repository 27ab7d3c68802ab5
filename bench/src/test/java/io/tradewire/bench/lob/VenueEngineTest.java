package io.tradewire.bench.lob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tradewire.bench.measure.OnThread;
import io.tradewire.bench.measure.ThreadPlacement;
import io.tradewire.matching.engine.Venue;
import io.tradewire.model.command.Command;
import io.tradewire.model.event.TradeExecuted;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class VenueEngineTest {

    @ParameterizedTest
    @EnumSource(LobMix.class)
    @DisplayName("the whole venue replays a stream with exactly the generator's fills and stays consistent")
    void replaysWithTheExpectedFills(LobMix mix) {
        LobStream s = LobStream.generate(LobParams.of(mix).withCommands(30_000));
        VenueEngine engine = new VenueEngine();
        LobReplay.Pass pass = LobReplay.run(s, engine, false);
        assertThat(pass.fills()).isEqualTo(s.summary().fills()).isPositive();
        engine.venue().validateInternalState();
    }

    @Test
    @DisplayName("the venue level reports the CPU time per command of the replaying thread and of the process, each pass, in JSON and in words")
    void reportsCpuTimePerCommand() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC).withCommands(20_000));
        JsonObject r = LobBench.run("tradewire venue", s, 3, VenueEngine::new);

        assertThat(r.getJsonArray("cpuNsPerCommandRuns")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(r.getJsonArray("cpuNsPerCommandRuns").getDouble(i)).isPositive();
        }
        assertThat(r.getDouble("cpuNsPerCommandMedian")).isPositive();
        assertThat(r.getJsonArray("processCpuNsPerCommandRuns")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(r.getJsonArray("processCpuNsPerCommandRuns").getDouble(i))
                    .isGreaterThanOrEqualTo(r.getJsonArray("cpuNsPerCommandRuns").getDouble(i) * 0.95);
        }
        assertThat(r.getJsonArray("allocatedBytesPerCommandRuns")).hasSize(3);
        assertThat(r.getDouble("allocatedBytesPerCommandMedian")).as("every command builds events").isGreaterThan(100);
        assertThat(LobBench.human(r)).contains("CPU of the replaying thread").contains("CPU of the process")
                .contains(" ns per command median").contains(" bytes per command median");
    }

    @ParameterizedTest
    @EnumSource(LobMix.class)
    @DisplayName("cancels and moves by client order id give exactly the trades of cancels and moves by the venue's order id")
    void clientOrderIdsGiveTheSameTrades(LobMix mix) {
        LobStream s = LobStream.generate(LobParams.of(mix).withCommands(30_000));
        List<List<TradeExecuted>> trades = new ArrayList<>();
        for (boolean byClientOrderId : new boolean[] {false, true}) {
            long[] clock = {1_700_000_000_000L};
            Venue venue = VenueEngine.newVenue(() -> clock[0]);
            VenueEngine.Commands commands = new VenueEngine.Commands(byClientOrderId);
            List<TradeExecuted> seen = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                Command command = commands.ready(s, i);
                assertThat(command).as("command %d is ready: it follows its order's acknowledgement", i).isNotNull();
                Object reply = venue.handle(command, ++clock[0], event -> {
                    if (event instanceof TradeExecuted trade) {
                        seen.add(trade);
                    }
                });
                commands.accepted(s, i, reply);
            }
            venue.validateInternalState();
            trades.add(seen);
        }
        assertThat(trades.get(0)).hasSize(2 * (int) s.summary().fills());
        assertThat(trades.get(1)).isEqualTo(trades.get(0));
    }

    @Test
    @DisplayName("journaled passes of one kind report the median pass, the median CPU and latency percentiles, the largest "
            + "maximum, and every pass's figures in pass order")
    void journaledPassesSummarised() {
        List<JsonObject> passes = List.of(pass(500_000, 1_900, 300.0, 900.0, 5_000.0), pass(700_000, 1_200, 200.0, 1_500.0, 3_000.0),
                pass(600_000, 1_600, 250.0, 700.0, 9_000.0));
        JsonObject r = JournaledVenueRun.acrossPasses(passes);
        assertThat(r.getInteger("runs")).isEqualTo(3);
        assertThat(r.getLong("acksPerSecond")).isEqualTo(600_000);
        assertThat(r.getString("mark")).as("the other figures come from the median pass").isEqualTo("600000");
        assertThat(r.getLong("venueThreadCpuNsPerCommand")).isEqualTo(1_600);
        assertThat(r.getJsonArray("acksPerSecondRuns").getList()).containsExactly(500_000L, 700_000L, 600_000L);
        assertThat(r.getJsonArray("venueThreadCpuNsPerCommandRuns").getList()).containsExactly(1_900L, 1_200L, 1_600L);
        JsonObject latency = r.getJsonObject("ackLatencyUs");
        assertThat(latency.getDouble("p50")).isEqualTo(250.0);
        assertThat(latency.getDouble("p99")).isEqualTo(900.0);
        assertThat(latency.getDouble("max")).isEqualTo(9_000.0);
        assertThat(r.getJsonObject("ackLatencyUsRuns").getJsonArray("p99").getList()).containsExactly(900.0, 1_500.0, 700.0);
        assertThat(passes.get(2).getJsonObject("ackLatencyUs").getDouble("p50")).as("the passes are left as they were").isEqualTo(250.0);
        assertThat(passes.get(2).containsKey("runs")).isFalse();
    }

    private static JsonObject pass(long acks, long cpu, double p50, double p99, double max) {
        return new JsonObject().put("acksPerSecond", acks).put("venueThreadCpuNsPerCommand", cpu).put("mark", Long.toString(acks))
                .put("ackLatencyUs", new JsonObject().put("p50", p50).put("p99", p99).put("p99_9", p99 * 2).put("max", max));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    @DisplayName("the journaled venue acknowledges every command with the stream's fills, saturated and at an offered rate; "
            + "by client order id the client never waits for an ack")
    void journaledRun(boolean byClientOrderId, @TempDir Path dir) throws Exception {
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC).withCommands(20_000));
        JsonObject r = JournaledVenueRun.run(s, new JournaledVenueRun.Journal(dir, false, Duration.ZERO), 500, new long[] {20_000}, 0.2,
                byClientOrderId, 2);

        JsonObject saturated = r.getJsonObject("saturated");
        assertThat(saturated.getLong("fills")).isEqualTo(s.summary().fills());
        assertThat(saturated.getInteger("commands")).isEqualTo(s.size() - s.prefill() - LobReplay.warmUp(s));
        assertThat(saturated.getLong("journalRecords")).as("every command changes state").isEqualTo(saturated.getLong("commands"));
        assertThat(saturated.getLong("venueThreadCpuNsPerCommand")).isPositive();
        assertThat(saturated.getLong("venueThreadAllocatedBytesPerCommand")).isPositive();
        if (byClientOrderId) {
            assertThat(saturated.getLong("waitsForAck")).as("pipelined: nothing waits").isZero();
            assertThat(r.getString("cancelBy")).isEqualTo("client-order-id");
        } else {
            assertThat(saturated.getLong("waitsForAck")).as("moves and cancels of orders placed just before wait for their ack")
                    .isPositive();
            assertThat(r.getString("cancelBy")).isEqualTo("order-id");
        }
        assertThat(saturated.getJsonObject("groupCommits").getLong("count")).as("writes, fsync off: no fsync reported").isZero();
        JsonArray open = r.getJsonArray("openLoop");
        assertThat(open).hasSize(1);
        assertThat(open.getJsonObject(0).getInteger("commands")).isEqualTo(4_000);
        assertThat(open.getJsonObject(0).getLong("offeredPerSecond")).isEqualTo(20_000);
        assertThat(saturated.getInteger("runs")).isEqualTo(2);
        assertThat(saturated.getJsonArray("acksPerSecondRuns")).hasSize(2);
        assertThat(saturated.getJsonObject("ackLatencyUsRuns").getJsonArray("p99")).hasSize(2);
        assertThat(open.getJsonObject(0).getJsonArray("acksPerSecondRuns")).hasSize(2);
        assertThat(JournaledVenueRun.human(r)).contains("offered 20,000/s").contains("median of 2 passes");
        try (var left = Files.list(dir)) {
            assertThat(left).as("each pass removes its journal").isEmpty();
        }
    }

    @Test
    @DisplayName("a journaled run with fsync, group commits held 2 ms apart and the venue and writer threads pinned to one "
            + "CPU: every fill, fewer fsyncs than records, both threads sampled on that CPU only, the venue thread unpinned "
            + "afterwards")
    void journaledRunPinnedWithCommitInterval(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux /proc and taskset");
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC).withCommands(20_000));
        record Run(JsonObject report, String allowedBefore, String allowedAfter) {
        }
        Run run = OnThread.call("venue", () -> {
            String before = ThreadPlacement.allowedCpus();
            JsonObject report = JournaledVenueRun.run(s, new JournaledVenueRun.Journal(dir, true, Duration.ofMillis(2), "0", "0"), 500,
                    new long[0], 0.2, true, 1);
            return new Run(report, before, ThreadPlacement.allowedCpus());
        });
        JsonObject r = run.report();
        assertThat(run.allowedAfter()).as("the pin ends with the pass").isEqualTo(run.allowedBefore());

        assertThat(r.getDouble("commitIntervalUs")).isEqualTo(2_000.0);
        JsonObject saturated = r.getJsonObject("saturated");
        assertThat(saturated.getLong("fills")).isEqualTo(s.summary().fills());
        JsonObject commits = saturated.getJsonObject("groupCommits");
        assertThat(commits.getLong("count")).isPositive().isLessThan(saturated.getLong("journalRecords"));
        assertThat(saturated.getString("venueCpu")).isEqualTo("0");
        JsonArray shares = saturated.getJsonArray("venueThreadCpuShareRuns").getJsonArray(0);
        assertThat(shares.getDouble(0)).as("every sample on CPU 0").isEqualTo(1.0);
        assertThat(saturated.getString("writerCpu")).isEqualTo("0");
        // A parked thread shows the CPU it last ran on until it runs again, so the writer's first samples may predate its pin.
        assertThat(saturated.getJsonArray("writerThreadCpuShareRuns").getJsonArray(0).getDouble(0)).as("the writer sampled on CPU 0")
                .isPositive();
        assertThat(saturated.getJsonArray("deviceInterruptsPerCpuRuns").getJsonArray(0)).isNotEmpty();
        assertThat(JournaledVenueRun.human(r)).contains("group commits at least 2,000 µs apart").contains("pinned to CPU 0");
    }
}
