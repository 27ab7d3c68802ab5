package io.tradewire.gateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.gateway.session.Sessions;
import io.tradewire.gateway.socketio.engine.EngineIoServer;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.TransportContext;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Engine.IO transport on a real HTTP server with real sessions and tokens (no notifier or venue:
 * these tests stop at the Socket.IO CONNECT). The test thread waits on futures with a failure guard;
 * nothing is decided by elapsed time.
 */
@ExtendWith(VertxExtension.class)
class EngineIoServerTest {
    private static final String SECRET = "engine-io-test-secret-of-at-least-32-bytes";
    private static final String PATH = "/socket.io/";
    private static final long GUARD_SECONDS = 10;

    /** The gateway side: an HTTP server whose router hands {@code /socket.io/*} to the transport. */
    private static final class Gateway extends VerticleBase {
        private final Duration pingInterval;
        private final String pingTimeout;
        private final String connectTimeout;
        Sessions sessions;
        EngineIoServer engine;
        TokenService tokens;
        int port;

        Gateway(Duration pingInterval, String pingTimeout, String connectTimeout) {
            this.pingInterval = pingInterval;
            this.pingTimeout = pingTimeout;
            this.connectTimeout = connectTimeout;
        }

        @Override
        public Future<?> start() {
            AuthConfig auth = new AuthConfig(SECRET, false, Path.of("."), "tradewire", "tradewire", Duration.ofHours(1));
            tokens = new TokenService(vertx, auth, SECRET);
            sessions = new Sessions(vertx, tokens, DialectCodecContract.testInstruments(), "tradewire", Duration.ofSeconds(5));
            SocketIoCodec codec = new SocketIoCodec();
            JsonObject section = new JsonObject().put("ping-timeout", pingTimeout).put("connect-timeout", connectTimeout)
                    .put("max-http-buffer-size", 4096);
            codec.configure(new DialectContext(DialectCodecContract.testInstruments(),
                    ConfigReader.of(new JsonObject().put("gateway", new JsonObject().put("socketio", section)), "gateway.socketio")));
            DialectSettings settings = new DialectSettings(PATH, pingInterval, Duration.ofMinutes(5));
            engine = (EngineIoServer) codec.httpTransport(new TransportContext(vertx, sessions, settings, 1_048_576));
            vertx.setPeriodic(50, id -> sessions.heartbeat());
            Router router = Router.router(vertx);
            router.route(PATH + "*").handler(engine);
            return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(HttpServer::actualPort)
                    .onSuccess(p -> port = p);
        }

        /** A value read on the gateway's event loop. */
        <T> T read(Supplier<T> value) throws Exception {
            Promise<T> promise = Promise.promise();
            context.runOnContext(v -> promise.complete(value.get()));
            return await(promise.future());
        }

        Context context() {
            return context;
        }
    }

    private record Reply(int status, String body) {
        List<String> packets() {
            return List.of(body.split("\u001e", -1));
        }

        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private Vertx vertx;
    private Gateway gateway;
    private HttpClient http;

    private void start(Vertx vertx, Duration pingInterval, String pingTimeout, String connectTimeout) throws Exception {
        this.vertx = vertx;
        gateway = new Gateway(pingInterval, pingTimeout, connectTimeout);
        await(vertx.deployVerticle(gateway));
        http = vertx.createHttpClient();
    }

    private void start(Vertx vertx) throws Exception {
        start(vertx, Duration.ofSeconds(25), "20s", "45s");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (http != null) {
            await(http.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    private Future<Reply> requestAsync(HttpMethod method, String query, String body) {
        return io.tradewire.gateway.OnContext.call(vertx, () -> http.request(method, gateway.port, "127.0.0.1", PATH + query)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b.toString()))));
    }

    private Reply request(HttpMethod method, String query, String body) throws Exception {
        return await(requestAsync(method, query, body));
    }

