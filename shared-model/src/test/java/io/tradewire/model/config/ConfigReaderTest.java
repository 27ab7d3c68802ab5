package io.tradewire.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private static final JsonObject ROOT = new JsonObject()
            .put("gateway", new JsonObject()
                    .put("port", "8081")
                    .put("ratio", 0.25)
                    .put("enabled", "true")
                    .put("timeout", "250ms")
                    .put("symbols", "BTCUSDT, ETHUSDT")
                    .put("exchange", new JsonObject().put("path", "/ws").put("future-key", 1))
                    .put("typo", 3));

    @Test
    @DisplayName("Strings from --set and environment variables read as numbers, booleans, durations and lists")
    void readsTypedValuesFromStrings() {
        ConfigReader gateway = ConfigReader.of(ROOT, "gateway");
        assertThat(gateway.integer("port", 1, 0, 65535)).isEqualTo(8081);
        assertThat(gateway.decimal("ratio", BigDecimal.ONE)).isEqualByComparingTo("0.25");
        assertThat(gateway.bool("enabled", false)).isTrue();
        assertThat(gateway.duration("timeout", Duration.ZERO, Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofMillis(250));
        assertThat(gateway.stringList("symbols", List.of())).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(gateway.integer("absent", 42, 0, 100)).isEqualTo(42);
    }

    @Test
    @DisplayName("Invalid values fail with the full key in the message")
    void failsWithFullKey() {
        ConfigReader gateway = ConfigReader.of(ROOT, "gateway");
        assertThatThrownBy(() -> gateway.integer("port", 1, 0, 1000))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'gateway.port'").hasMessageContaining("8081");
        assertThatThrownBy(() -> gateway.bool("timeout", false)).hasMessageContaining("gateway.timeout");
        assertThatThrownBy(() -> gateway.duration("symbols", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .hasMessageContaining("gateway.symbols");
        assertThatThrownBy(() -> ConfigReader.of(new JsonObject().put("a", new JsonObject().put("xs", 5)), "a").objects("xs"))
                .hasMessageContaining("'a.xs': expected a list");
    }

    @Test
    @DisplayName("Keys nobody read are reported as unknown, nested ones with their full path")
    void reportsUnknownKeys() {
        ConfigReader gateway = ConfigReader.of(ROOT, "gateway");
        gateway.integer("port", 1, 0, 65535);
        gateway.decimal("ratio", null);
        gateway.bool("enabled", false);
        gateway.string("timeout", null);
        gateway.stringList("symbols", null);
        gateway.section("exchange").string("path", null);
        assertThat(gateway.unknownKeys()).containsExactlyInAnyOrder("gateway.typo", "gateway.exchange.future-key");
    }

    @Test
    @DisplayName("Durations: units, ISO-8601 and plain milliseconds; one past a Duration's range is refused, not thrown as overflow")
    void parsesDurations() {
        assertThat(ConfigReader.parseDuration("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(ConfigReader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigReader.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigReader.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(ConfigReader.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(ConfigReader.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigReader.parseDuration("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ConfigReader.parseDuration("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> ConfigReader.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigReader.parseDuration("9223372036854775807us")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigReader.parseDuration("9223372036854775807d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigReader.parseDuration("99999999999999999999s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("An array section yields one reader per item, named by index")
    void readsObjectLists() {
        JsonObject root = new JsonObject().put("instruments",
                new JsonArray().add(new JsonObject().put("symbol", "A")).add(new JsonObject().put("symbol", "B").put("x", 1)));
        ConfigReader top = ConfigReader.of(root, "");
        List<ConfigReader> items = top.objects("instruments");
        assertThat(items).extracting(item -> item.string("symbol", null)).containsExactly("A", "B");
        assertThat(top.unknownKeys()).containsExactly("instruments[1].x");
    }

    @Test
    @DisplayName("A map reads from YAML/JSON or from KEY=VALUE items; a bad item names the key")
    void readsMaps() {
        JsonObject root = new JsonObject().put("t", new JsonObject()
                .put("yaml", new JsonObject().put("BTC", "BTCUSDT").put("ETH", "ETHUSDT"))
                .put("text", "BTC=BTCUSDT, ETH=ETHUSDT")
                .put("bad", "BTC"));
        ConfigReader t = ConfigReader.of(root, "t");
        assertThat(t.stringMap("yaml")).containsExactly(java.util.Map.entry("BTC", "BTCUSDT"), java.util.Map.entry("ETH", "ETHUSDT"));
        assertThat(t.stringMap("text")).isEqualTo(t.stringMap("yaml"));
        assertThat(t.stringMap("absent")).isEmpty();
        assertThatThrownBy(() -> t.stringMap("bad")).hasMessageContaining("'t.bad'").hasMessageContaining("KEY=VALUE");
    }
}
