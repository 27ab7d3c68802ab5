package io.tradewire.gateway.auth;

import io.tradewire.model.StreamKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.List;

/**
 * Verifies and mints HS256 JWTs with vertx-auth-jwt. The subject ({@code sub}) is the user id and must
 * be a valid stream-key segment. Expiry (required), not-before, issuer and audience are checked, with a
 * 5 s clock leeway; only the configured algorithm and key verify ({@code alg: none} never does).
 */
public final class TokenService {
    static final int LEEWAY_SECONDS = 5;
    static final Set<String> ALLOWED_ALGORITHMS = Set.of("HS256");

    private final JWTAuth jwt;
    private final AuthConfig config;

    public TokenService(Vertx vertx, AuthConfig config, String signingKey) {
        this.config = config;
        JWTOptions options = new JWTOptions()
                .setAlgorithm("HS256")
                .setIssuer(config.issuer())
                .setAudience(List.of(config.audience()))
                .setLeeway(LEEWAY_SECONDS);
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(signingKey))
                .setJWTOptions(options));
    }

    /** The user id of a valid token; fails with a message fit for the client (no token contents). */
    public Future<String> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 8192 || !acceptableHeader(token)) {
            return Future.failedFuture("Invalid credentials");
        }
        return jwt.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture("Invalid credentials"))
                .compose(user -> {
                    String subject = user.principal().getString("sub");
                    // vertx-auth-jwt checks exp only when present: a token without one would never expire.
                    Object expiry = user.attributes().getJsonObject("accessToken", new JsonObject()).getValue("exp");
                    if (!(expiry instanceof Number) || !StreamKeys.isValidSegment(subject)) {
                        return Future.failedFuture("Invalid credentials");
                    }
                    return Future.succeededFuture(subject);
                });
    }

    /**
     * The header must name an allowed algorithm and no key id we do not have (we sign without one), so
     * that no library fallback ever picks a key for a token that names another.
     */
    static boolean acceptableHeader(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
            return ALLOWED_ALGORITHMS.contains(header.getString("alg")) && !header.containsKey("kid");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A signed token for a user, valid for {@code ttl} (the configured default when null). */
    public String mint(String userId, Duration ttl) {
        if (!StreamKeys.isValidSegment(userId)) {
            throw new IllegalArgumentException("user id must match " + StreamKeys.SEGMENT);
        }
        Duration lifetime = ttl == null ? config.defaultTtl() : ttl;
        return jwt.generateToken(new JsonObject(), new JWTOptions()
                .setAlgorithm("HS256")
                .setSubject(userId)
                .setIssuer(config.issuer())
                .setAudience(List.of(config.audience()))
                .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds())));
    }
}
