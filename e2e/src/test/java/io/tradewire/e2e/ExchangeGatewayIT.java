package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Gateway behaviour seen from the wire: health, heartbeats, idle close, stream consumers that follow subscriptions. */
class ExchangeGatewayIT {
    private static TestMesh mesh;
    private static Vertx client;
    /** Referenced for the whole class: Vert.x closes a client that the garbage collector finds unreferenced. */
    private static WebSocketClient wsClient;
    /** The streams the gateway consumes without any session (reported at its start, before any test connects). */
    private static int baseline;

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start(Map.of(
                "gateway.exchange.ping-interval", "200ms",
                "gateway.exchange.idle-timeout", "1s"));
        client = Vertx.vertx();
        wsClient = client.createWebSocketClient();
        baseline = streams();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            TestMesh.await(client.close(), 10);
        }
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    @DisplayName("/health is UP and names every deployed component")
    void healthIsUp() throws Exception {
        JsonObject health = health();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getJsonObject("components").fieldNames())
                .contains("gateway", "notifier", "broker", "matching.tradewire");
    }

    @Test
    @DisplayName("A socket that never answers pings receives ping frames, then a 1001 close after the idle timeout")
    void silentSocketIsPingedThenClosed() throws Exception {
        NetClient net = client.createNetClient(); // referenced until the end: see wsClient
        NetSocket raw = TestMesh.await(net.connect(mesh.port(), "127.0.0.1"), 10);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Buffer received = Buffer.buffer();
        raw.handler(received::appendBuffer);
        raw.closeHandler(v -> closed.complete(null));
        raw.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        closed.get(15, TimeUnit.SECONDS); // failure guard only: the server must close it by itself
        String text = received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        assertThat(text).startsWith("HTTP/1.1 101");
        byte[] frames = received.getBytes(headerEnd + 4, received.length());
        assertThat(frames).contains((byte) 0x89); // at least one ping frame
        int close = indexOf(frames, (byte) 0x88);
        assertThat(close).as("a close frame").isGreaterThanOrEqualTo(0);
        int code = ((frames[close + 2] & 0xff) << 8) | (frames[close + 3] & 0xff);
        assertThat(code).isEqualTo(1001);
        TestMesh.await(net.close(), 10);
    }

    @Test
    @DisplayName("A client that answers pings stays connected past the idle timeout and still gets answers")
    void answeringClientStaysConnected() throws Exception {
        JsonSocket session = connect("/ws");
        Thread.sleep(2_500); // longer than the 1 s idle timeout: Vert.x answers the server's pings
        session.send(new JsonObject().put("type", "ping"));
        assertThat(session.await(m -> "pong".equals(m.getString("type"))).getLong("timestamp")).isPositive();
        session.close();
    }

    @Test
    @DisplayName("The gateway consumes a market stream only while a session subscribes to it")
    void consumesOnlySubscribedStreams() throws Exception {
        // The figure is reported once a second and the other tests' sessions (their books, accounts and orders) go when
        // the server has handled their close: a count read now may still include them, and then never reach 'now + 1'.
        // Start from the count the gateway reported before any session, once it is back there.
        int before = baseline;
        awaitStreams(count -> count == before);
        JsonSocket session = connect("/ws");
        session.send(new JsonObject().put("type", "subscribe").put("channels", new io.vertx.core.json.JsonArray().add("orderbook"))
                .put("instruments", new io.vertx.core.json.JsonArray().add("AAPL")));
        assertThat(session.await(m -> "subscribe_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        awaitStreams(count -> count == before + 1);
        session.close();
        awaitStreams(count -> count == before);
    }

    @Test
    @DisplayName("Snapshot then live: a new subscriber gets the current book and account first, then changes")
    void subscribersStartWithTheCurrentState() throws Exception {
        JsonSocket maker = connect("/ws");
        maker.send(new JsonObject().put("type", "auth").put("token", mesh.token("snap-maker")));
        assertThat(maker.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        maker.send(order("BUY", "100.5", 3));
        assertThat(maker.await(m -> "order_response".equals(m.getString("type"))).getBoolean("success")).isTrue();

        JsonSocket watcher = connect("/ws");
        watcher.send(new JsonObject().put("type", "auth").put("token", mesh.token("snap-watcher")));
        watcher.await(m -> "auth_response".equals(m.getString("type")));
        watcher.send(new JsonObject().put("type", "subscribe")
                .put("channels", new io.vertx.core.json.JsonArray().add("orderbook").add("account_update"))
                .put("instruments", new io.vertx.core.json.JsonArray().add("AAPL")));
        watcher.await(m -> "subscribe_response".equals(m.getString("type")));
        JsonObject book = watcher.await(m -> "orderbook".equals(m.getString("type")));
        JsonObject bid = book.getJsonArray("bids").getJsonObject(0);
        assertThat(bid.getValue("price")).isInstanceOf(Number.class);
        assertThat(bid.getDouble("price")).isEqualTo(100.5);
        assertThat(bid.getInteger("volume")).isEqualTo(3);
        JsonObject account = watcher.await(m -> "account_update".equals(m.getString("type")));
        assertThat(account.getDouble("balance")).isEqualTo(1_000_000.0);

        maker.send(order("BUY", "100.6", 1)); // a live change after the snapshot, with a higher sequence
        JsonObject live = watcher.await(m -> "orderbook".equals(m.getString("type")));
        assertThat(live.getLong("seq")).isGreaterThan(book.getLong("seq"));
        assertThat(live.getJsonArray("bids").getJsonObject(0).getDouble("price")).isEqualTo(100.6);
        maker.close();
        watcher.close();
    }

    private static JsonObject order(String direction, String price, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", "AAPL").put("direction", direction)
                .put("offset", "OPEN").put("volume", volume).put("price", new java.math.BigDecimal(price)).put("order_type", "LIMIT");
    }

    private static int streams() throws Exception {
        return health().getJsonObject("components").getJsonObject("gateway").getInteger("streams");
    }

    /** The gateway refreshes its health entry every second; poll it (a bounded wait, not a timing assertion). */
    private void awaitStreams(Predicate<Integer> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last = streams();
        while (!expected.test(last)) {
            assertThat(System.nanoTime()).as("stream count stuck at %d", last).isLessThan(deadline);
            Thread.sleep(100);
            last = streams();
        }
    }

    /** GET /health with the JDK's blocking client: this test thread waits for it anyway. */
    private static JsonObject health() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + mesh.port() + "/health"))
                        .timeout(java.time.Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).as("/health answered %d", response.statusCode()).isNotEmpty();
        return new JsonObject(response.body());
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private JsonSocket connect(String path) throws Exception {
        return JsonSocket.connect(wsClient, mesh.port(), path);
    }
}
