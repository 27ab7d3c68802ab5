package io.tradewire.gateway.auth;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Token settings, read once from {@code profile}, {@code data-dir} and {@code auth.jwt.*}.
 *
 * @param secret  the configured HS256 key, or null when none is configured (then only the demo profile may start)
 * @param demo    whether the demo profile is active
 * @param dataDir where the generated demo key is kept
 */
public record AuthConfig(String secret, boolean demo, Path dataDir, String issuer, String audience, Duration defaultTtl) {
    public static final int MIN_SECRET_BYTES = 32;
    public static final String PROFILE_DEMO = "demo";
    public static final String PROFILE_PRODUCTION = "production";

    public static AuthConfig from(JsonObject root) {
        ConfigReader top = ConfigReader.of(root, "");
        String profile = top.string("profile", PROFILE_DEMO);
        if (!profile.equals(PROFILE_DEMO) && !profile.equals(PROFILE_PRODUCTION)) {
            throw new ConfigException("profile", "must be 'demo' or 'production', got '" + profile + "'");
        }
        Path dataDir = Path.of(top.string("data-dir", "data"));
        ConfigReader jwt = ConfigReader.of(root, "auth.jwt");
        String secret = jwt.string("secret", "");
        if (secret.isEmpty()) {
            secret = null;
        } else if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigException("auth.jwt.secret", "must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        boolean demo = profile.equals(PROFILE_DEMO);
        if (secret == null && !demo) {
            throw new ConfigException("auth.jwt.secret",
                    "no signing key is configured and the profile is '" + profile + "': refusing to start "
                            + "(set auth.jwt.secret or TRADEWIRE_AUTH_JWT_SECRET, at least 32 bytes)");
        }
        return new AuthConfig(secret, demo, dataDir,
                jwt.string("issuer", "tradewire"),
                jwt.string("audience", "tradewire"),
                jwt.duration("default-ttl", Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(366)));
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "AuthConfig[secret=" + (secret == null ? "(demo key)" : "***") + ", demo=" + demo + ", dataDir=" + dataDir
                + ", issuer=" + issuer + ", audience=" + audience + ", defaultTtl=" + defaultTtl + "]";
    }
}
