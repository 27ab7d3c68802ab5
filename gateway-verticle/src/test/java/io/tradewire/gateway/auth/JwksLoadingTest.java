package io.tradewire.gateway.auth;

import static io.tradewire.gateway.auth.JwtKeys.claims;
import static io.tradewire.gateway.auth.JwtKeys.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Where JWKS keys come from (a file, a loopback URL), which keys of a set are kept, and the configuration rules around them. */
@ExtendWith(VertxExtension.class)
class JwksLoadingTest {
    private static KeyPair rsa;
    private static KeyPair ec;

    @BeforeAll
    static void keys() {
        rsa = JwtKeys.rsa(2048);
        ec = JwtKeys.ec("secp256r1");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static AuthConfig config(Map<String, Object> jwt, String profile, Path dataDir) {
        JsonObject root = new JsonObject().put("profile", profile).put("data-dir", dataDir.toString())
                .put("auth", new JsonObject().put("jwt", new JsonObject(jwt)));
        return AuthConfig.from(root);
    }

    @Test
    @DisplayName("Production with only a JWKS file starts: RS256 and ES256 verify, no HS256 key exists and nothing can be minted")
    void jwksFileInProduction(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, JwtKeys.jwks(JwtKeys.jwk(rsa, "r1", "RS256"), JwtKeys.jwk(ec, "e1", null)));
        AuthConfig config = config(Map.of("jwks-file", file.toString()), "production", dir);
        assertThat(config.secret()).isNull();
        TokenService tokens = await(TokenService.start(vertx, config));
        assertThat(tokens.acceptedAlgorithms()).containsExactly("ES256", "RS256");
        assertThat(await(tokens.verify(JwtKeys.rs256(header("RS256", "r1"), claims("alice", 600), rsa.getPrivate()))).userId())
                .isEqualTo("alice");
        assertThat(await(tokens.verify(JwtKeys.es256(header("ES256", "e1"), claims("bob", 600), ec.getPrivate()))).userId())
                .isEqualTo("bob");
        assertThatThrownBy(() -> tokens.mint("alice", null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no HS256 signing key");
        assertThat(Files.exists(dir.resolve(SigningKeys.DEMO_KEY_FILE))).as("no demo key outside the demo profile").isFalse();
    }

    @Test
    @DisplayName("A JWKS URL is fetched without blocking, from a loopback server; a failing URL fails the start with its reason")
    void jwksUrl(Vertx vertx, @TempDir Path dir) throws Exception {
        AtomicReference<String> served = new AtomicReference<>(JwtKeys.jwks(JwtKeys.jwk(ec, "e1", "ES256")));
        AtomicInteger status = new AtomicInteger(200);
        AtomicReference<String> query = new AtomicReference<>();
        HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
            query.set(request.query());
            request.response().setStatusCode(status.get()).putHeader("Content-Type", "application/json").end(served.get());
        }).listen(0, "127.0.0.1"));
        String url = "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json?tenant=t1";
        AuthConfig config = config(Map.of("jwks-url", url, "secret", "s".repeat(32)), "production", dir);
        TokenService tokens = await(TokenService.start(vertx, config));
        assertThat(query.get()).isEqualTo("tenant=t1");
        assertThat(await(tokens.verify(JwtKeys.es256(header("ES256", "e1"), claims("carol", 600), ec.getPrivate()))).userId())
                .isEqualTo("carol");
        assertThat(tokens.acceptedAlgorithms()).containsExactly("ES256", "HS256");
        tokens.close();
        assertThat(config.toString()).doesNotContain("tenant=t1").doesNotContain("ssss");

