package io.tradewire.gateway.auth;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Token settings, read once from {@code profile}, {@code data-dir} and {@code auth.jwt.*}.
 *
 * @param secret      the configured HS256 key, or null when none is configured (then only the demo profile, or a
 *                    JWKS, may start)
 * @param demo        whether the demo profile is active
 * @param dataDir     where the generated demo key is kept
 * @param algorithms  the algorithm allow-list ({@code auth.jwt.algorithms}): a token whose header names another
 *                    algorithm is refused before any verification; a subset of {@link #SUPPORTED_ALGORITHMS}
 * @param clockSkew   leeway for {@code exp}, {@code nbf} and {@code iat} ({@code auth.jwt.clock-skew}, whole seconds)
 * @param jwksFile    a JSON Web Key Set file with RS256 / ES256 public keys ({@code auth.jwt.jwks-file}), or null
 * @param jwksUrl     a JSON Web Key Set URL ({@code auth.jwt.jwks-url}: https, or http on a loopback host), or null
 * @param jwksRefresh how often the JWKS URL is fetched again ({@code auth.jwt.jwks-refresh}); zero: only at start
 */
public record AuthConfig(String secret, boolean demo, Path dataDir, String issuer, String audience, Duration defaultTtl,
        Set<String> algorithms, Duration clockSkew, Path jwksFile, URI jwksUrl, Duration jwksRefresh) {
    public static final int MIN_SECRET_BYTES = 32;
    public static final String PROFILE_DEMO = "demo";
    public static final String PROFILE_PRODUCTION = "production";
    public static final String HS256 = "HS256";
    public static final String RS256 = "RS256";
    public static final String ES256 = "ES256";
    /** Every algorithm Tradewire can verify: HMAC with the configured secret, RSA and ECDSA (P-256) with JWKS keys. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of(HS256, RS256, ES256);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(15);

    public AuthConfig {
        algorithms = Set.copyOf(algorithms);
        if (!SUPPORTED_ALGORITHMS.containsAll(algorithms)) {
            throw new IllegalArgumentException("unsupported algorithms in " + algorithms);
        }
    }

    /** HS256 only, with the default clock skew and no JWKS (what tests and tools that mint tokens need). */
    public AuthConfig(String secret, boolean demo, Path dataDir, String issuer, String audience, Duration defaultTtl) {
        this(secret, demo, dataDir, issuer, audience, defaultTtl, SUPPORTED_ALGORITHMS, DEFAULT_CLOCK_SKEW, null, null,
                DEFAULT_JWKS_REFRESH);
    }

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
        Set<String> algorithms = algorithms(jwt);
        Duration skew = jwt.duration("clock-skew", DEFAULT_CLOCK_SKEW, Duration.ZERO, Duration.ofMinutes(5));
        String file = jwt.string("jwks-file", "").trim();
        Path jwksFile = file.isEmpty() ? null : Path.of(file);
        URI jwksUrl = jwksUrl(jwt.string("jwks-url", "").trim());
        if (jwksFile != null && jwksUrl != null) {
            throw new ConfigException("auth.jwt.jwks-url", "set either auth.jwt.jwks-file or auth.jwt.jwks-url, not both");
        }
        Duration refresh = jwt.duration("jwks-refresh", DEFAULT_JWKS_REFRESH, Duration.ZERO, Duration.ofDays(7));
        if (!refresh.isZero() && refresh.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ConfigException("auth.jwt.jwks-refresh", "must be 0 (never) or at least 10s, got " + refresh);
        }
        boolean demo = profile.equals(PROFILE_DEMO);
        boolean jwks = jwksFile != null || jwksUrl != null;
        boolean hmac = algorithms.contains(HS256) && (secret != null || demo);
        boolean publicKeys = jwks && (algorithms.contains(RS256) || algorithms.contains(ES256));
        if (jwks && !publicKeys) {
            throw new ConfigException("auth.jwt.algorithms", "a JWKS is configured but neither RS256 nor ES256 is allowed");
        }
        if (!hmac && !publicKeys) {
            throw new ConfigException(secret == null && !demo ? "auth.jwt.secret" : "auth.jwt.algorithms",
                    "no signing key is configured for an allowed algorithm and the profile is '" + profile + "': refusing to start "
                            + "(set auth.jwt.secret or TRADEWIRE_AUTH_JWT_SECRET, at least 32 bytes, for HS256; "
                            + "or auth.jwt.jwks-file / auth.jwt.jwks-url for RS256 / ES256)");
        }
        return new AuthConfig(secret, demo, dataDir,
                jwt.string("issuer", "tradewire"),
                jwt.string("audience", "tradewire"),
                jwt.duration("default-ttl", Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(366)),
                algorithms, skew, jwksFile, jwksUrl, refresh);
    }

    /** Whether RS256 / ES256 keys come from a JWKS file or URL. */
    public boolean hasJwks() {
        return jwksFile != null || jwksUrl != null;
    }

    private static Set<String> algorithms(ConfigReader jwt) {
        List<String> names = jwt.stringList("algorithms", List.of(HS256, RS256, ES256));
        Set<String> algorithms = new LinkedHashSet<>();
        for (String name : names) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            if (!SUPPORTED_ALGORITHMS.contains(upper)) {
                throw new ConfigException("auth.jwt.algorithms",
                        "'" + name + "' is not supported (allowed: HS256, RS256, ES256; 'none' never is)");
            }
            algorithms.add(upper);
        }
        if (algorithms.isEmpty()) {
            throw new ConfigException("auth.jwt.algorithms", "must name at least one of HS256, RS256, ES256");
        }
        return algorithms;
    }

    /** https anywhere; plain http only to a loopback host (a key set fetched in clear could be swapped on the way). */
    private static URI jwksUrl(String text) {
        if (text.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException("auth.jwt.jwks-url", "not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigException("auth.jwt.jwks-url", "expected an https:// URL with a host, got '" + text + "'");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigException("auth.jwt.jwks-url", "must use https (plain http is only allowed to a loopback host)");
        }
        if (uri.getUserInfo() != null) {
            throw new ConfigException("auth.jwt.jwks-url", "must not carry credentials");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: no name resolution here (this runs on the event loop).
        if (!bare.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "AuthConfig[secret=" + (secret == null ? "(demo key)" : "***") + ", demo=" + demo + ", dataDir=" + dataDir
                + ", issuer=" + issuer + ", audience=" + audience + ", defaultTtl=" + defaultTtl + ", algorithms=" + algorithms
                + ", clockSkew=" + clockSkew + ", jwksFile=" + jwksFile + ", jwksUrl=" + redacted(jwksUrl) + "]";
    }

    /** A URL for logs: scheme, host, port and path only (a query could carry a credential). */
    static String redacted(URI uri) {
        if (uri == null) {
            return null;
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?…");
    }
}
