package io.tradewire.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BenchConfigTest {
    static final JsonObject DEFAULTS = new JsonObject()
            .put("http", new JsonObject().put("host", "0.0.0.0").put("port", 8080))
            .put("broker", new JsonObject().put("simulator", new JsonObject().put("enabled", true).put("interval", "1s")))
            .put("instruments", new JsonArray().add(new JsonObject().put("symbol", "IX2301").put("region", "CN")));

    static BenchConfig.Options options(int books, Map<String, String> sets) {
        return new BenchConfig.Options("127.0.0.1", 0, "s".repeat(32), "FANOUT-00", books, "/tmp/d", sets);
    }

    @Test
    @DisplayName("the bench node listens on loopback with a known key, the simulator off, no per-address limit, the data dir given")
    void overrides() {
        JsonObject config = BenchConfig.apply(DEFAULTS, options(0, Map.of()));
        assertThat(config.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
        assertThat(config.getJsonObject("http").getInteger("port")).isZero();
        assertThat(config.getJsonObject("auth").getJsonObject("jwt").getString("secret")).hasSize(32);
        assertThat(ConfigReader.of(config, "market.simulator").bool("enabled", true)).isFalse();
        assertThat(config.getJsonObject("broker").getJsonObject("simulator").getString("interval")).isEqualTo("1s");
        assertThat(config.getString("data-dir")).isEqualTo("/tmp/d");
        assertThat(ConfigReader.of(config, "gateway").integer("max-sessions-per-ip", 256, 0, 1 << 20))
                .as("one client address stands for many").isZero();
        assertThat(DEFAULTS.getJsonObject("http").getInteger("port")).as("defaults untouched").isEqualTo(8080);
    }

    @Test
    @DisplayName("the fan-out instrument and one order book per pair are added to the configured instruments")
    void instruments() {
        JsonObject config = BenchConfig.apply(DEFAULTS, options(3, Map.of()));
        InstrumentDirectory directory = InstrumentDirectory.fromConfig(ConfigReader.of(config, ""));
        assertThat(directory.all()).extracting(i -> i.symbol()).containsExactly("IX2301", "FANOUT-00", "OB0", "OB1", "OB2");
        assertThat(directory.require("OB2").region()).isEqualTo(BenchConfig.REGION);
    }

    @Test
    @DisplayName("--set is applied last, creating sections as needed")
    void sets() {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("gateway.max-queued-bytes", "4194304");
        sets.put("http.port", "9999");
        JsonObject config = BenchConfig.apply(DEFAULTS, options(0, sets));
        assertThat(config.getJsonObject("gateway").getString("max-queued-bytes")).isEqualTo("4194304");
        assertThat(config.getJsonObject("http").getString("port")).isEqualTo("9999");
    }

    @Test
    @DisplayName("--set pairs must be KEY=VALUE")
    void parseSets() {
        assertThat(BenchServer.parseSets(List.of("a.b=1", "c= x=y"))).containsEntry("a.b", "1").containsEntry("c", " x=y");
        assertThatThrownBy(() -> BenchServer.parseSets(List.of("novalue"))).isInstanceOf(IllegalArgumentException.class);
    }
}
