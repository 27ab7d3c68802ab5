package io.tradewire.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tokens an attacker might craft: none of them may authenticate. */
@ExtendWith(VertxExtension.class)
class TokenServiceTest {
    private static final String SECRET = "unit-test-secret-that-is-long-enough-0123";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private TokenService tokens;

    @BeforeEach
    void setUp(Vertx vertx) {
        AuthConfig config = new AuthConfig(SECRET, false, Path.of("unused"), "tradewire", "tradewire", Duration.ofHours(1));
        tokens = new TokenService(vertx, config, SECRET);
    }

    private static String sign(JsonObject header, JsonObject claims, String key) throws Exception {
        String input = B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonObject hs256() {
        return new JsonObject().put("alg", "HS256").put("typ", "JWT");
    }

    private static JsonObject claims(String user) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("sub", user).put("iss", "tradewire").put("aud", new JsonArray().add("tradewire"))
                .put("iat", now).put("exp", now + 3600);
    }

    private static String outcome(Future<String> result) throws Exception {
        try {
            return result.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return "refused: " + e.getCause().getMessage();
        }
    }

    @Test
    @DisplayName("A minted token and an equivalent hand-signed one authenticate as their subject")
    void acceptsValidTokens() throws Exception {
        assertThat(outcome(tokens.authenticate(tokens.mint("user001", null)))).isEqualTo("user001");
        assertThat(outcome(tokens.authenticate(sign(hs256(), claims("u2"), SECRET)))).isEqualTo("u2");
    }

    @Test
    @DisplayName("Attacks are refused with the same message: alg none, wrong key, stripped signature, expired, "
            + "future nbf, wrong iss or aud, missing exp, missing sub, bad subject, unknown kid, garbage")
    void refusesAttacks() throws Exception {
        String valid = sign(hs256(), claims("u1"), SECRET);
        String[] parts = valid.split("\\.");
        long now = Instant.now().getEpochSecond();
        String noneHeader = B64.encodeToString(new JsonObject().put("alg", "none").put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8));
        String[] attacks = {
            noneHeader + "." + parts[1] + ".",
            noneHeader + "." + parts[1],
            sign(hs256(), claims("u1"), "another-secret-that-is-long-enough-999999"),
            parts[0] + "." + parts[1] + ".",
            parts[0] + "." + parts[1],
            sign(hs256(), claims("u1").put("exp", now - 3600), SECRET),
            sign(hs256(), claims("u1").put("nbf", now + 3600), SECRET),
            sign(hs256(), claims("u1").put("iss", "evil"), SECRET),
            sign(hs256(), claims("u1").put("aud", new JsonArray().add("someone-else")), SECRET),
            sign(hs256(), withoutKey(claims("u1"), "exp"), SECRET),
            sign(hs256(), withoutKey(claims("u1"), "sub"), SECRET),
            sign(hs256(), claims("user.orders.x"), SECRET),
            sign(hs256().put("kid", "unknown-key"), claims("u1"), SECRET),
            sign(new JsonObject().put("alg", "HS512").put("typ", "JWT"), claims("u1"), SECRET),
            "not-a-jwt",
            "",
            "a.b.c.d",
        };
        for (String attack : attacks) {
            assertThat(outcome(tokens.authenticate(attack))).as(attack).isEqualTo("refused: Invalid credentials");
        }
    }

    @Test
    @DisplayName("Expiry within the 5 s leeway is tolerated; beyond it is not")
    void leeway() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertThat(outcome(tokens.authenticate(sign(hs256(), claims("u1").put("exp", now - 2), SECRET)))).isEqualTo("u1");
        assertThat(outcome(tokens.authenticate(sign(hs256(), claims("u1").put("exp", now - 30), SECRET)))).startsWith("refused");
    }

    private static JsonObject withoutKey(JsonObject json, String key) {
        json.remove(key);
        return json;
    }
}
