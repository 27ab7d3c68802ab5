package io.tradewire.gateway.auth;

import static io.tradewire.gateway.auth.JwtKeys.claims;
import static io.tradewire.gateway.auth.JwtKeys.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * RS256 and ES256 with JWKS keys next to HS256: what verifies, and every way of mixing keys, algorithms and
 * key ids that must not.
 */
@ExtendWith(VertxExtension.class)
class TokenServiceJwksTest {
    private static final String SECRET = "unit-test-secret-that-is-long-enough-0123";
    private static KeyPair rsa;
    private static KeyPair rsa2;
    private static KeyPair ec;
    private static KeyPair stranger;
    private Vertx vertx;
    private TokenService tokens;

    @BeforeAll
    static void keys() {
        rsa = JwtKeys.rsa(2048);
        rsa2 = JwtKeys.rsa(2048);
        ec = JwtKeys.ec("secp256r1");
        stranger = JwtKeys.rsa(2048);
    }

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        tokens = service(SECRET, Set.of("HS256", "RS256", "ES256"), Duration.ofSeconds(5));
    }

    private TokenService service(String secret, Set<String> algorithms, Duration skew) {
        AuthConfig config = new AuthConfig(secret, false, Path.of("unused"), "tradewire", "tradewire", Duration.ofHours(1),
                algorithms, skew, null, null, Duration.ZERO);
        TokenService service = new TokenService(vertx, config, secret);
        service.replaceKeys(Jwks.parse(JwtKeys.jwks(JwtKeys.jwk(rsa, "rsa-1", "RS256"), JwtKeys.jwk(rsa2, "rsa-2", null),
                JwtKeys.jwk(ec, "ec-1", "ES256")), algorithms, "test", LoggerFactory.getLogger("test")));
        return service;
    }

    static String outcome(Future<VerifiedToken> result) throws Exception {
        try {
            return result.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).userId();
        } catch (ExecutionException e) {
            return "refused: " + e.getCause().getMessage();
        }
    }

    @Test
    @DisplayName("RS256 and ES256 tokens signed by a JWKS key verify, with their kid or without; HS256 still works")
    void accepted() throws Exception {
        assertThat(outcome(tokens.verify(JwtKeys.rs256(header("RS256", "rsa-1"), claims("alice", 600), rsa.getPrivate()))))
                .isEqualTo("alice");
        assertThat(outcome(tokens.verify(JwtKeys.rs256(header("RS256", "rsa-2"), claims("bob", 600), rsa2.getPrivate()))))
                .as("a JWK without alg is RS256 by its key type").isEqualTo("bob");
        assertThat(outcome(tokens.verify(JwtKeys.es256(header("ES256", "ec-1"), claims("carol", 600), ec.getPrivate()))))
                .isEqualTo("carol");
        assertThat(outcome(tokens.verify(JwtKeys.rs256(header("RS256", null), claims("dave", 600), rsa2.getPrivate()))))
                .as("no kid: every key of the token's algorithm is tried").isEqualTo("dave");
        assertThat(outcome(tokens.verify(tokens.mint("erin", Duration.ofMinutes(5))))).isEqualTo("erin");
        assertThat(tokens.acceptedAlgorithms()).containsExactly("ES256", "HS256", "RS256");
    }

    @Test
    @DisplayName("verify() returns the token's exp, so that a session can be closed when it passes")
    void expiry() throws Exception {
        JsonObject claims = claims("alice", 600);
        VerifiedToken token = tokens.verify(JwtKeys.es256(header("ES256", "ec-1"), claims, ec.getPrivate()))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(claims.getLong("exp")));
        VerifiedToken minted = tokens.verify(tokens.mint("bob", Duration.ofSeconds(90))).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(minted.expiresAt()).isBetween(Instant.now().plusSeconds(85), Instant.now().plusSeconds(91));
        assertThat(outcome(tokens.verify(tokens.mint("bob", Duration.ofSeconds(90))))).isEqualTo("bob");
    }

    @Test
    @DisplayName("HS/RS confusion: an HS256 token keyed with the RSA public key (PEM, DER, JWK n) is refused, kid or not")
    void noAlgorithmConfusion() throws Exception {
        String pem = JwtKeys.pem(rsa);
        List<byte[]> publicKeyBytes = List.of(pem.getBytes(StandardCharsets.US_ASCII), rsa.getPublic().getEncoded(),
                JwtKeys.jwk(rsa, null, null).getString("n").getBytes(StandardCharsets.US_ASCII),
                JwtKeys.jwks(JwtKeys.jwk(rsa, "rsa-1", "RS256")).getBytes(StandardCharsets.UTF_8));
        TokenService jwksOnly = service(null, Set.of("HS256", "RS256", "ES256"), Duration.ofSeconds(5));
        for (byte[] key : publicKeyBytes) {
            for (String kid : new String[] {null, "rsa-1"}) {
                String forged = JwtKeys.hs256(header("HS256", kid), claims("mallory", 600), key);
                assertThat(outcome(tokens.verify(forged))).isEqualTo("refused: Invalid credentials");
                assertThat(outcome(jwksOnly.verify(forged))).isEqualTo("refused: Invalid credentials");
            }
        }
        // The other way round: a header claiming RS256 / ES256 over an HMAC signature made with the secret.
        for (String alg : new String[] {"RS256", "ES256"}) {
            for (String kid : new String[] {null, "rsa-1", "ec-1"}) {
                String forged = JwtKeys.hs256(header(alg, kid), claims("mallory", 600), SECRET.getBytes(StandardCharsets.UTF_8));
                assertThat(outcome(tokens.verify(forged))).as("%s %s", alg, kid).isEqualTo("refused: Invalid credentials");
            }
        }
        // An RSA signature presented as ES256, and an EC one as RS256.
        assertThat(outcome(tokens.verify(JwtKeys.rs256(header("ES256", "ec-1"), claims("m", 600), rsa.getPrivate()))))
                .startsWith("refused");
        assertThat(outcome(tokens.verify(JwtKeys.es256(header("RS256", "rsa-1"), claims("m", 600), ec.getPrivate()))))
                .startsWith("refused");
    }

    @Test
    @DisplayName("A kid must name a key of the token's algorithm, and that very key must have signed it")
    void kidMustMatch() throws Exception {
        String[] refused = {
            JwtKeys.rs256(header("RS256", "rsa-2"), claims("m", 600), rsa.getPrivate()),
            JwtKeys.rs256(header("RS256", "unknown"), claims("m", 600), rsa.getPrivate()),
            JwtKeys.rs256(header("RS256", "ec-1"), claims("m", 600), rsa.getPrivate()),
            JwtKeys.es256(header("ES256", "rsa-1"), claims("m", 600), ec.getPrivate()),
            JwtKeys.rs256(header("RS256", "rsa-1"), claims("m", 600), stranger.getPrivate()),
            JwtKeys.rs256(header("RS256", null), claims("m", 600), stranger.getPrivate()),
            JwtKeys.rs256(header("RS256", "rsa-1").put("kid", 7), claims("m", 600), rsa.getPrivate()),
            JwtKeys.hs256(header("HS256", "any"), claims("m", 600), SECRET.getBytes(StandardCharsets.UTF_8)),
        };
        for (String token : refused) {
            assertThat(outcome(tokens.verify(token))).as(token).isEqualTo("refused: Invalid credentials");
        }
    }

    @Test
    @DisplayName("Claims are checked for JWKS tokens too: exp (required), nbf, iss, aud, subject; alg none / RS512 never pass")
    void claimsChecked() throws Exception {
        long now = Instant.now().getEpochSecond();
        JsonObject noExp = claims("m", 600);
        noExp.remove("exp");
        String valid = JwtKeys.rs256(header("RS256", "rsa-1"), claims("m", 600), rsa.getPrivate());
        String[] parts = valid.split("\\.");
        String[] refused = {
            JwtKeys.rs256(header("RS256", "rsa-1"), claims("m", 600).put("exp", now - 60), rsa.getPrivate()),
            JwtKeys.rs256(header("RS256", "rsa-1"), claims("m", 600).put("nbf", now + 3600), rsa.getPrivate()),
            JwtKeys.rs256(header("RS256", "rsa-1"), claims("m", 600).put("iss", "evil"), rsa.getPrivate()),
            JwtKeys.rs256(header("RS256", "rsa-1"), claims("m", 600).put("aud", new JsonArray().add("other")), rsa.getPrivate()),
            JwtKeys.rs256(header("RS256", "rsa-1"), noExp, rsa.getPrivate()),
            JwtKeys.rs256(header("RS256", "rsa-1"), claims("user.x.orders", 600), rsa.getPrivate()),
            JwtKeys.rs256(header("RS512", "rsa-1"), claims("m", 600), rsa.getPrivate()),
            JwtKeys.rs256(header("none", "rsa-1"), claims("m", 600), rsa.getPrivate()),
            parts[0] + "." + parts[1] + ".",
            parts[0] + "." + parts[1],
            JwtKeys.es256(header("ES256", "ec-1"), claims("m", 600).put("exp", now - 60), ec.getPrivate()),
        };
        for (String token : refused) {
            assertThat(outcome(tokens.verify(token))).as(token).isEqualTo("refused: Invalid credentials");
        }
    }

    @Test
    @DisplayName("auth.jwt.algorithms is an allow-list: an algorithm left out is refused even with a key for it")
    void allowList() throws Exception {
        TokenService rsOnly = service(SECRET, Set.of("RS256"), Duration.ofSeconds(5));
        assertThat(outcome(rsOnly.verify(JwtKeys.rs256(header("RS256", "rsa-1"), claims("a", 600), rsa.getPrivate())))).isEqualTo("a");
        assertThat(outcome(rsOnly.verify(JwtKeys.es256(header("ES256", "ec-1"), claims("a", 600), ec.getPrivate()))))
                .startsWith("refused");
        assertThat(outcome(rsOnly.verify(JwtKeys.hs256(header("HS256", null), claims("a", 600),
                SECRET.getBytes(StandardCharsets.UTF_8))))).startsWith("refused");
        assertThat(rsOnly.acceptedAlgorithms()).containsExactly("RS256");
        assertThatThrownBy(() -> rsOnly.mint("a", null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("auth.jwt.clock-skew is the leeway: with 0 a token expired 3 s ago is refused, with 10 s it passes")
    void clockSkew() throws Exception {
        long now = Instant.now().getEpochSecond();
        String recent = JwtKeys.hs256(header("HS256", null), claims("a", 600).put("exp", now - 3), SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome(service(SECRET, Set.of("HS256"), Duration.ZERO).verify(recent))).startsWith("refused");
        assertThat(outcome(service(SECRET, Set.of("HS256"), Duration.ofSeconds(10)).verify(recent))).isEqualTo("a");
    }
}
