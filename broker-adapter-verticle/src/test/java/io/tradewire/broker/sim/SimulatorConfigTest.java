package io.tradewire.broker.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SimulatorConfigTest {
    private static SimulatorConfig read(JsonObject root) {
        return SimulatorConfig.from(root, LoggerFactory.getLogger(SimulatorConfigTest.class));
    }

    private static JsonObject market(JsonObject simulator) {
        return new JsonObject().put("market", new JsonObject().put("simulator", simulator));
    }

    @Test
    @DisplayName("market.simulator: rate is steps per second, volatility a fraction per step, seed as given")
    void readsMarketSimulator() {
        SimulatorConfig config = read(market(new JsonObject().put("rate", "4").put("volatility", "0.001").put("seed", 42)));
        assertThat(config.enabled()).isTrue();
        assertThat(config.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.volatility()).isEqualTo(0.001);
        assertThat(config.seed()).isEqualTo(42);
    }

    @Test
    @DisplayName("The deprecated broker.simulator keys still work and win over market.simulator (interval included)")
    void deprecatedAlias() {
        JsonObject root = market(new JsonObject().put("enabled", true).put("rate", 1));
        root.put("broker", new JsonObject().put("simulator", new JsonObject().put("enabled", "false").put("interval", "500ms")));
        SimulatorConfig config = read(root);
        assertThat(config.enabled()).isFalse();
        assertThat(config.interval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("A rate of zero or past 100 per second, or a volatility outside 0..0.1, fails with its key")
    void invalidValues() {
        assertThatThrownBy(() -> read(market(new JsonObject().put("rate", 0)))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("market.simulator.rate");
        assertThatThrownBy(() -> read(market(new JsonObject().put("rate", 1000)))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> read(market(new JsonObject().put("volatility", "0.5")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("market.simulator.volatility");
    }
}
