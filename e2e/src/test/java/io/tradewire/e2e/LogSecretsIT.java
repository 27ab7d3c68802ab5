package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import io.tradewire.e2e.WireClient.Conn;
import io.tradewire.e2e.WireClient.SocketIo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * "A grep of everything the tests logged" (issue 9): a mesh runs with every log event captured —
 * Logback's root logger at DEBUG (SLF4J: Tradewire, Vert.x, Netty, Hazelcast) and java.util.logging's
 * root handler — while clients log in with valid and invalid tokens in every dialect and every way a
 * token travels (the exchange {@code auth} message, {@code ?token=} URLs, {@code Authorization} headers,
 * the Socket.IO CONNECT payload over WebSocket and long-polling, plain HTTP requests carrying tokens,
 * frames that fail to decode with a token inside). Then no captured line, argument or exception message
 * may contain a token, a 20-character piece of a token's signature, or the signing key.
 *
 * <p>The console appender is detached while capturing (DEBUG would flood the build output); on failure
 * the offending lines are in the assertion message.
 */
class LogSecretsIT {
    private static final int WINDOW = 20;

    @Test
    @DisplayName("No token, signature piece or signing key appears in any log line or exception captured during logins in every dialect")
    void nothingSecretIsLogged() throws Exception {
        Capture capture = Capture.start();
        Map<String, String> tokens = new LinkedHashMap<>();
        try {
            try (TestMesh mesh = TestMesh.start(); WireClient wire = new WireClient(mesh.port())) {
                drive(mesh, wire, tokens);
            }
            // Positive control: the capture does see DEBUG lines and their arguments.
            String control = forged("log-control", "control-signature-" + "c".repeat(30));
            LoggerFactory.getLogger(LogSecretsIT.class.getName() + ".control").debug("control token {}", control);
            assertThat(capture.text()).as("the capture sees a DEBUG line with its argument").contains(control);
        } finally {
            capture.stop();
        }

        List<String> lines = capture.lines();
        assertThat(lines).as("captured log lines").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> entry : tokens.entrySet()) {
            for (String needle : needles(entry.getValue())) {
                for (String line : lines) {
                    if (line.contains(needle)) {
                        leaks.add(entry.getKey() + " (" + needle + ") in: " + cut(line));
                    }
                }
            }
        }
        for (String needle : windows(TestMesh.SECRET)) {
            for (String line : lines) {
                if (line.contains(needle)) {
                    leaks.add("the signing key (" + needle + ") in: " + cut(line));
                }
            }
        }
        assertThat(leaks).as("secrets in %d captured log lines", lines.size()).isEmpty();
    }

    /** Logins with valid and invalid tokens in every dialect and through every way a token travels. */
    private static void drive(TestMesh mesh, WireClient wire, Map<String, String> tokens) throws Exception {
        Instant now = Instant.now();
        tokens.put("valid exchange token", mesh.token("logs-exchange"));
        tokens.put("valid ib token", mesh.token("logs-ib"));
        tokens.put("valid socketio token", mesh.token("logs-sio"));
        tokens.put("valid topics token", mesh.token("logs-topics"));
        tokens.put("expired token", mesh.expiredToken("logs-exchange"));
        // Valid for one more second: accepted, then it expires on the open socket (closed once past the clock skew).
        tokens.put("token expiring on the socket", mesh.signedToken("logs-exchange", now.minusSeconds(60), now.plusSeconds(1)));
        tokens.put("forged token (wrong key)", forged("logs-exchange", "wrong-key-wrong-key-wrong-key-0123456789"));
        tokens.put("alg none token", unsigned("none", "logs-exchange") + "." + "n".repeat(43));
        tokens.put("garbage with a long signature", "not.a-jwt." + "g".repeat(60));
        String valid = tokens.get("valid exchange token");
        String expired = tokens.get("expired token");
        String forged = tokens.get("forged token (wrong key)");

        // exchange: the auth message, valid and invalid; a claim that does not match; frames with a token that fail to decode.
        List<Conn> open = new ArrayList<>();
        String shortLived = tokens.get("token expiring on the socket");
        List<Conn> expiring = new ArrayList<>();
        for (String token : List.of(valid, expired, forged, tokens.get("alg none token"), tokens.get("garbage with a long signature"),
                shortLived)) {
            Conn exchange = wire.open("exchange", "/ws?user_id=logs-exchange&token=" + token, Map.of("Authorization", "Bearer " + token));
            exchange.send(new JsonObject().put("type", "auth").put("token", token).put("user_id", "logs-exchange"));
            exchange.awaitType("auth_response");
            exchange.send("{\"type\":\"auth\",\"token\":\"" + token + "\",\"n\":1e99999999999}");
            exchange.send("{\"type\":\"auth\",\"token\":\"" + token + "\"");
            exchange.send("{\"type\":\"submit_order\",\"client_order_id\":\"" + token + "\"}");
            exchange.send(new JsonObject().put("type", token));
            exchange.pingPong();
            open.add(exchange);
            if (token.equals(shortLived)) {
                expiring.add(exchange);
            }
        }

        // ib: ?token= and Authorization: Bearer, valid and invalid.
        for (String token : List.of(tokens.get("valid ib token"), expired, forged, tokens.get("garbage with a long signature"), shortLived)) {
            Conn query = wire.open("ib query", "/websocket/ws?client_id=logs&token=" + token);
            query.send(new JsonObject().put("type", "subscribe").put("message_types", new JsonArray().add("order_update")));
            query.await(m -> "subscribed".equals(m.getString("type")) || "AUTH_REQUIRED".equals(m.getString("error_code")));
            query.send("{\"type\":\"" + token + "\"}");
            query.pingPong();
            Conn header = wire.open("ib header", "/websocket/ws?client_id=" + token, Map.of("Authorization", "Bearer " + token));
            header.send(new JsonObject().put("type", "get_orders"));
            header.await(m -> "orders".equals(m.getString("type")) || "AUTH_REQUIRED".equals(m.getString("error_code")));
            open.add(query);
            open.add(header);
            if (token.equals(shortLived)) {
                expiring.addAll(List.of(query, header));
            }
        }

        // topics: no auth, but tokens in the URL, the header and the messages must not be logged either.
        for (String token : List.of(tokens.get("valid topics token"), forged)) {
            Conn topics = wire.open("topics", "/api/v1/ws/logs?token=" + token, Map.of("Authorization", "Bearer " + token));
            topics.awaitType("connection_ack");
            topics.send(new JsonObject().put("type", "auth").put("token", token));
            topics.awaitType("error");
            topics.send(new JsonObject().put("type", "subscribe").put("topic", "stock." + token + ".1m"));
            topics.awaitType("error");
            topics.pingPong();
            open.add(topics);
        }

        // socketio over WebSocket: the CONNECT payload, the Authorization header and ?token=, valid and invalid.
        for (String token : List.of(tokens.get("valid socketio token"), expired, forged, shortLived)) {
            SocketIo payload = wire.openSocketIo("socketio payload", "", Map.of());
            payload.connect(new JsonObject().put("token", token));
            payload.awaitConnectAnswer();
            payload.send("0{\"token\":\"" + token + "\",\"n\":1e99999999999}");
            payload.send("2[\"" + token + "\",{}]");
            SocketIo header = wire.openSocketIo("socketio header", "", Map.of("Authorization", "Bearer " + token));
            header.connect(null);
            header.awaitConnectAnswer();
            SocketIo query = wire.openSocketIo("socketio query", "&token=" + token, Map.of());
            query.connect(null);
            query.awaitConnectAnswer();
            open.addAll(List.of(payload.conn, header.conn, query.conn));
            if (token.equals(shortLived)) {
                expiring.addAll(List.of(payload.conn, header.conn, query.conn));
            }
        }

        // socketio long-polling and plain HTTP requests that carry tokens in the URL, a header or a body.
        HttpClient http = mesh.vertx().createHttpClient();
        try {
            for (String token : List.of(tokens.get("valid socketio token"), forged)) {
                String open0 = body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/socket.io/?EIO=4&transport=polling&token=" + token, token, null);
                String sid = new JsonObject(open0.substring(1)).getString("sid");
                body(mesh.vertx(), http, HttpMethod.POST, mesh.port(), "/socket.io/?EIO=4&transport=polling&sid=" + sid + "&token=" + token, token,
                        "40{\"token\":\"" + token + "\"}\u001e42[\"" + token + "\"]");
                body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/socket.io/?EIO=4&transport=polling&sid=" + sid, token, null);
                body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/socket.io/?EIO=3&transport=polling&token=" + token, token, null);
                body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/socket.io/?EIO=4&transport=polling&sid=unknown-" + token, token, null);
                body(mesh.vertx(), http, HttpMethod.PUT, mesh.port(), "/socket.io/?EIO=4&transport=polling&token=" + token, token, token);
                body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/ws?token=" + token, token, null);
                body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/websocket/ws?token=" + token, token, null);
                body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/health?token=" + token, token, null);
                body(mesh.vertx(), http, HttpMethod.GET, mesh.port(), "/no-such-path/" + token + "?token=" + token, token, null);
            }
        } finally {
            TestMesh.await(http.close(), WireClient.GUARD_SECONDS);
        }
        // Sessions whose token expires are closed by the gateway (issue 9): let that path log too. A wait within
        // the failure guard, not an assertion: whether and how they close is the business of other tests.
        for (Conn conn : expiring) {
            try {
                conn.awaitClose();
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                break;
            }
        }
        for (Conn conn : open) {
            conn.close();
        }
    }

    /** Sends one HTTP request with the token also in the Authorization header; the body of the answer (any status). */
    private static String body(Vertx vertx, HttpClient http, HttpMethod method, int port, String uri, String token, String body) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
                .putHeader("Authorization", "Bearer " + token).putHeader("Cookie", "token=" + token);
        return TestMesh.await(TestMesh.onContext(vertx, () -> http.request(options)
                .compose(request -> body == null ? request.send() : request.putHeader("Content-Type", "text/plain;charset=UTF-8").send(body))
                .compose(response -> response.body())
                .map(Buffer::toString)), WireClient.GUARD_SECONDS);
    }

    /** The whole token, and each 20-character piece of its signature (the part that makes it a credential). */
    private static Set<String> needles(String token) {
        Set<String> needles = new LinkedHashSet<>();
        needles.add(token);
        String[] parts = token.split("\\.");
        if (parts.length >= 3) {
            needles.addAll(windows(parts[parts.length - 1]));
        }
        return needles;
    }

    private static Set<String> windows(String text) {
        Set<String> windows = new LinkedHashSet<>();
        for (int i = 0; i + WINDOW <= text.length(); i++) {
            windows.add(text.substring(i, i + WINDOW));
        }
        return windows;
    }

    private static String unsigned(String alg, String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        return b64.encodeToString(new JsonObject().put("alg", alg).put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(new JsonObject().put("sub", subject).put("iss", "tradewire").put("aud", new JsonArray().add("tradewire"))
                        .put("exp", now + Duration.ofHours(1).toSeconds()).encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String forged(String subject, String key) throws Exception {
        String input = unsigned("HS256", subject);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static String cut(String line) {
        return line.length() > 600 ? line.substring(0, 600) + "…" : line;
    }

    /** Every Logback event (root at DEBUG, console detached) and every java.util.logging record, rendered as text. */
    private static final class Capture {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        private final ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Map<ch.qos.logback.classic.Logger, Level> levels = new LinkedHashMap<>();
        private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
        private AppenderBase<ILoggingEvent> appender;
        private Handler julHandler;

        static Capture start() {
            Capture capture = new Capture();
            capture.attach();
            return capture;
        }

        private void attach() {
            appender = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent event) {
                    lines.add(render(event));
                }
            };
            appender.setContext(context);
            appender.setName("log-secrets-capture");
            appender.start();
            root.iteratorForAppenders().forEachRemaining(detached::add);
            detached.forEach(root::detachAppender);
            root.addAppender(appender);
            for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.tradewire", "io.vertx", "io.netty", "com.hazelcast")) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                levels.put(logger, logger.getLevel());
                logger.setLevel(Level.DEBUG);
            }
            julHandler = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    StringBuilder text = new StringBuilder("JUL ").append(record.getLevel()).append(' ').append(record.getLoggerName())
                            .append(" - ").append(record.getMessage());
                    if (record.getParameters() != null) {
                        for (Object parameter : record.getParameters()) {
                            text.append(" | ").append(parameter);
                        }
                    }
                    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                        text.append(" | ").append(t);
                    }
                    lines.add(text.toString());
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            java.util.logging.Logger.getLogger("").addHandler(julHandler);
        }

        private static String render(ILoggingEvent event) {
            StringBuilder text = new StringBuilder().append(event.getLevel()).append(' ').append(event.getThreadName()).append(' ')
                    .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage());
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    text.append(" | arg: ").append(argument);
                }
            }
            if (event.getMDCPropertyMap() != null && !event.getMDCPropertyMap().isEmpty()) {
                text.append(" | mdc: ").append(event.getMDCPropertyMap());
            }
            if (event.getKeyValuePairs() != null) {
                event.getKeyValuePairs().forEach(pair -> text.append(" | kv: ").append(pair.key).append('=').append(pair.value));
            }
            appendThrowable(text, event.getThrowableProxy(), 0);
            return text.toString();
        }

        private static void appendThrowable(StringBuilder text, IThrowableProxy proxy, int depth) {
            if (proxy == null || depth > 16) {
                return;
            }
            text.append(" | thrown: ").append(proxy.getClassName()).append(": ").append(proxy.getMessage());
            if (proxy.getSuppressed() != null) {
                for (IThrowableProxy suppressed : proxy.getSuppressed()) {
                    appendThrowable(text, suppressed, depth + 1);
                }
            }
            appendThrowable(text, proxy.getCause(), depth + 1);
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        String text() {
            return String.join("\n", lines());
        }

        void stop() {
            java.util.logging.Logger.getLogger("").removeHandler(julHandler);
            levels.forEach(ch.qos.logback.classic.Logger::setLevel);
            root.detachAppender(appender);
            appender.stop();
            detached.forEach(root::addAppender);
        }
    }
}
