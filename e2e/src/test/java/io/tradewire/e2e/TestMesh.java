package io.tradewire.e2e;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.SigningKeys;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.launcher.ConfigLoader;
import io.tradewire.launcher.Mesh;
import io.tradewire.launcher.NodeVertx;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The whole mesh (every verticle) in-process on a free loopback port, with the simulator off, a
 * throw-away data dir and a fixed signing key; plus tokens for any user. One instance per test or test
 * class:
 *
 * <pre>{@code
 * try (TestMesh mesh = TestMesh.start()) {
 *     String url = mesh.wsUrl("/ws");
 *     String token = mesh.token("user001", Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class TestMesh implements AutoCloseable {
    /** The HS256 key the test mesh signs and verifies tokens with. */
    public static final String SECRET = "e2e-secret-that-is-at-least-32-bytes-long!!";
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final Mesh mesh;
    private final JsonObject config;
    private final AuthConfig auth;
    private final TokenService tokens;
    private final Path dataDir;

    private TestMesh(Vertx vertx, Mesh mesh, JsonObject config, AuthConfig auth, TokenService tokens, Path dataDir) {
        this.vertx = vertx;
        this.mesh = mesh;
        this.config = config;
        this.auth = auth;
        this.tokens = tokens;
        this.dataDir = dataDir;
    }

    /** Starts every verticle with the test defaults. */
    public static TestMesh start() throws Exception {
        return start(Map.of());
    }

    /**
     * Starts every verticle with the test defaults overlaid by {@code sets} ({@code --set key=value}
     * pairs, e.g. {@code gateway.max-frame-bytes=4096}).
     */
    public static TestMesh start(Map<String, String> sets) throws Exception {
        return start(sets, Mesh.Part.parse(List.of("all")));
    }

    /** Starts only some verticles (they must include the gateway) with the test defaults overlaid by {@code sets}. */
    public static TestMesh start(Map<String, String> sets, java.util.Set<Mesh.Part> parts) throws Exception {
        return start(sets, parts, config -> { });
    }

    /**
     * Starts every verticle with the test defaults overlaid by {@code sets}, then {@code edit} applied to the loaded
     * configuration (for values {@code --set} cannot express, such as a list of objects).
     */
    public static TestMesh start(Map<String, String> sets, java.util.function.Consumer<JsonObject> edit) throws Exception {
        return start(sets, Mesh.Part.parse(List.of("all")), edit);
    }

    /** Starts some verticles with the test defaults overlaid by {@code sets}, then {@code edit} applied to the configuration. */
    public static TestMesh start(Map<String, String> sets, java.util.Set<Mesh.Part> parts,
            java.util.function.Consumer<JsonObject> edit) throws Exception {
        Path dataDir = Files.createTempDirectory("tradewire-e2e-");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("http.host", "127.0.0.1");
        all.put("http.port", "0");
        all.put("market.simulator.enabled", "false");
        all.put("data-dir", dataDir.toString());
        all.put("auth.jwt.secret", SECRET);
        all.putAll(sets);
        JsonObject config;
        try {
            config = ConfigLoader.loadNow(null, Map.of(), all);
            edit.accept(config);
        } catch (Exception e) {
            deleteTree(dataDir);
            throw e;
        }
        Vertx vertx = NodeVertx.create(config);
        try {
            Mesh mesh = await(Mesh.start(vertx, config, parts), START_TIMEOUT_SECONDS);
            AuthConfig auth = AuthConfig.from(config);
            TokenService tokens = new TokenService(vertx, auth, SigningKeys.resolve(auth));
            TestMesh started = new TestMesh(vertx, mesh, config, auth, tokens, dataDir);
            if (started.port() <= 0) {
                started.close();
                throw new IllegalStateException("the gateway reports no port: " + started.port());
            }
            return started;
        } catch (Exception | Error e) {
            try {
                await(vertx.close(), 30);
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            deleteTree(dataDir);
            throw e;
        }
    }

    /** The gateway's HTTP / WebSocket port. */
    public int port() {
        return mesh.httpPort();
    }

    /** {@code ws://127.0.0.1:PORT} + path, e.g. {@code wsUrl("/ws")} for the exchange dialect. */
    public String wsUrl(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** The effective root configuration. */
    public JsonObject config() {
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    public TokenService tokens() {
        return tokens;
    }

    /** {@code gateway.max-frame-bytes} as the gateway reads it. */
    public int maxFrameBytes() {
        return ConfigReader.of(config, "gateway").integer("max-frame-bytes", 65_536, 1_024, 16 * 1_024 * 1_024);
    }

    /** A valid token for a user, minted by the gateway's own {@link TokenService}. */
    public String token(String userId, Duration ttl) {
        return tokens.mint(userId, ttl);
    }

    /** A valid token for a user with a one-hour lifetime. */
    public String token(String userId) {
        return token(userId, Duration.ofHours(1));
    }

    /**
     * A token for a user that expired an hour ago (well past the verifier's 5 s leeway) and is otherwise
     * exactly like a valid one: same key, algorithm, issuer and audience.
     */
    public String expiredToken(String userId) {
        Instant now = Instant.now();
        return signedToken(userId, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    }

    /**
     * An HS256 token signed here, independently of vertx-auth-jwt, with the mesh's key, issuer and
     * audience. With an expiry in the future it must be accepted, which shows that {@link #expiredToken}
     * differs from a valid token only by its expiry.
     */
    public String signedToken(String userId, Instant issuedAt, Instant expiresAt) {
        JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
        JsonObject claims = new JsonObject()
                .put("sub", userId)
                .put("iss", auth.issuer())
                .put("aud", new JsonArray().add(auth.audience()))
                .put("iat", issuedAt.getEpochSecond())
                .put("exp", expiresAt.getEpochSecond());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SigningKeys.resolve(auth).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    /** Stops the verticles, closes Vert.x and deletes the data dir. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            await(mesh.stop(), 30);
        } catch (Exception e) {
            failure = e;
        }
        try {
            await(vertx.close(), 30);
        } catch (Exception e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        deleteTree(dataDir);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Runs a client call on a Vert.x event-loop context. Issued from a test thread, the Vert.x HTTP
     * client's callbacks can run one task after the response's body was delivered, so the body reads
     * as empty (seen here: 4 of 3,000 requests); issued from a context, never.
     */
    static <T> Future<T> onContext(Vertx vertx, java.util.function.Supplier<Future<T>> call) {
        io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> call.get().onComplete(promise));
        return promise.future();
    }

    static <T> T await(Future<T> future, long seconds) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a leftover temp file does not fail a test
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
