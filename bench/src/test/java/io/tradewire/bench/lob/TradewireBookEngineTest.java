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
        assertThat(engine.book().size()).isEqualTo(s.summary().finalResting());
        engine.book().validateInternalState();
    }

    @Test
    @DisplayName("a latency pass records every measured command")
    void latencyPass() {
        LobStream s = LobStream.generate(LobParams.of(LobMix.XC).withCommands(10_000));
        LobReplay.Pass pass = LobReplay.run(s, new TradewireBookEngine(), true);
        assertThat(pass.latency().getTotalCount()).isEqualTo(10_000 - LobReplay.warmUp(s));
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
