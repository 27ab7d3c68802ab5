package io.tradewire.bench.lob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LobJmhTest {

    @ParameterizedTest
    @ValueSource(strings = {"tradewire-book", "tradewire-venue"})
    @DisplayName("a JMH pass replays the measured commands on an engine brought to the stream's state, with exactly the stream's fills")
    void passReplaysTheMeasuredCommands(String engine) {
        LobJmh jmh = new LobJmh();
        jmh.engine = engine;
        jmh.mix = "xc";
        jmh.generate();
        jmh.prepare();
        assertThatThrownBy(jmh::check).as("before the pass, only the warm-up's fills").isInstanceOf(IllegalStateException.class);
        assertThat(jmh.pass()).isEqualTo(242_985);
        jmh.check();
        if (engine.equals("tradewire-book")) { // the venue's second pass would add seconds and check nothing more
            jmh.prepare();
            assertThat(jmh.pass()).as("every invocation starts from a fresh engine").isEqualTo(242_985);
        }
    }

    @Test
    @DisplayName("the measured commands per pass are the reference stream's after its warm-up; an unknown engine is refused")
    void measuredCommandsAndEngines() {
        assertThat(LobJmh.MEASURED).isEqualTo(3_000_000);
        assertThatThrownBy(() -> LobJmh.engine("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tradewire-book");
    }
}