    /** A WebSocket whose messages all land in {@code received}, the first one included. */
    private WebSocket connect(WebSocketClient client, String query, LinkedBlockingQueue<String> received) throws Exception {
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(received::add);
        await(socket.connect(gateway.port, "127.0.0.1", PATH + query));
        return socket;
    }

    /** A polling handshake: the sid. */
    private String handshake() throws Exception {
        Reply open = request(HttpMethod.GET, "?EIO=4&transport=polling", null);
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{");
        return new JsonObject(open.body().substring(1)).getString("sid");
    }

    private Reply poll(String sid) throws Exception {
        return request(HttpMethod.GET, "?EIO=4&transport=polling&sid=" + sid, null);
    }

    private Reply post(String sid, String body) throws Exception {
        return request(HttpMethod.POST, "?EIO=4&transport=polling&sid=" + sid, body);
    }

    @Test
    @DisplayName("A polling handshake answers with the open packet: sid, websocket upgrade, ping timing, max payload")
    void handshakeAnswersOpenPacket(Vertx vertx) throws Exception {
        start(vertx);
        Reply open = request(HttpMethod.GET, "?EIO=4&transport=polling&t=abc", null);
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body()).startsWith("0");
        JsonObject packet = new JsonObject(open.body().substring(1));
        assertThat(packet.getString("sid")).matches("[A-Za-z0-9_-]{20}");
        assertThat(packet.getJsonArray("upgrades")).containsExactly("websocket");
        assertThat(packet.getLong("pingInterval")).isEqualTo(25_000);
        assertThat(packet.getLong("pingTimeout")).isEqualTo(20_000);
        assertThat(packet.getLong("maxPayload")).isEqualTo(4_096);
    }

