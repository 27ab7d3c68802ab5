package io.tradewire.gateway.auth;

import io.tradewire.model.StreamKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWTs (HS256 with the configured secret; RS256 and ES256 with the public keys of a JWKS) and
 * mints HS256 ones, with vertx-auth-jwt doing the signature and claim checks.
 *
 * <p>Rules, checked before any signature is looked at: the header's {@code alg} must be in the allow-list
 * ({@code auth.jwt.algorithms}) and have a key here ({@code none} never does); an HS256 token must not name a
 * {@code kid} (Tradewire signs without one); an RS256 / ES256 token that names a {@code kid} is verified only
 * with the key of that id and algorithm, one without a {@code kid} with each key of its algorithm. Every key
 * sits in its own verifier, registered under its own algorithm, so an HS256 token is never checked against
 * an RSA public key and an RS256 token never against the HMAC secret. Then: signature; {@code exp}
 * (required), {@code nbf}, {@code iat}, {@code iss} and {@code aud} with {@code auth.jwt.clock-skew} of
 * leeway; the subject must be a valid stream-key segment. Every refusal reads "Invalid credentials".
 */
public final class TokenService implements TokenVerifier {
    static final int LEEWAY_SECONDS = (int) AuthConfig.DEFAULT_CLOCK_SKEW.toSeconds();
    /** Algorithms verified with the configured secret when no allow-list is given. */
    static final int MAX_TOKEN_LENGTH = 8192;
    static final String REFUSED = "Invalid credentials";
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final Vertx vertx;
    private final AuthConfig config;
    private final JWTOptions checks;
    /** HS256 with the secret, or null when there is none (a JWKS-only deployment). */
    private final JWTAuth hmac;
    /** One verifier per JWKS key; replaced as a whole when the key set is fetched again. */
    private volatile List<PublicKey> publicKeys = List.of();
    private long refreshTimer = -1;

    private record PublicKey(String algorithm, String kid, JWTAuth verifier) {
    }