        status.set(404);
        assertThatThrownBy(() -> await(TokenService.start(vertx, config))).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("HTTP 404");
        status.set(200);
        served.set("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}");
        assertThatThrownBy(() -> await(TokenService.start(vertx, config))).hasMessageContaining("no usable key");
        served.set("x".repeat(Jwks.MAX_BYTES + 10));
        assertThatThrownBy(() -> await(TokenService.start(vertx, config))).hasMessageContaining("larger than");
        await(server.close());
    }

    @Test
    @DisplayName("Only public RSA (>= 2048 bits) and EC P-256 signature keys are kept; private members are dropped")
    void whichKeysAreKept() {
        KeyPair weak = JwtKeys.rsa(1024);
        KeyPair p384 = JwtKeys.ec("secp384r1");
        String set = JwtKeys.jwks(
                JwtKeys.jwk(rsa, "good-rsa", null).put("d", "cHJpdmF0ZQ").put("use", "sig"),
                JwtKeys.jwk(ec, "good-ec", "ES256"),
                new JsonObject().put("kty", "oct").put("k", "c2VjcmV0").put("kid", "symmetric"),
                JwtKeys.jwk(weak, "weak", "RS256"),
                JwtKeys.jwk(p384, "p384", null),
                JwtKeys.jwk(rsa, "encryption", null).put("use", "enc"),
                JwtKeys.jwk(rsa, "confused", "HS256"),
                JwtKeys.jwk(ec, "confused-ec", "RS256"),
                new JsonObject().put("kty", "RSA").put("kid", "no-modulus"));
        List<Jwks.Key> keys = Jwks.parse(set, AuthConfig.SUPPORTED_ALGORITHMS, "test", LoggerFactory.getLogger("test"));
        assertThat(keys).extracting(Jwks.Key::kid).containsExactly("good-rsa", "good-ec");
        assertThat(keys.get(0).algorithm()).isEqualTo("RS256");
        assertThat(keys.get(0).jwk().fieldNames()).containsExactlyInAnyOrder("kty", "n", "e", "alg", "kid");
        assertThat(keys.get(1).jwk().fieldNames()).containsExactlyInAnyOrder("kty", "crv", "x", "y", "alg", "kid");
        assertThat(Jwks.parse(set, java.util.Set.of("ES256"), "test", LoggerFactory.getLogger("test")))
                .extracting(Jwks.Key::kid).containsExactly("good-ec");
        assertThatThrownBy(() -> Jwks.parse("[]", AuthConfig.SUPPORTED_ALGORITHMS, "t", LoggerFactory.getLogger("t")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jwks.parse("{\"keys\":{}}", AuthConfig.SUPPORTED_ALGORITHMS, "t", LoggerFactory.getLogger("t")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Configuration: no key outside demo refuses to start; JWKS over plain http only to loopback; 'none' is no algorithm")
    void configuration(@TempDir Path dir) {
        assertThatThrownBy(() -> config(Map.of(), "production", dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("refusing to start");
        assertThatThrownBy(() -> config(Map.of("jwks-url", "http://idp.example.com/jwks"), "production", dir))
                .hasMessageContaining("https");
        assertThat(config(Map.of("jwks-url", "https://idp.example.com/jwks"), "production", dir).jwksUrl()).isNotNull();
        assertThat(config(Map.of("jwks-url", "http://localhost:9/jwks"), "production", dir).hasJwks()).isTrue();
        assertThat(config(Map.of("jwks-url", "http://[::1]:9/jwks"), "production", dir).hasJwks()).isTrue();
        assertThatThrownBy(() -> config(Map.of("jwks-url", "https://a/j", "jwks-file", "/x"), "production", dir))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> config(Map.of("algorithms", "HS256,none"), "demo", dir)).hasMessageContaining("'none'");
        assertThatThrownBy(() -> config(Map.of("algorithms", "RS256"), "demo", dir))
                .as("RS256 alone without a JWKS leaves no key").hasMessageContaining("refusing to start");
        assertThatThrownBy(() -> config(Map.of("jwks-file", "/x", "algorithms", "HS256"), "demo", dir))
                .hasMessageContaining("neither RS256 nor ES256");
        assertThatThrownBy(() -> config(Map.of("clock-skew", "10m"), "demo", dir)).hasMessageContaining("auth.jwt.clock-skew");
        AuthConfig defaults = config(Map.of(), "demo", dir);
        assertThat(defaults.clockSkew()).hasSeconds(5);
        assertThat(defaults.algorithms()).containsExactlyInAnyOrder("HS256", "RS256", "ES256");
    }
}
