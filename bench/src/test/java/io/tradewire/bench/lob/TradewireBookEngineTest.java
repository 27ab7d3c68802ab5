package io.tradewire.bench.lob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TradewireBookEngineTest {

    @ParameterizedTest
    @EnumSource(LobMix.class)
    @DisplayName("the venue's book replays a stream with exactly the generator's fills and resting orders")
    void replaysWithTheExpectedFills(LobMix mix) {
        LobStream s = LobStream.generate(LobParams.of(mix).withCommands(200_000));
        TradewireBookEngine engine = new TradewireBookEngine();
        LobReplay.Pass pass = LobReplay.run(s, engine, false);
        assertThat(pass.fills()).isEqualTo(s.summary().fills()).isPositive();
        assertThat(pass.opsPerSecond()).isPositive();
        assertThat(pass.cpuNsPerCommand()).isPositive().isFinite();
        // The process's window encloses the thread's, and the process includes the thread (5 % slack for clock reads).
        assertThat(pass.processCpuNsPerCommand()).isFinite().isGreaterThanOrEqualTo(pass.cpuNsPerCommand() * 0.95);
        assertThat(pass.allocatedBytesPerCommand()).isFinite().isNotNegative();
        assertThat(engine.book().size()).isEqualTo(s.summary().finalResting());
        engine.book().validateInternalState();
    }

    @Test
    @DisplayName("a latency pass records every measured command")
    void latencyPass() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC).withCommands(10_000));
        LobReplay.Pass pass = LobReplay.run(s, new TradewireBookEngine(), true);
        assertThat(pass.latency().getTotalCount()).isEqualTo(10_000 - LobReplay.warmUp(s));
        assertThat(pass.cpuNsPerCommand()).as("the clock calls would inflate CPU time: not reported").isNaN();
        assertThat(pass.processCpuNsPerCommand()).as("nor the process's").isNaN();
        assertThat(pass.allocatedBytesPerCommand()).as("nor the allocation").isNaN();
    }

    @Test
    @DisplayName("the report gives the CPU time per command of every throughput pass and their median")
    void reportHasCpuTime() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC).withCommands(20_000));
        io.vertx.core.json.JsonObject r = LobBench.run("tradewire", s, 3, TradewireBookEngine::new);
        assertThat(r.getJsonArray("cpuNsPerCommandRuns")).hasSize(3);
        assertThat(r.getDouble("cpuNsPerCommandMedian")).isPositive();
        assertThat(r.getJsonArray("cpuNsPerCommandRuns").getList()).contains(r.getDouble("cpuNsPerCommandMedian"));
        assertThat(LobBench.human(r)).contains("CPU of the replaying thread");
    }

    @Test
    @DisplayName("a fill count different from the stream's fails the replay")
    void wrongFillsFail() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.PCI).withCommands(10_000));
        LobReplay.Engine lossy = new LobReplay.Engine() {
            final TradewireBookEngine inner = new TradewireBookEngine();

            @Override
            public void apply(LobStream st, int i) {
                inner.apply(st, i);
            }

            @Override
            public long fills() {
                return inner.fills() - 1;
            }

            @Override
            public void resetFills() {
                inner.resetFills();
            }
        };
        assertThatThrownBy(() -> LobReplay.run(s, lossy, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fills");
    }
}
