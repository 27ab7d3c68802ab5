package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.e2e.WireClient.Conn;
import io.tradewire.e2e.WireClient.SocketIo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JWT attack suite of issue 9, against every way a token reaches the gateway: the exchange
 * {@code auth} message, the ib {@code ?token=} and {@code Authorization: Bearer} on connect, the
 * Socket.IO CONNECT payload, {@code Authorization} header and {@code ?token=} URL parameter. Every
 * attack token is made here by hand (JSON header and claims, base64url, HMAC / RSA); none may be
 * accepted anywhere, each refusal has the dialect's documented shape, never repeats the token, and leaves
 * the connection without a principal. A valid token through the same paths is the control: it is
 * accepted, so the harness does see an acceptance. The {@code topics} dialect has no authentication at
 * all; its test shows that no private stream is reachable through it, even with a valid token at hand.
 */
class JwtAttackIT {
    private static final String VICTIM = "jwt-victim";
    private static final String ATTACKER = "jwt-attacker";
    private static final String JWKS_KID = "tw-e2e-rsa";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static TestMesh mesh;
    private static WireClient wire;
    private static KeyPair rsa;

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start();
        wire = new WireClient(mesh.port());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wire != null) {
            wire.close();
        }
        if (mesh != null) {
            mesh.close();
        }
    }

    /** A forged or unacceptable token. */
    record Attack(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every attack, each aimed at {@link #VICTIM}. */
    static List<Attack> attacks() throws Exception {
        long now = Instant.now().getEpochSecond();
        String secret = TestMesh.SECRET;
        String pem = publicKeyPem((RSAPublicKey) rsa.getPublic());
        String jwk = publicJwk((RSAPublicKey) rsa.getPublic()).encode();
        String valid = hmac(hs256(), claims(VICTIM, now), secret);
        String[] parts = valid.split("\\.");
        String attackersOwn = mesh.token(ATTACKER);
        String[] own = attackersOwn.split("\\.");
        List<Attack> attacks = new ArrayList<>();
        attacks.add(new Attack("alg none, empty signature", unsigned(header("none"), claims(VICTIM, now)) + "."));
        attacks.add(new Attack("alg none, no signature part", unsigned(header("none"), claims(VICTIM, now))));
        attacks.add(new Attack("alg None with a valid token's signature", unsigned(header("None"), claims(VICTIM, now)) + "." + parts[2]));
        attacks.add(new Attack("alg NONE, empty signature", unsigned(header("NONE"), claims(VICTIM, now)) + "."));
        attacks.add(new Attack("HS256 signed with an RSA public key (PEM) as the HMAC secret", hmac(hs256(), claims(VICTIM, now), pem)));
        attacks.add(new Attack("RS256 header, HMAC-signed with the RSA public key PEM (alg confusion)",
                hmac(header("RS256"), claims(VICTIM, now), pem)));
        attacks.add(new Attack("HS256 signed with the RSA public JWK text as the HMAC secret", hmac(hs256(), claims(VICTIM, now), jwk)));
        attacks.add(new Attack("RS256 with the attacker's key embedded in the header (jwk)",
                rs256(header("RS256").put("jwk", publicJwk((RSAPublicKey) rsa.getPublic())), claims(VICTIM, now))));
        attacks.add(new Attack("unknown kid, signed with the real key", hmac(hs256().put("kid", "no-such-key-2024"), claims(VICTIM, now), secret)));
        attacks.add(new Attack("kid path traversal, signed with the real key",
                hmac(hs256().put("kid", "../../../../../../dev/null"), claims(VICTIM, now), secret)));
        attacks.add(new Attack("expired an hour ago", hmac(hs256(), claims(VICTIM, now).put("iat", now - 7200).put("exp", now - 3600), secret)));
        attacks.add(new Attack("nbf an hour in the future", hmac(hs256(), claims(VICTIM, now).put("nbf", now + 3600), secret)));
        attacks.add(new Attack("wrong iss", hmac(hs256(), claims(VICTIM, now).put("iss", "evil-issuer"), secret)));
        attacks.add(new Attack("wrong aud", hmac(hs256(), claims(VICTIM, now).put("aud", new JsonArray().add("another-service")), secret)));
        attacks.add(new Attack("missing iss", hmac(hs256(), without(claims(VICTIM, now), "iss"), secret)));
        attacks.add(new Attack("missing aud", hmac(hs256(), without(claims(VICTIM, now), "aud"), secret)));
        attacks.add(new Attack("missing exp", hmac(hs256(), without(claims(VICTIM, now), "exp"), secret)));
        attacks.add(new Attack("exp as a string", hmac(hs256(), claims(VICTIM, now).put("exp", Long.toString(now + 3600)), secret)));
        attacks.add(new Attack("stripped signature (trailing dot)", parts[0] + "." + parts[1] + "."));
        attacks.add(new Attack("stripped signature (two parts)", parts[0] + "." + parts[1]));
        attacks.add(new Attack("the attacker's own token with sub changed to the victim",
                own[0] + "." + B64.encodeToString(new JsonObject(new String(Base64.getUrlDecoder().decode(own[1]), StandardCharsets.UTF_8))
                        .put("sub", VICTIM).encode().getBytes(StandardCharsets.UTF_8)) + "." + own[2]));
        attacks.add(new Attack("the victim's claims with the attacker's signature", parts[0] + "." + parts[1] + "." + own[2]));
        attacks.add(new Attack("a subject that is not a user id (stream key injection)",
                hmac(hs256(), claims(VICTIM + ".orders", now), secret)));
        return attacks;
    }

    // ------------------------------------------------------------------ the routes a token takes

    /** One way a token reaches the gateway, and whether the gateway let the connection in with it. */
    interface Route {
        /** Presents the token on a fresh connection: true when it was accepted, false when refused in the documented way. */
        boolean present(String token) throws Exception;
    }

    static Map<String, Route> paths(WireClient wire) {
        return Map.of(
                "exchange auth message", token -> exchangeAuth(wire, token),
                "ib ?token=", token -> ib(wire, token, false),
                "ib Authorization: Bearer", token -> ib(wire, token, true),
                "socketio CONNECT auth payload", token -> socketIo(wire, token, "payload"),
                "socketio Authorization: Bearer", token -> socketIo(wire, token, "header"),
                "socketio ?token=", token -> socketIo(wire, token, "query"));
    }

    @TestFactory
    @DisplayName("No attack token is accepted through any path of any dialect")
    Stream<DynamicTest> noAttackIsAccepted() throws Exception {
        List<Attack> attacks = attacks();
        return paths(wire).entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(path -> attacks.stream().map(attack ->
                DynamicTest.dynamicTest(path.getKey() + ": " + attack.name(), () ->
                        assertThat(path.getValue().present(attack.token()))
                                .as("%s accepted through %s: %s", attack.name(), path.getKey(), attack.token())
                                .isFalse())));
    }

    @TestFactory
    @DisplayName("Control: a valid token is accepted through every path (the harness sees an acceptance)")
    Stream<DynamicTest> validTokenIsAccepted() {
        return paths(wire).entrySet().stream().sorted(Map.Entry.comparingByKey()).map(path ->
                DynamicTest.dynamicTest(path.getKey(), () -> {
                    assertThat(path.getValue().present(mesh.token(VICTIM))).as("valid token through %s", path.getKey()).isTrue();
                    // Also one signed here, like the attacks: only what each attack changes makes it fail.
                    Instant now = Instant.now();
                    assertThat(path.getValue().present(mesh.signedToken(VICTIM, now, now.plus(Duration.ofHours(1)))))
                            .as("hand-signed valid token through %s", path.getKey()).isTrue();
                }));
    }

    /**
     * The same paths against a mesh that also trusts an RSA key from a JWKS file ({@code auth.jwt.jwks-file},
     * RS256 with {@code kid} {@value #JWKS_KID}): the server now knows the public key, so HS/RS confusion is
     * a real attack. The control — an RS256 token signed with that key's private half — is accepted.
     */
    @TestFactory
    @DisplayName("With an RSA key in a JWKS: no HS/RS confusion, no foreign or unknown key, through any path")
    Stream<DynamicTest> jwksMeshRefusesConfusion() throws Exception {
        Path dir = Files.createTempDirectory("tradewire-jwks-");
        JsonObject serverJwk = publicJwk((RSAPublicKey) rsa.getPublic()).put("kid", JWKS_KID);
        String jwksText = new JsonObject().put("keys", new JsonArray().add(serverJwk)).encodePrettily();
        Path jwksFile = dir.resolve("jwks.json");
        Files.writeString(jwksFile, jwksText);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair foreign = generator.generateKeyPair();
        String pem = publicKeyPem((RSAPublicKey) rsa.getPublic());
        long now = Instant.now().getEpochSecond();

        List<Attack> attacks = List.of(
                new Attack("HS256 with the server's kid, HMAC keyed by its RSA public key PEM",
                        hmac(hs256().put("kid", JWKS_KID), claims(VICTIM, now), pem)),
                new Attack("HS256 without kid, HMAC keyed by the RSA public key PEM", hmac(hs256(), claims(VICTIM, now), pem)),
                new Attack("HS256 with the server's kid, HMAC keyed by the JWK text", hmac(hs256().put("kid", JWKS_KID), claims(VICTIM, now),
                        serverJwk.encode())),
                new Attack("HS256 with the server's kid, HMAC keyed by the JWKS file text",
                        hmac(hs256().put("kid", JWKS_KID), claims(VICTIM, now), jwksText)),
                new Attack("RS256 header with the server's kid, HMAC keyed by the PEM",
                        hmac(header("RS256").put("kid", JWKS_KID), claims(VICTIM, now), pem)),
                new Attack("RS256 with the server's kid, signed by a foreign RSA key",
                        rs256(foreign, header("RS256").put("kid", JWKS_KID), claims(VICTIM, now))),
                new Attack("RS256 with a foreign key embedded in the header (jwk), no kid",
                        rs256(foreign, header("RS256").put("jwk", publicJwk((RSAPublicKey) foreign.getPublic())), claims(VICTIM, now))),
                new Attack("RS256 signed by the server's key but naming an unknown kid",
                        rs256(rsa, header("RS256").put("kid", "no-such-key"), claims(VICTIM, now))),
                new Attack("ES256 header over an RS256 signature by the server's key",
                        rs256(rsa, header("ES256").put("kid", JWKS_KID), claims(VICTIM, now))),
                new Attack("alg none with the server's kid", unsigned(header("none").put("kid", JWKS_KID), claims(VICTIM, now)) + "."),
                new Attack("RS256 by the server's key, expired an hour ago",
                        rs256(rsa, header("RS256").put("kid", JWKS_KID), claims(VICTIM, now).put("iat", now - 7200).put("exp", now - 3600))),
                new Attack("RS256 by the server's key, nbf in the future",
                        rs256(rsa, header("RS256").put("kid", JWKS_KID), claims(VICTIM, now).put("nbf", now + 3600))),
                new Attack("RS256 by the server's key, wrong aud",
                        rs256(rsa, header("RS256").put("kid", JWKS_KID), claims(VICTIM, now).put("aud", new JsonArray().add("x")))),
                new Attack("RS256 by the server's key, missing exp",
                        rs256(rsa, header("RS256").put("kid", JWKS_KID), without(claims(VICTIM, now), "exp"))),
                new Attack("RS256 by the server's key, stripped signature",
                        rs256(rsa, header("RS256").put("kid", JWKS_KID), claims(VICTIM, now)).replaceAll("\\.[^.]*$", ".")));
        String control = rs256(rsa, header("RS256").put("kid", JWKS_KID), claims(VICTIM, now));

        TestMesh jwksMesh = TestMesh.start(Map.of("auth.jwt.jwks-file", jwksFile.toString()));
        WireClient jwksWire = new WireClient(jwksMesh.port());
        Map<String, Route> paths = paths(jwksWire);
        Stream<DynamicTest> controls = paths.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(path ->
                DynamicTest.dynamicTest("control, " + path.getKey() + ": RS256 signed by the JWKS key is accepted", () ->
                        assertThat(path.getValue().present(control)).as("RS256 control through %s", path.getKey()).isTrue()));
        Stream<DynamicTest> refusals = paths.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(path -> attacks.stream().map(attack ->
                DynamicTest.dynamicTest(path.getKey() + ": " + attack.name(), () ->
                        assertThat(path.getValue().present(attack.token()))
                                .as("%s accepted through %s: %s", attack.name(), path.getKey(), attack.token())
                                .isFalse())));
        return Stream.concat(controls, refusals).onClose(() -> {
            try {
                jwksWire.close();
                jwksMesh.close();
                Files.deleteIfExists(jwksFile);
                Files.deleteIfExists(dir);
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the JWKS mesh", e);
            }
        });
    }

    /** exchange: {@code auth} → {@code auth_response}; a refused session stays anonymous (401 on a private request). */
    private static boolean exchangeAuth(WireClient wire, String token) throws Exception {
        Conn conn = wire.open("exchange", "/ws?user_id=" + VICTIM);
        try {
            conn.send(new JsonObject().put("type", "auth").put("token", token));
            JsonObject reply = conn.awaitType("auth_response");
            if (Boolean.TRUE.equals(reply.getBoolean("success"))) {
                assertThat(reply.getString("user_id")).isEqualTo(VICTIM);
                return true;
            }
            assertThat(reply.getString("message")).as("refusal %s", reply).isEqualTo("Invalid credentials");
            assertThat(reply.getString("user_id")).as("refusal %s", reply).isEmpty();
            conn.send(new JsonObject().put("type", "query_account"));
            JsonObject stillAnonymous = conn.await(m -> "error".equals(m.getString("type")) || "query_response".equals(m.getString("type")));
            assertThat(stillAnonymous.getInteger("code")).as("query_account after a refused auth: %s", stillAnonymous).isEqualTo(401);
            assertNoEcho(conn, token);
            return false;
        } finally {
            conn.close();
        }
    }

    /** ib: the token on connect; refused → one AUTH_FAILED, then private types and get_orders are AUTH_REQUIRED. */
    private static boolean ib(WireClient wire, String token, boolean header) throws Exception {
        Conn conn = header
                ? wire.open("ib", "/websocket/ws?client_id=jwt-suite&lang=en", Map.of("Authorization", "Bearer " + token))
                : wire.open("ib", "/websocket/ws?client_id=jwt-suite&lang=en&token=" + token);
        try {
            conn.send(new JsonObject().put("type", "subscribe").put("message_types",
                    new JsonArray().add("order_update").add("order_notification").add("mcp_order").add("account_update")));
            JsonObject first = conn.await(m -> "subscribed".equals(m.getString("type")) || "error".equals(m.getString("type")));
            if ("subscribed".equals(first.getString("type"))) {
                assertThat(first.getString("user_id")).isEqualTo(VICTIM);
                return true;
            }
            assertThat(first.getString("error_code")).as("first answer %s", first).isEqualTo("AUTH_FAILED");
            JsonObject subscribe = conn.awaitType("error");
            assertThat(subscribe.getString("error_code")).as("private subscribe after AUTH_FAILED: %s", subscribe).isEqualTo("AUTH_REQUIRED");
            conn.send(new JsonObject().put("type", "get_orders"));
            JsonObject orders = conn.await(m -> "error".equals(m.getString("type")) || "orders".equals(m.getString("type")));
            assertThat(orders.getString("error_code")).as("get_orders after AUTH_FAILED: %s", orders).isEqualTo("AUTH_REQUIRED");
            assertNoEcho(conn, token);
            return false;
        } finally {
            conn.close();
        }
    }

    /** socketio: CONNECT with the token; refused → {@code 44{...}} CONNECT_ERROR, then events are refused with 401. */
    private static boolean socketIo(WireClient wire, String token, String how) throws Exception {
        SocketIo sio = switch (how) {
            case "header" -> wire.openSocketIo("socketio", "", Map.of("Authorization", "Bearer " + token));
            case "query" -> wire.openSocketIo("socketio", "&token=" + token, Map.of());
            default -> wire.openSocketIo("socketio", "", Map.of());
        };
        try {
            sio.connect("payload".equals(how) ? new JsonObject().put("token", token) : null);
            String answer = sio.awaitConnectAnswer();
            if (answer.startsWith("0")) {
                assertThat(sio.awaitEvent("connected").getString("user_id")).isEqualTo(VICTIM);
                return true;
            }
            JsonObject error = new JsonObject(answer.substring(1));
            assertThat(error.getString("message")).as("CONNECT_ERROR %s", answer).isEqualTo("Invalid credentials");
            assertThat(error.getJsonObject("data").getInteger("code")).as("CONNECT_ERROR %s", answer).isEqualTo(401);
            sio.emit("subscribe_trading", new JsonObject().put("types", new JsonArray().add("balance").add("orders")));
            JsonObject refused = sio.awaitEvent("error");
            assertThat(refused.getInteger("code")).as("subscribe_trading after a refused CONNECT: %s", refused).isEqualTo(401);
            assertNoEcho(sio.conn, token);
            return false;
        } finally {
            sio.conn.close();
        }
    }

    @Test
    @DisplayName("topics: no private stream is reachable, not even with the victim's valid token in the URL and the header")
    void topicsReachesNoPrivateStream() throws Exception {
        String token = mesh.token(VICTIM);
        Conn topics = wire.open("topics", "/api/v1/ws/" + VICTIM + "?lang=en&token=" + token + "&user_id=" + VICTIM,
                Map.of("Authorization", "Bearer " + token));
        topics.awaitType("connection_ack");
        topics.send(new JsonObject().put("type", "auth").put("token", token).put("user_id", VICTIM));
        assertThat(topics.awaitType("error").getString("error_code")).isEqualTo("invalid_message");
        List<String> privateTopics = List.of(
                "user." + VICTIM + ".orders", "user." + VICTIM + ".account", "user." + VICTIM + ".trades",
                "user." + VICTIM + ".positions", "user." + VICTIM + ".orders.1m", "stock." + VICTIM + ".1m",
                "market." + VICTIM + ".summary", "user.*.orders", "user." + VICTIM + ".summary");
        for (String topic : privateTopics) {
            topics.send(new JsonObject().put("type", "subscribe").put("topic", topic));
            JsonObject answer = topics.await(m -> "error".equals(m.getString("type")) || "subscribe_ack".equals(m.getString("type")));
            assertThat(answer.getString("type")).as("subscribe %s → %s", topic, answer).isEqualTo("error");
            assertThat(answer.getString("error_code")).as("subscribe %s → %s", topic, answer).isIn("invalid_topic", "subscription_failed");
        }

        // The victim trades; the topics session (no public topic subscribed) sees nothing of it.
        Conn victim = wire.open("victim", "/ws?user_id=" + VICTIM);
        victim.send(new JsonObject().put("type", "auth").put("token", token));
        assertThat(victim.awaitType("auth_response").getBoolean("success")).isTrue();
        victim.send(new JsonObject().put("type", "submit_order").put("instrument_id", "AAPL").put("direction", "BUY")
                .put("volume", 7).put("price", "101.53").put("client_order_id", "topics-canary-7"));
        String orderId = victim.awaitType("order_response").getString("order_id");
        assertThat(orderId).matches("O\\d{20}");
        victim.awaitType("order_status"); // the order's own push has gone out
        topics.pingPong(); // a barrier: everything sent to the topics session before the pong has arrived
        assertThat(String.join("\n", topics.everything()))
                .doesNotContain(orderId, "topics-canary-7", "101.53", "order_status", "\"balance\"");
        assertNoEcho(topics, token);
        victim.close();
        topics.close();
    }

    /** No frame the client received repeats the token or a 20-character piece of its signature. */
    static void assertNoEcho(Conn conn, String token) {
        String all = String.join("\n", conn.everything());
        assertThat(all).as("[%s] frames repeat the token", conn.name).doesNotContain(token);
        String[] parts = token.split("\\.");
        if (parts.length == 3 && parts[2].length() >= 20) {
            for (int i = 0; i + 20 <= parts[2].length(); i++) {
                assertThat(all).as("[%s] frames repeat part of the token's signature", conn.name).doesNotContain(parts[2].substring(i, i + 20));
            }
        }
    }

    // ------------------------------------------------------------------ building tokens by hand

    private static JsonObject header(String alg) {
        return new JsonObject().put("alg", alg).put("typ", "JWT");
    }

    private static JsonObject hs256() {
        return header("HS256");
    }

    private static JsonObject claims(String subject, long now) {
        return new JsonObject().put("sub", subject).put("iss", "tradewire").put("aud", new JsonArray().add("tradewire"))
                .put("iat", now).put("exp", now + 3600);
    }

    private static JsonObject without(JsonObject json, String key) {
        json.remove(key);
        return json;
    }

    private static String unsigned(JsonObject header, JsonObject claims) {
        return B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(JsonObject header, JsonObject claims, String key) throws Exception {
        String input = unsigned(header, claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static String rs256(JsonObject header, JsonObject claims) throws Exception {
        return rs256(rsa, header, claims);
    }

    private static String rs256(KeyPair key, JsonObject header, JsonObject claims) throws Exception {
        String input = unsigned(header, claims);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encodeToString(signature.sign());
    }

    private static String publicKeyPem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static JsonObject publicJwk(RSAPublicKey key) {
        return new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256")
                .put("n", B64.encodeToString(unsigned(key.getModulus())))
                .put("e", B64.encodeToString(unsigned(key.getPublicExponent())));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
