package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.e2e.WireClient.Conn;
import io.tradewire.e2e.WireClient.SocketIo;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile input of issue 9 against every dialect: oversized frames and messages, deep JSON, huge
 * numbers, invalid UTF-8, binary frames, floods. The offender gets the dialect's documented error or
 * close code; a bystander session of the same dialect, open all along, still answers a ping after every
 * case (within the failure guard: no timing assertion).
 */
class HostileInputIT {
    private static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);
    private static final String TEN_THOUSAND_DIGITS = "9".repeat(10_000);

    private static TestMesh mesh;
    private static WireClient wire;

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start();
        wire = new WireClient(mesh.port());
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

    /** How to talk to one dialect: open a usable session, ping it, recognise its error replies, frame its requests. */
    interface Dialect {
        String name();

        Conn open(String name) throws Exception;

        /** A liveness round trip on the session (application ping, or Engine.IO PING for socketio). */
        void ping(Conn conn) throws Exception;

        /** Whether a received frame is the dialect's answer to a bad request. */
        boolean isError(String frame);

        /** A well-formed request of the dialect with {@code value} as a field value that must be a string, list or number. */
        String requestWith(String value);

        /** The raw text of a liveness request, and whether a frame answers one. */
        String pingFrame();

        boolean isPong(String frame);
    }

    static final class Json implements Dialect {
        private final String name;
        private final String path;
        private final boolean authenticate;
        private final Predicate<JsonObject> error;
        private final String template;

        Json(String name, String path, boolean authenticate, Predicate<JsonObject> error, String template) {
            this.name = name;
            this.path = path;
            this.authenticate = authenticate;
            this.error = error;
            this.template = template;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Conn open(String session) throws Exception {
            Conn conn = wire.open(name + " " + session, path);
            if (authenticate) {
                conn.send(new JsonObject().put("type", "auth").put("token", mesh.token("hostile-" + session.replaceAll("[^A-Za-z0-9]", ""))));
                assertThat(conn.awaitType("auth_response").getBoolean("success")).isTrue();
            }
            return conn;
        }

        @Override
        public void ping(Conn conn) throws Exception {
            conn.pingPong();
        }

        @Override
        public boolean isError(String frame) {
            try {
                return error.test(new JsonObject(frame));
            } catch (RuntimeException notJson) {
                return false;
            }
        }

        @Override
        public String requestWith(String value) {
            return template.replace("VALUE", value);
        }

        @Override
        public String pingFrame() {
            return "{\"type\":\"ping\"}";
        }

        @Override
        public boolean isPong(String frame) {
            return frame.startsWith("{\"type\":\"pong\"");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class SocketIoDialect implements Dialect {
        @Override
        public String name() {
            return "socketio";
        }

        @Override
        public Conn open(String session) throws Exception {
            SocketIo sio = wire.openSocketIo("socketio " + session, "", Map.of());
            sio.connect(new JsonObject().put("token", mesh.token("hostile-sio")));
            assertThat(sio.awaitConnectAnswer()).startsWith("0");
            return sio.conn;
        }

        @Override
        public void ping(Conn conn) throws Exception {
            conn.send("2"); // Engine.IO PING from the client: answered with PONG
            conn.awaitText("3"::equals);
        }

        @Override
        public boolean isError(String frame) {
            return frame.startsWith("42[\"error\"") || frame.startsWith("44");
        }

        @Override
        public String requestWith(String value) {
            return "42[\"subscribe_trading\",{\"types\":VALUE}]".replace("VALUE", value);
        }

        @Override
        public String pingFrame() {
            return "2";
        }

        @Override
        public boolean isPong(String frame) {
            return frame.startsWith("3");
        }

        @Override
        public String toString() {
            return name();
        }
    }

    static List<Dialect> dialects() {
        return List.of(
                new Json("exchange", "/ws", true,
                        m -> "error".equals(m.getString("type")) || Boolean.FALSE.equals(m.getValue("success")),
                        "{\"type\":\"submit_order\",\"instrument_id\":\"AAPL\",\"direction\":\"BUY\",\"price\":100,\"volume\":VALUE}"),
                new Json("ib", "/websocket/ws?client_id=hostile&lang=en", false,
                        m -> "error".equals(m.getString("type")) && m.getString("error_code") != null,
                        "{\"type\":\"subscribe\",\"message_types\":[\"market_data\"],\"symbols\":VALUE}"),
                new Json("topics", "/api/v1/ws/hostile?lang=en", false,
                        m -> "error".equals(m.getString("type")) && m.getString("error_code") != null,
                        "{\"type\":\"subscribe\",\"topic\":VALUE}"),
                new SocketIoDialect());
    }

    /** One hostile case: what the offender sends, and what it must get (an error reply, or a close with the code). */
    record Case(String name, Sender send, Integer closeCode) {
    }

    interface Sender {
        void send(Conn offender, Dialect dialect) throws Exception;
    }

    static List<Case> cases() {
        return List.of(
                new Case("a single frame over gateway.max-frame-bytes → close 1009",
                        (conn, d) -> conn.sendSingleFrame(d.requestWith("\"" + "x".repeat(mesh.maxFrameBytes()) + "\"")), 1009),
                new Case("JSON nested 10,000 deep → error", (conn, d) -> conn.send(d.requestWith(DEEP)), null),
                new Case("the number 1e999999999 → error", (conn, d) -> conn.send(d.requestWith("1e999999999")), null),
                new Case("the number -1e-999999999 → error", (conn, d) -> conn.send(d.requestWith("-1e-999999999")), null),
                new Case("an exponent beyond the int range (1e99999999999) → error",
                        (conn, d) -> conn.send(d.requestWith("1e99999999999")), null),
                new Case("a 10,000-digit number → error", (conn, d) -> conn.send(d.requestWith(TEN_THOUSAND_DIGITS)), null),
                new Case("a 10,000-digit fraction → error", (conn, d) -> conn.send(d.requestWith("0." + TEN_THOUSAND_DIGITS)), null),
                new Case("a 20,000-character string → error",
                        (conn, d) -> conn.send(d.requestWith("\"" + "s".repeat(20_000) + "\"")), null),
                new Case("a binary frame → error", (conn, d) -> TestMesh.await(socketOf(conn).writeBinaryMessage(
                        Buffer.buffer(d.requestWith("1").getBytes(StandardCharsets.UTF_8))), WireClient.GUARD_SECONDS), null));
    }

    @TestFactory
    @DisplayName("Each hostile frame gets its documented answer, and a bystander session of the dialect still answers")
    Stream<DynamicTest> hostileFrames() {
        return dialects().stream().flatMap(dialect -> cases().stream().map(hostile ->
                DynamicTest.dynamicTest(dialect.name() + ": " + hostile.name(), () -> {
                    Conn bystander = dialect.open("bystander");
                    dialect.ping(bystander);
                    Conn offender = dialect.open("offender");
                    hostile.send().send(offender, dialect);
                    if (hostile.closeCode() != null) {
                        assertThat(offender.awaitClose()).as("close code for %s", hostile.name()).isEqualTo(hostile.closeCode());
                    } else {
                        String answer = offender.awaitText(dialect::isError);
                        assertThat(answer.length()).as("the error answer is small: %s", answer).isLessThan(2_000);
                        dialect.ping(offender); // an error never closes the connection
                    }
                    dialect.ping(bystander);
                    bystander.close();
                    offender.close();
                })));
    }

    /**
     * A message over {@code gateway.max-message-bytes} made of frames that are each under
     * {@code max-frame-bytes}: a ping padded with spaces. The socket is closed with 1009 (Vert.x reports
     * it as an {@code IllegalStateException} "Cannot process text frame of size …, it would cause message
     * buffer … to overflow max message size of …"; {@code Sessions.failed} closes on it), and the
     * oversized message, or a part of it, is never taken as a request.
     */
    @TestFactory
    @DisplayName("A message over max-message-bytes in small frames closes the socket with 1009 unprocessed; others unaffected")
    Stream<DynamicTest> oversizedFragmentedMessage() {
        return dialects().stream().map(dialect -> DynamicTest.dynamicTest(dialect.name(), () -> {
            Conn bystander = dialect.open("bystander");
            Conn offender = dialect.open("offender");
            int chunk = 16 * 1024;
            try {
                offender.sendFragmented(dialect.pingFrame(), " ".repeat(chunk), mesh.maxFrameBytes() / chunk + 1);
            } catch (java.util.concurrent.ExecutionException e) {
                // "WebSocket is closed": the gateway closed the socket before the last fragments were written
                assertThat(e.getCause()).hasMessageContaining("closed");
            }
            offender.trySend(dialect.pingFrame());
            String outcome = awaitPongOrClose(offender, dialect);
            assertThat(outcome).isEqualTo("close 1009");
            assertThat(offender.everything()).as("the oversized ping was not processed").noneMatch(dialect::isPong);
            dialect.ping(bystander);
            bystander.close();
            offender.close();
        }));
    }

    @TestFactory
    @DisplayName("Invalid UTF-8 in a text frame: closed with 1007 or refused, never taken as a request; others unaffected")
    Stream<DynamicTest> invalidUtf8() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, (byte) 0xfd};
        // 0xc3 0x28 is an invalid two-byte sequence: decoded leniently it must still not become a valid request.
        byte[] brokenTail = concat(new byte[] {(byte) 0xc3, (byte) 0x28}, "ng\"}".getBytes(StandardCharsets.UTF_8));
        return dialects().stream().map(dialect -> DynamicTest.dynamicTest(dialect.name(), () -> {
            boolean socketIo = dialect instanceof SocketIoDialect;
            Map<String, byte[]> messages = new java.util.LinkedHashMap<>();
            messages.put(socketIo ? "42" : "[", garbage);
            messages.put(socketIo ? "42[\"subscribe_tradi" : "{\"type\":\"pi", socketIo
                    ? concat(new byte[] {(byte) 0xc3, (byte) 0x28}, "ng\",{}]".getBytes(StandardCharsets.UTF_8)) : brokenTail);
            Conn bystander = dialect.open("bystander");
            for (Map.Entry<String, byte[]> message : messages.entrySet()) {
                Conn offender = dialect.open("offender");
                offender.sendTextBytes(message.getKey(), message.getValue());
                String outcome = awaitErrorOrClose(offender, dialect);
                assertThat(outcome).as("invalid UTF-8 %s + %s", message.getKey(), hex(message.getValue())).matches("close 1007|error .*");
                assertThat(offender.everything()).as("invalid UTF-8 taken as a ping").noneMatch(dialect::isPong);
                dialect.ping(bystander);
                offender.close();
            }
            bystander.close();
        }));
    }

    @TestFactory
    @DisplayName("A flood of messages: the offender is answered or closed; a bystander still answers a ping")
    Stream<DynamicTest> flood() {
        return dialects().stream().map(dialect -> DynamicTest.dynamicTest(dialect.name(), () -> {
            Conn bystander = dialect.open("bystander");
            dialect.ping(bystander);
            Conn offender = dialect.open("offender");
            String garbage = dialect instanceof SocketIoDialect ? "42[\"no_such_event\",{}]" : "{\"type\":\"no_such_type\"}";
            String ping = dialect instanceof SocketIoDialect ? "2" : "{\"type\":\"ping\"}";
            int sent = 0;
            for (int i = 0; i < 5_000 && offender.trySend(i % 2 == 0 ? garbage : ping); i++) {
                sent++;
            }
            assertThat(sent).as("messages written before the offender was cut off").isPositive();
            dialect.ping(bystander);
            // The offender got errors (for its garbage, or a rate-limit error) or was closed (a rate-limit close).
            assertThat(awaitErrorOrClose(offender, dialect)).as("the flooding offender's outcome").matches("close .*|error .*");
            offender.close();
            bystander.close();
        }));
    }

    @Test
    @DisplayName("socketio long-polling: a POST over max-http-buffer-size gets HTTP 413 and the session ends; others unaffected")
    void oversizedPollingPost() throws Exception {
        Dialect socketIo = new SocketIoDialect();
        Conn bystander = socketIo.open("bystander");
        HttpClient http = mesh.vertx().createHttpClient();
        try {
            String open = TestMesh.await(TestMesh.onContext(mesh.vertx(), () -> http.request(HttpMethod.GET, mesh.port(), "127.0.0.1",
                    "/socket.io/?EIO=4&transport=polling").compose(request -> request.send()).compose(response -> response.body())),
                    WireClient.GUARD_SECONDS).toString();
            assertThat(open).startsWith("0");
            String sid = new JsonObject(open.substring(1)).getString("sid");
            int limit = new JsonObject(open.substring(1)).getInteger("maxPayload");
            String body = "4" + new JsonArray().add("x").add("y".repeat(limit)).encode();
            int status = TestMesh.await(http.request(HttpMethod.POST, mesh.port(), "127.0.0.1", "/socket.io/?EIO=4&transport=polling&sid=" + sid)
                    .compose(request -> request.putHeader("Content-Type", "text/plain;charset=UTF-8").send(body))
                    .map(response -> response.statusCode()), WireClient.GUARD_SECONDS);
            assertThat(status).isEqualTo(413);
            int after = TestMesh.await(http.request(HttpMethod.GET, mesh.port(), "127.0.0.1", "/socket.io/?EIO=4&transport=polling&sid=" + sid)
                    .compose(request -> request.send()).map(response -> response.statusCode()), WireClient.GUARD_SECONDS);
            assertThat(after).as("the session is gone: its sid is unknown").isEqualTo(400);
            socketIo.ping(bystander);
        } finally {
            TestMesh.await(http.close(), WireClient.GUARD_SECONDS);
            bystander.close();
        }
    }

    /** "close CODE" when the server closed the socket, else "error FRAME" for the first error answer. */
    private static String awaitErrorOrClose(Conn conn, Dialect dialect) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(WireClient.GUARD_SECONDS);
        while (System.nanoTime() < deadline) {
            if (conn.isClosed()) {
                return "close " + conn.awaitClose();
            }
            for (String frame : conn.everything()) {
                if (dialect.isError(frame)) {
                    return "error " + frame;
                }
            }
            Thread.sleep(20); // polling two sources (frames, close) within the failure guard
        }
        return "nothing within the guard; received " + conn.everything();
    }

    /** "close CODE" when the server closed the socket, else "pong" for the first answer to a ping. */
    private static String awaitPongOrClose(Conn conn, Dialect dialect) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(WireClient.GUARD_SECONDS);
        while (System.nanoTime() < deadline) {
            if (conn.isClosed()) {
                return "close " + conn.awaitClose();
            }
            if (conn.everything().stream().anyMatch(dialect::isPong)) {
                return "pong";
            }
            Thread.sleep(20); // polling two sources (frames, close) within the failure guard
        }
        return "nothing within the guard; received " + conn.everything().size() + " frames";
    }

    private static io.vertx.core.http.WebSocket socketOf(Conn conn) {
        return conn.socket();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