    @Test
    @DisplayName("Unknown sid, transport, protocol version and handshake method get socket.io's 400 answers")
    void errorsLikeSocketIo(Vertx vertx) throws Exception {
        start(vertx);
        assertThat(request(HttpMethod.GET, "?EIO=4&transport=polling&sid=nope", null))
                .isEqualTo(new Reply(400, "{\"code\":1,\"message\":\"Session ID unknown\"}"));
        assertThat(request(HttpMethod.GET, "?EIO=4&transport=carrier-pigeon", null))
                .isEqualTo(new Reply(400, "{\"code\":0,\"message\":\"Transport unknown\"}"));
        assertThat(request(HttpMethod.GET, "?EIO=3&transport=polling", null))
                .isEqualTo(new Reply(400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}"));
        assertThat(request(HttpMethod.POST, "?EIO=4&transport=polling", "40"))
                .isEqualTo(new Reply(400, "{\"code\":2,\"message\":\"Bad handshake method\"}"));
        assertThat(request(HttpMethod.GET, "?EIO=4&transport=websocket", null).json().getInteger("code")).isEqualTo(3);
    }

    @Test
    @DisplayName("Over polling, CONNECT is answered with 40{sid} and the connected event in one \\x1e-joined payload")
    void pollingConnect(Vertx vertx) throws Exception {
        start(vertx);
        String sid = handshake();
        Future<Reply> waiting = requestAsync(HttpMethod.GET, "?EIO=4&transport=polling&sid=" + sid, null);
        assertThat(post(sid, "40{\"token\":\"" + gateway.tokens.mint("u1", Duration.ofMinutes(5)) + "\"}"))
                .isEqualTo(new Reply(200, "ok"));
        List<String> packets = await(waiting).packets();
        assertThat(packets).hasSize(2);
        assertThat(packets.get(0)).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        assertThat(packets.get(1)).startsWith("42[\"connected\",{\"message\":\"Connected\",\"user_id\":\"u1\"");
    }

    @Test
    @DisplayName("A bad token gets CONNECT_ERROR 44{message}; two packets in one POST are both handled")
    void badTokenOverPolling(Vertx vertx) throws Exception {
        start(vertx);
        String sid = handshake();
        assertThat(post(sid, "40{\"token\":\"not-a-jwt\"}\u001e42[\"subscribe_trading\"]")).isEqualTo(new Reply(200, "ok"));
        List<String> packets = new java.util.ArrayList<>();
        while (packets.size() < 2) {
            packets.addAll(poll(sid).packets());
        }
        assertThat(packets).containsExactlyInAnyOrder(
                "44{\"message\":\"Invalid credentials\",\"data\":{\"code\":401}}",
                packets.stream().filter(p -> p.startsWith("42[\"error\"")).findFirst().orElse("an error event"));
    }

    @Test
    @DisplayName("Upgrade: 2probe → 3probe, the waiting poll gets NOOP 6, then 5 moves the session onto the WebSocket")
    void upgradeToWebSocket(Vertx vertx) throws Exception {
        start(vertx);
        String sid = handshake();
        Future<Reply> waiting = requestAsync(HttpMethod.GET, "?EIO=4&transport=polling&sid=" + sid, null);
        WebSocketClient client = vertx.createWebSocketClient();
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect(client, "?EIO=4&transport=websocket&sid=" + sid, received);
        await(socket.writeTextMessage("2probe"));
        assertThat(received.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("3probe");
        assertThat(await(waiting)).isEqualTo(new Reply(200, "6"));
        await(socket.writeTextMessage("5"));
        await(socket.writeTextMessage("40{\"token\":\"" + gateway.tokens.mint("u1", Duration.ofMinutes(5)) + "\"}"));
        assertThat(received.poll(GUARD_SECONDS, TimeUnit.SECONDS)).startsWith("40{\"sid\":");
        assertThat(received.poll(GUARD_SECONDS, TimeUnit.SECONDS)).startsWith("42[\"connected\"");
        assertThat(poll(sid).json().getInteger("code")).as("polling is over for this sid").isEqualTo(3);
        await(client.close());
    }

    @Test
    @DisplayName("A WebSocket-only client gets the open packet (no upgrades) as its first message")
    void webSocketOnly(Vertx vertx) throws Exception {
        start(vertx);
        WebSocketClient client = vertx.createWebSocketClient();
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect(client, "?EIO=4&transport=websocket", received);
        String open = received.poll(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(open).startsWith("0{");
        assertThat(new JsonObject(open.substring(1)).getJsonArray("upgrades")).isEmpty();
        await(socket.writeTextMessage("40"));
        assertThat(received.poll(GUARD_SECONDS, TimeUnit.SECONDS)).as("no token anywhere").startsWith("44{\"message\":\"Authentication required");
        await(socket.close());
        await(client.close());
    }

    @Test
    @DisplayName("A client CLOSE packet ends the Engine.IO socket and its session: the sid is unknown afterwards")
    void closeCleansUp(Vertx vertx) throws Exception {
        start(vertx);
        String sid = handshake();
        assertThat(gateway.read(() -> gateway.engine.size())).isEqualTo(1);
        assertThat(post(sid, "1")).isEqualTo(new Reply(200, "ok"));
        assertThat(gateway.read(() -> gateway.engine.size())).isZero();
        assertThat(gateway.read(() -> gateway.sessions.countsByDialect())).isEmpty();
        assertThat(poll(sid).json().getInteger("code")).isEqualTo(1);
    }

    @Test
    @DisplayName("A POST larger than max-http-buffer-size gets 413 and closes the socket")
    void oversizedPost(Vertx vertx) throws Exception {
        start(vertx);
        String sid = handshake();
        assertThat(post(sid, "4" + "x".repeat(5_000)).status()).isEqualTo(413);
        assertThat(poll(sid).json().getInteger("code")).isEqualTo(1);
    }

    @Test
    @DisplayName("Two polls at once is a protocol error: 400, and the socket is closed")
    void overlappingPolls(Vertx vertx) throws Exception {
        start(vertx);
        String sid = handshake();
        Future<Reply> first = requestAsync(HttpMethod.GET, "?EIO=4&transport=polling&sid=" + sid, null);
        // Whichever of the two polls the server reads second overlaps the one it holds: one of them is refused.
        Reply second = poll(sid);
        Reply held = await(first);
        assertThat(List.of(second.status(), held.status())).contains(400);
        assertThat(gateway.read(() -> gateway.engine.size())).isZero();
    }

    @Test
    @DisplayName("A ping left unanswered past pingTimeout closes the socket (CLOSE on the waiting poll) and forgets the sid")
    void pingTimeoutCleansUp(Vertx vertx) throws Exception {
        // The first poll must reach the server before the unanswered ping times out, or the ping is dropped unseen with
        // the socket: the timeout leaves a slow client (a loaded machine) time for one request, and still ends the test.
        start(vertx, Duration.ofMillis(100), "2s", "5m");
        String sid = handshake();
        boolean pinged = false;
        Reply reply = poll(sid);
        while (reply.status() == 200 && !reply.packets().contains("1")) {
            pinged |= reply.packets().contains("2");
            reply = poll(sid);
        }
        assertThat(pinged).as("the server pinged before giving up").isTrue();
        assertThat(gateway.read(() -> gateway.engine.size())).isZero();
        assertThat(gateway.read(() -> gateway.sessions.countsByDialect())).isEmpty();
        assertThat(poll(sid).json().getInteger("code")).isEqualTo(1);
    }

    @Test
    @DisplayName("Pongs keep the socket alive through many ping intervals")
    void pongsKeepAlive(Vertx vertx) throws Exception {
        start(vertx, Duration.ofMillis(100), "5s", "5m");
        String sid = handshake();
        int pongs = 0;
        while (pongs < 5) {
            Reply reply = poll(sid);
            assertThat(reply.status()).isEqualTo(200);
            for (String packet : reply.packets()) {
                if (packet.equals("2")) {
                    assertThat(post(sid, "3").status()).isEqualTo(200);
                    pongs++;
                }
            }
        }
        assertThat(gateway.read(() -> gateway.engine.size())).isEqualTo(1);
    }

    @Test
    @DisplayName("A connection that never completes an authenticated CONNECT is closed after connect-timeout")
    void connectTimeoutCleansUp(Vertx vertx) throws Exception {
        // The refused CONNECT and the first poll must reach the server before the timer closes the socket (its packets
        // go with it): long enough for two requests on a loaded machine; the test still waits for the close itself.
        start(vertx, Duration.ofSeconds(25), "20s", "2s");
        String sid = handshake();
        assertThat(post(sid, "40{\"token\":\"not-a-jwt\"}").status()).isEqualTo(200);
        List<String> seen = new java.util.ArrayList<>();
        Reply reply = poll(sid);
        while (reply.status() == 200 && !reply.packets().contains("1")) {
            seen.addAll(reply.packets());
            reply = poll(sid);
        }
        assertThat(seen).as("the refused CONNECT was answered first").anyMatch(p -> p.startsWith("44{"));
        assertThat(gateway.read(() -> gateway.engine.size())).isZero();
        assertThat(poll(sid).json().getInteger("code")).isEqualTo(1);
    }

    @Test
    @DisplayName("An authenticated connection outlives connect-timeout")
    void authenticatedConnectionStays(Vertx vertx) throws Exception {
        // The CONNECT must be accepted before the timer runs out, else the test proves nothing and fails: long enough
        // for the handshake and one POST on a loaded machine.
        start(vertx, Duration.ofSeconds(25), "20s", "2s");
        String sid = handshake();
        assertThat(post(sid, "40{\"token\":\"" + gateway.tokens.mint("u1", Duration.ofMinutes(5)) + "\"}").status())
                .isEqualTo(200);
        assertThat(poll(sid).body()).startsWith("40{");
        // No sleeping: a second socket, opened later and never authenticated, is closed by its own equal timer,
        // which fires after the first socket's; once it is gone, the first socket's timer has run too.
        String other = handshake();
        Reply reply = poll(other);
        while (reply.status() == 200 && !reply.packets().contains("1")) {
            reply = poll(other);
        }
        assertThat(gateway.read(() -> gateway.engine.size())).as("only the authenticated socket is left").isEqualTo(1);
    }
}
