package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The gateway's perimeter on the wire: the Origin check before any upgrade (every dialect, JsonSocket.IO's
 * long-polling too), sessions per address and per user, and a flooding session that gets 429s, then a close,
 * while its neighbours keep being answered. Waits are conditions with hang guards, never timings.
 */
class GatewayLimitsIT {
    private static final long GUARD_SECONDS = 20;
    private static final String EVIL = "https://evil.example";
    private Vertx vertx;
    /** Referenced for the whole test: Vert.x closes clients that the garbage collector finds unreferenced. */
    private WebSocketClient wsClient;
    private HttpClient httpClient;

    @BeforeEach
    void clients() {
        vertx = Vertx.vertx();
        wsClient = vertx.createWebSocketClient();
        httpClient = vertx.createHttpClient();
    }

    @AfterEach
    void close() throws Exception {
        TestMesh.await(vertx.close(), 10);
    }

    @Test
    @DisplayName("A cross-site page gets 403 before the upgrade on every dialect path and on JsonSocket.IO polling; "
            + "the same origin and no Origin at all pass")
    void crossSiteOriginRefused() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            List<String> paths = List.of("/ws", "/websocket/ws?client_id=c1", "/api/v1/ws/c1", "/socket.io/?EIO=4&transport=websocket");
            for (String path : paths) {
                assertThat(rejection(mesh, path, EVIL)).as("cross-site upgrade of %s", path).isEqualTo(403);
                assertThat(rejection(mesh, path, "null")).as("Origin: null on %s", path).isEqualTo(403);
                JsonSocket sameOrigin = connect(mesh, path, "http://127.0.0.1:" + mesh.port());
                JsonSocket noOrigin = connect(mesh, path, null);
                sameOrigin.close();
                noOrigin.close();
            }
            assertThat(get(mesh, "/socket.io/?EIO=4&transport=polling", EVIL).statusCode()).isEqualTo(403);
            HttpClientResponse polling = get(mesh, "/socket.io/?EIO=4&transport=polling", "http://127.0.0.1:" + mesh.port());
            assertThat(polling.statusCode()).isEqualTo(200);
            assertThat(get(mesh, "/health", EVIL).statusCode()).as("/health is no WebSocket").isEqualTo(200);
        }
    }

    @Test
    @DisplayName("gateway.allowed-origins lets a listed web app in, and only it")
    void listedOriginAllowed() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of("gateway.allowed-origins", "https://app.example.com,https://*.example.org"))) {
            connect(mesh, "/ws", "https://app.example.com").close();
            connect(mesh, "/ws", "https://desk.example.org").close();
            assertThat(rejection(mesh, "/ws", "https://app.example.com.evil.example")).isEqualTo(403);
            assertThat(rejection(mesh, "/ws", "http://app.example.com")).isEqualTo(403);
        }
    }

    @Test
    @DisplayName("A flooding session gets 429 errors, then a 1008 close, while another session keeps answering pings")
    void floodIsContained() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of(
                // A bucket that practically never refills: what the flood gets does not depend on how long it lasts
                // (the refill rate itself is TokenBucketTest's, on a fake clock).
                "gateway.rate-limit.messages-per-second", "0.001",
                "gateway.rate-limit.messages-burst", "20",
                "gateway.rate-limit.abuse-refusals", "50",
                "gateway.rate-limit.abuse-window", "1m"))) {
            JsonSocket neighbour = trader(mesh, "calm");
            JsonSocket flooder = trader(mesh, "flood");
            String ping = new JsonObject().put("type", "ping").encode();
            for (int i = 0; i < 500 && !flooder.closed.isDone(); i++) {
                flooder.socket.writeTextMessage(ping); // not awaited: a flood
            }
            short code = flooder.closed.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(code).isEqualTo((short) 1008);
            assertThat(flooder.socket.closeReason()).isEqualTo("Rate limit abuse");
            List<JsonObject> frames = flooder.drain();
            long refused = frames.stream().filter(m -> "error".equals(m.getString("type")) && m.getInteger("code") == 429).count();
            assertThat(refused).as("told to slow down before the close: %s", frames).isGreaterThanOrEqualTo(49);
            assertThat(frames.get(frames.size() - 1).getInteger("close_code")).isEqualTo(1008);
            // The burst of 20, of which the auth message took one.
            assertThat(frames.stream().filter(m -> "pong".equals(m.getString("type"))).count()).isEqualTo(19L);

            for (int i = 0; i < 5; i++) {
                neighbour.send(new JsonObject().put("type", "ping"));
                assertThat(neighbour.await(m -> "pong".equals(m.getString("type")))).isNotNull();
            }
            neighbour.close();
        }
    }

    @Test
    @DisplayName("Orders have their own budget: a burst of orders gets order_response 429 while pings are still answered")
    void orderBudget() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of(
                "gateway.rate-limit.orders-per-second", "0.1",
                "gateway.rate-limit.orders-burst", "3",
                "gateway.rate-limit.abuse-refusals", "0"))) {
            JsonSocket trader = trader(mesh, "orders");
            for (int i = 0; i < 6; i++) {
                trader.send(new JsonObject().put("type", "submit_order").put("instrument_id", "AAPL").put("direction", "BUY")
                        .put("volume", 1).put("price", "150.00"));
            }
            List<JsonObject> responses = new ArrayList<>();
            while (responses.size() < 6) {
                responses.add(trader.await(m -> "order_response".equals(m.getString("type"))));
            }
            assertThat(responses.stream().filter(m -> m.getBoolean("success")).count()).isEqualTo(3);
            assertThat(responses.stream().filter(m -> Integer.valueOf(429).equals(m.getInteger("error_code"))).count()).isEqualTo(3);
            trader.send(new JsonObject().put("type", "ping"));
            assertThat(trader.await(m -> "pong".equals(m.getString("type")))).isNotNull();
            trader.close();
        }
    }

    @Test
    @DisplayName("max-sessions-per-user: the user's next session is told why and closed (1008), in any dialect; others are not affected")
    void sessionsPerUser() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of("gateway.max-sessions-per-user", "2"))) {
            JsonSocket first = trader(mesh, "busy");
            JsonSocket second = trader(mesh, "busy");
            JsonSocket third = connect(mesh, "/ws", null);
            third.send(new JsonObject().put("type", "auth").put("token", mesh.token("busy")));
            assertThat(third.closed.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo((short) 1008);
            assertThat(third.socket.closeReason()).isEqualTo("Too many sessions");
            JsonObject told = third.await(m -> "error".equals(m.getString("type")));
            assertThat(told.getInteger("code")).isEqualTo(429);

            JsonSocket ib = connect(mesh, "/websocket/ws?lang=en&token=" + mesh.token("busy"), null);
            assertThat(ib.closed.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo((short) 1008);
            assertThat(ib.await(m -> "error".equals(m.getString("type"))).getString("error_code")).isEqualTo("TOO_MANY_SESSIONS");

            trader(mesh, "someone-else").close();
            first.close();
            JsonSocket again = connect(mesh, "/ws", null);
            // The first session's close reaches the gateway asynchronously: retry the login until the slot is free.
            boolean in = false;
            for (int attempt = 0; attempt < 50 && !in; attempt++) {
                JsonSocket candidate = attempt == 0 ? again : connect(mesh, "/ws", null);
                candidate.send(new JsonObject().put("type", "auth").put("token", mesh.token("busy")));
                JsonObject answer = candidate.await(m -> "auth_response".equals(m.getString("type")) || "error".equals(m.getString("type")));
                in = "auth_response".equals(answer.getString("type")) && answer.getBoolean("success");
            }
            assertThat(in).as("a closed session frees its place").isTrue();
            second.close();
        }
    }

    @Test
    @DisplayName("max-sessions-per-ip: the next upgrade from the same address is refused with HTTP 429, JsonSocket.IO's handshake too")
    void sessionsPerAddress() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of("gateway.max-sessions-per-ip", "3"))) {
            List<JsonSocket> open = new ArrayList<>();
            open.add(connect(mesh, "/ws", null));
            open.add(connect(mesh, "/api/v1/ws/c1", null));
            open.add(connect(mesh, "/websocket/ws", null));
            assertThat(rejection(mesh, "/ws", null)).isEqualTo(429);
            assertThat(get(mesh, "/socket.io/?EIO=4&transport=polling", null).statusCode()).isEqualTo(429);
            for (JsonSocket socket : open) {
                socket.close();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private JsonSocket trader(TestMesh mesh, String user) throws Exception {
        JsonSocket socket = connect(mesh, "/ws", null);
        socket.send(new JsonObject().put("type", "auth").put("token", mesh.token(user)));
        assertThat(socket.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        return socket;
    }

    private WebSocketConnectOptions options(TestMesh mesh, String uri, String origin) {
        // Without an origin the client sends none at all (a non-browser client); with one, exactly that one.
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(mesh.port()).setURI(uri)
                .setAllowOriginHeader(origin != null);
        if (origin != null) {
            options.putHeader("Origin", origin);
        }
        return options;
    }

    /** Connects with the handlers set before connecting, so that nothing the server sends first is missed. */
    private JsonSocket connect(TestMesh mesh, String uri, String origin) throws Exception {
        return JsonSocket.connect(wsClient, options(mesh, uri, origin));
    }

    /** The HTTP status an upgrade is refused with (fails the test when it is accepted). */
    private int rejection(TestMesh mesh, String uri, String origin) throws Exception {
        Future<WebSocket> attempt = wsClient.connect(options(mesh, uri, origin));
        try {
            WebSocket accepted = TestMesh.await(attempt, 10);
            TestMesh.await(accepted.close(), 10);
            throw new AssertionError("the upgrade of " + uri + " with Origin " + origin + " was accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(UpgradeRejectedException.class);
            return ((UpgradeRejectedException) e.getCause()).getStatus();
        }
    }

    private HttpClientResponse get(TestMesh mesh, String uri, String origin) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(mesh.port()).setURI(uri);
        if (origin != null) {
            options.putHeader("Origin", origin);
        }
        return TestMesh.await(TestMesh.onContext(vertx, () -> httpClient.request(options).compose(request -> request.send()
                .compose(response -> response.body().map(body -> response)))), 10);
    }

    static JsonArray array(String... items) {
        JsonArray array = new JsonArray();
        for (String item : items) {
            array.add(item);
        }
        return array;
    }
}
