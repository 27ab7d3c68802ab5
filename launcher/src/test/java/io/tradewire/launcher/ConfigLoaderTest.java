package io.tradewire.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.model.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

    private static JsonObject load(Vertx vertx, Path file, Map<String, String> env, Map<String, String> sets) throws Exception {
        return ConfigLoader.load(vertx, file, env, sets).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("The defaults in conf/ load from the jar: port 8080, demo profile, the seed's instruments")
    void loadsDefaults(Vertx vertx) throws Exception {
        JsonObject config = load(vertx, null, Map.of(), Map.of());
        assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(8080);
        assertThat(config.getString("profile")).isEqualTo("demo");
        assertThat(config.getJsonArray("instruments").stream().map(i -> ((JsonObject) i).getString("symbol")))
                .contains("IX2301", "IF2301", "AAPL", "BTCUSDT");
    }

    @Test
    @DisplayName("File < environment < --set, and environment names reach dashed nested keys")
    void overlaysInOrder(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, "http:\n  port: 9000\ngateway:\n  exchange:\n    ping-interval: 3s\n  request-timeout: 2s\n");
        Map<String, String> env = Map.of(
                "TRADEWIRE_HTTP_PORT", "9100",
                "TRADEWIRE_GATEWAY_EXCHANGE_PING_INTERVAL", "4s",
                "TRADEWIRE_AUTH_JWT_SECRET", "from-the-environment-0123456789abcdef",
                "PATH", "/usr/bin");
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("http.port", "9200");
        JsonObject config = load(vertx, file, env, sets);
        assertThat(config.getJsonObject("http").getValue("port")).isEqualTo("9200");
        assertThat(config.getJsonObject("gateway").getJsonObject("exchange").getString("ping-interval")).isEqualTo("4s");
        assertThat(config.getJsonObject("gateway").getString("request-timeout")).isEqualTo("2s");
        assertThat(config.getJsonObject("auth").getJsonObject("jwt").getString("secret")).startsWith("from-the-environment");
    }

    @Test
    @DisplayName("An environment variable that names no key is ignored; --set may add new keys")
    void mapsEnvironmentNames() {
        List<String> known = List.of("http.port", "auth.jwt.secret", "gateway.exchange.ping-interval");
        assertThat(ConfigLoader.pathOfEnv("GATEWAY_EXCHANGE_PING_INTERVAL", known)).isEqualTo("gateway.exchange.ping-interval");
        assertThat(ConfigLoader.pathOfEnv("NOPE_NOPE", known)).isNull();
        JsonObject root = new JsonObject();
        ConfigLoader.put(root, "a.b.c", "1");
        assertThat(root.getJsonObject("a").getJsonObject("b").getString("c")).isEqualTo("1");
    }

    @Test
    @DisplayName("A missing --config file is a clear error")
    void missingFile(Vertx vertx, @TempDir Path dir) {
        assertThatThrownBy(() -> load(vertx, dir.resolve("nope.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("configuration file not found");
    }

    @Test
    @DisplayName("Outside the demo profile, no signing key means refusing to start; a short key is refused too")
    void refusesToStartWithoutKey(Vertx vertx) throws Exception {
        JsonObject production = load(vertx, null, Map.of(), Map.of("profile", "production"));
        assertThatThrownBy(() -> AuthConfig.from(production)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("refusing to start");
        JsonObject shortKey = load(vertx, null, Map.of(), Map.of("auth.jwt.secret", "short"));
        assertThatThrownBy(() -> AuthConfig.from(shortKey)).hasMessageContaining("at least 32 bytes");
        JsonObject demo = load(vertx, null, Map.of(), Map.of());
        assertThat(AuthConfig.from(demo).demo()).isTrue();
        assertThat(AuthConfig.from(demo).secret()).isNull();
        JsonObject keyed = load(vertx, null, Map.of(), Map.of("profile", "production", "auth.jwt.secret", "k".repeat(32)));
        assertThat(AuthConfig.from(keyed).toString()).doesNotContain("kkkk");
    }

    @Test
    @DisplayName("--verticles accepts any subset in any order and refuses unknown names")
    void parsesVerticles() {
        assertThat(Mesh.Part.parse(List.of("gateway", "matching"))).containsExactlyInAnyOrder(Mesh.Part.GATEWAY, Mesh.Part.MATCHING);
        assertThat(Mesh.Part.parse(List.of("all"))).containsExactly(Mesh.Part.values());
        assertThatThrownBy(() -> Mesh.Part.parse(List.of("gateway", "bogus"))).hasMessageContaining("unknown verticle 'bogus'");
    }
}