    /** HS256 only (the signing key may be null: then nothing verifies until {@link #replaceKeys} adds public keys). */
    public TokenService(Vertx vertx, AuthConfig config, String signingKey) {
        this.vertx = vertx;
        this.config = config;
        this.checks = new JWTOptions()
                .setIssuer(config.issuer())
                .setAudience(List.of(config.audience()))
                .setLeeway((int) config.clockSkew().toSeconds());
        this.hmac = signingKey == null || !config.algorithms().contains(AuthConfig.HS256) ? null
                : JWTAuth.create(vertx, new JWTAuthOptions()
                        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(AuthConfig.HS256).setBuffer(signingKey))
                        .setJWTOptions(new JWTOptions(checks).setAlgorithm(AuthConfig.HS256)));
    }

    /**
     * The service of a running gateway: resolves the HS256 key (off the event loop: it may read or create the
     * demo key file), loads the JWKS when one is configured and, for a JWKS URL, fetches it again every
     * {@code auth.jwt.jwks-refresh} (a failed refresh keeps the keys it has). Fails when the JWKS cannot be
     * loaded or holds no usable key.
     */
    public static Future<TokenService> start(Vertx vertx, AuthConfig config) {
        Future<TokenService> service = vertx.executeBlocking(() -> SigningKeys.resolve(config))
                .map(key -> new TokenService(vertx, config, key));
        if (!config.hasJwks()) {
            return service.onSuccess(TokenService::announce);
        }
        JwksSource source = new JwksSource(vertx, config);
        return service.compose(tokens -> source.load().map(keys -> {
            tokens.replaceKeys(keys);
            if (config.jwksUrl() != null && !config.jwksRefresh().isZero()) {
                tokens.refreshTimer = vertx.setPeriodic(config.jwksRefresh().toMillis(), id -> source.load()
                        .onSuccess(tokens::replaceKeys)
                        .onFailure(e -> LOG.warn("JWKS refresh failed, keeping the {} key(s) loaded before: {}",
                                tokens.publicKeys.size(), e.getMessage())));
            }
            announce(tokens);
            return tokens;
        }));
    }

    private static void announce(TokenService tokens) {
        LOG.info("JWT: accepting {} (clock skew {}s){}", tokens.acceptedAlgorithms(), tokens.config.clockSkew().toSeconds(),
                tokens.publicKeys.isEmpty() ? "" : "; " + tokens.publicKeys.size() + " JWKS key(s)");
    }

    /** Stops refreshing the JWKS. */
    public void close() {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
            refreshTimer = -1;
        }
    }

    void replaceKeys(List<Jwks.Key> keys) {
        List<PublicKey> verifiers = new ArrayList<>();
        for (Jwks.Key key : keys) {
            verifiers.add(new PublicKey(key.algorithm(), key.kid(), JWTAuth.create(vertx, new JWTAuthOptions()
                    .addJwk(key.jwk())
                    .setJWTOptions(new JWTOptions(checks).setAlgorithm(key.algorithm())))));
        }
        publicKeys = List.copyOf(verifiers);
    }

    /** The algorithms a token may use now: allowed and backed by a key. */
    public Set<String> acceptedAlgorithms() {
        Set<String> accepted = new TreeSet<>();
        if (hmac != null) {
            accepted.add(AuthConfig.HS256);
        }
        publicKeys.forEach(key -> accepted.add(key.algorithm()));
        return accepted;
    }

    /** The user id of a valid token; fails with a message fit for the client (no token contents). */
    public Future<String> authenticate(String token) {
        return verify(token).map(VerifiedToken::userId);
    }

    /** The user id and expiry of a valid token; fails with "Invalid credentials" whatever the reason. */
    @Override
    public Future<VerifiedToken> verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return refused();
        }
        JsonObject header = header(token);
        String alg = header == null ? null : header.getValue("alg") instanceof String a ? a : null;
        Object kid = header == null ? null : header.getValue("kid");
        if (alg == null || !config.algorithms().contains(alg) || kid != null && !(kid instanceof String)) {
            return refused();
        }
        List<JWTAuth> candidates = new ArrayList<>(1);
        if (alg.equals(AuthConfig.HS256)) {
            if (hmac != null && kid == null) {
                candidates.add(hmac);
            }
        } else {
            for (PublicKey key : publicKeys) {
                if (key.algorithm().equals(alg) && (kid == null || kid.equals(key.kid()))) {
                    candidates.add(key.verifier());
                }
            }
        }
        return verify(token, candidates, 0);
    }

    /** Tries the candidate keys in turn (usually one); the first that verifies decides. */
    private Future<VerifiedToken> verify(String token, List<JWTAuth> candidates, int next) {
        if (next >= candidates.size()) {
            return refused();
        }
        return candidates.get(next).authenticate(new TokenCredentials(token))
                .transform(result -> result.succeeded() ? accept(result.result()) : verify(token, candidates, next + 1));
    }

    private static Future<VerifiedToken> accept(User user) {
        String subject = user.principal().getString("sub");
        // vertx-auth-jwt checks exp only when present: a token without one would never expire.
        Object expiry = user.attributes().getJsonObject("accessToken", new JsonObject()).getValue("exp");
        if (!(expiry instanceof Number exp) || !StreamKeys.isValidSegment(subject)) {
            return refused();
        }
        return Future.succeededFuture(new VerifiedToken(subject, Instant.ofEpochSecond(exp.longValue())));
    }

    private static <T> Future<T> refused() {
        return Future.failedFuture(REFUSED);
    }

    /** The decoded header of a three-part token, or null when it has no such header. */
    static JsonObject header(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A signed HS256 token for a user, valid for {@code ttl} (the configured default when null).
     *
     * @throws IllegalStateException when no HS256 key is configured (tokens then come from the identity provider
     *                               behind the JWKS)
     */
    public String mint(String userId, Duration ttl) {
        return mint(userId, ttl, List.of());
    }

    /** A signed token that also lists {@code roles} in its {@code roles} claim (e.g. {@code admin} for the admin REST routes). */
    public String mint(String userId, Duration ttl, List<String> roles) {
        if (!StreamKeys.isValidSegment(userId)) {
            throw new IllegalArgumentException("user id must match " + StreamKeys.SEGMENT);
        }
        if (hmac == null) {
            throw new IllegalStateException("no HS256 signing key is configured (auth.jwt.secret, with HS256 in auth.jwt.algorithms): "
                    + "tokens come from the identity provider that owns the JWKS keys");
        }
        Duration lifetime = ttl == null ? config.defaultTtl() : ttl;
        JsonObject claims = roles.isEmpty() ? new JsonObject() : new JsonObject().put("roles", new JsonArray(List.copyOf(roles)));
        return hmac.generateToken(claims, new JWTOptions()
                .setAlgorithm(AuthConfig.HS256)
                .setSubject(userId)
                .setIssuer(config.issuer())
                .setAudience(List.of(config.audience()))
                .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds())));
    }
}
