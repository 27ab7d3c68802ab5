package io.tradewire.broker.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlgoConfigTest {
    private static AlgoConfig of(JsonObject algo) {
        return AlgoConfig.from(ConfigReader.of(new JsonObject().put("algo", algo), "algo"), "tradewire");
    }

    @Test
    @DisplayName("Defaults: a decision every 5 s, a U-shaped VWAP profile, durations from 1 s to 1 d")
    void defaults() {
        AlgoConfig config = of(new JsonObject());
        assertThat(config.sliceInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.tickInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.minDuration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxDuration()).isEqualTo(Duration.ofDays(1));
        assertThat(config.vwapProfile()).hasSize(10).first().isEqualTo(new BigDecimal("14"));
        assertThat(config.venue()).isEqualTo("tradewire");
    }

    @Test
    @DisplayName("A profile from --set text or a YAML list; negative, non-numeric or all-zero weights fail naming the key")
    void profile() {
        assertThat(of(new JsonObject().put("vwap-profile", "1, 2,3")).vwapProfile())
                .containsExactly(BigDecimal.ONE, new BigDecimal("2"), new BigDecimal("3"));
        assertThat(of(new JsonObject().put("vwap-profile", new JsonArray().add(1).add(0.5))).vwapProfile())
                .containsExactly(BigDecimal.ONE, new BigDecimal("0.5"));
        for (Object bad : new Object[] {"1,-2", "a,b", "0,0", new JsonArray()}) {
            assertThatThrownBy(() -> of(new JsonObject().put("vwap-profile", bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("algo.vwap-profile");
        }
        assertThatThrownBy(() -> of(new JsonObject().put("slice-interval", "1ms"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("algo.slice-interval");
    }
}
