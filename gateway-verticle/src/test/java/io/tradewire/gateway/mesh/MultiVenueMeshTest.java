package io.tradewire.gateway.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.GatewayVerticle;
import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.matching.MatchingVerticle;
import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.tradewire.notifier.NotifierVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two venues ({@code tradewire}, the default, and {@code crypto}) deployed by one matching verticle with
 * {@code matching.venues} (crypto's accounts in USDT), the notifier and the gateway on one Vert.x, journals off: a client trades instruments of both
 * venues over the exchange dialect and gets every push.
 */
class MultiVenueMeshTest {
    private static final String SECRET = "multi-venue-secret-that-is-at-least-32-bytes";
    private static final long GUARD_SECONDS = 15;

    private Vertx vertx;
    private WebSocketClient client;
    private Path dataDir;
    private TokenService tokens;
    private int port;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("tradewire-multi-venue-");
        JsonObject config = new JsonObject()
                .put("data-dir", dataDir.toString())
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", SECRET)))
                .put("matching", new JsonObject().put("venues", new JsonArray().add("tradewire").add("crypto"))
                        .put("venue-currencies", new JsonObject().put("crypto", "USDT"))
                        .put("journal", new JsonObject().put("enabled", false)))
                .put("instruments", new JsonArray()
                        .add(new JsonObject().put("symbol", "IX2301").put("kind", "futures").put("route", "venue")
                                .put("reference-price", "120").put("tick-size", "0.1").put("region", "CN"))
                        .add(new JsonObject().put("symbol", "BTC").put("kind", "crypto").put("route", "venue:crypto")
                                .put("reference-price", "60000").put("region", "CRYPTO").put("currency", "USDT")));
        vertx = Vertx.vertx();
        DeploymentOptions options = new DeploymentOptions().setConfig(config);
        await(vertx.deployVerticle(new MatchingVerticle(), options)
                .compose(v -> vertx.deployVerticle(new NotifierVerticle(), options))
                .compose(v -> vertx.deployVerticle(new GatewayVerticle(), options)));
        port = HealthRegistry.snapshot(vertx).getJsonObject(GatewayVerticle.COMPONENT).getInteger("port");
        AuthConfig auth = AuthConfig.from(config);
        tokens = new TokenService(vertx, auth, SECRET);
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    @DisplayName("Orders on both venues: each venue's ids, cancels and queries reach the right venue, pushes come from both")
    void tradesOnBothVenues() throws Exception {
        JsonObject health = HealthRegistry.snapshot(vertx);
        assertThat(health.getJsonObject("matching.tradewire").getString("status")).isEqualTo("UP");
        assertThat(health.getJsonObject("matching.crypto").getString("status")).isEqualTo("UP");
        assertThat(health.getJsonObject("notifier").getJsonArray("venues").getList()).as("%s", health)
                .containsExactly("tradewire", "crypto");
        Session alice = trader("alice");
        Session bob = trader("bob");

        String ix = placed(alice, order("IX2301", "BUY", "119.0", 2));
        String btc = placed(alice, order("BTC", "BUY", "60000", 3));
        assertThat(ix).matches("O[0-9]{20}");
        assertThat(btc).matches("crypto-O[0-9]{20}");
        alice.pushed(m -> "order_status".equals(m.getString("type")) && ix.equals(m.getString("order_id")));
        alice.pushed(m -> "order_status".equals(m.getString("type")) && btc.equals(m.getString("order_id")));
        // Accounts are per venue: each venue pushes its own account of alice, in its own currency.
        alice.pushed(m -> "account_update".equals(m.getString("type")) && "USD".equals(m.getString("currency")));
        alice.pushed(m -> "account_update".equals(m.getString("type")) && "USDT".equals(m.getString("currency")));
        // The account stream's snapshot (a new subscriber, a resync) has both venues' accounts.
        String accountStream = "user.alice.account";
        Snapshot accounts = await(vertx.eventBus().<Snapshot>request(Addresses.notifierSnapshot(accountStream),
                new SnapshotRequest(accountStream))).body();
        assertThat(accounts.events()).as("%s", accounts).extracting(e -> ((AccountChanged) e).account().currency())
                .containsExactlyInAnyOrder("USD", "USDT");

        // A trade on the crypto venue: both sides get their fill pushes.
        String sell = placed(bob, order("BTC", "SELL", "60000", 1));
        assertThat(sell).startsWith("crypto-O");
        alice.pushed(m -> "trade".equals(m.getString("type")) && btc.equals(m.getString("order_id")));
        bob.pushed(m -> "trade".equals(m.getString("type")) && sell.equals(m.getString("order_id")));

        // A query of the crypto order reaches the crypto venue.
        alice.send(new JsonObject().put("type", "query_order").put("order_id", btc));
        JsonObject queried = alice.await(m -> "query_response".equals(m.getString("type")));
        assertThat(queried.getJsonObject("data").getJsonObject("order").getString("instrument_id")).as("%s", queried)
                .isEqualTo("BTC");

        // Cancels reach each venue; the cancelled pushes follow.
        for (String id : List.of(btc, ix)) {
            JsonObject cancelled = request(alice, new JsonObject().put("type", "cancel_order").put("order_id", id));
            assertThat(cancelled.getBoolean("success")).as("%s", cancelled).isTrue();
            alice.pushed(m -> "order_status".equals(m.getString("type")) && id.equals(m.getString("order_id"))
                    && "Cancelled".equals(m.getString("status")));
        }
        // An id of the crypto venue is not found on the default venue, and the other way round: the router picked each.
        JsonObject unknown = request(alice, new JsonObject().put("type", "cancel_order").put("order_id", "crypto-" + ix));
        assertThat(unknown.getBoolean("success")).isFalse();
    }

    private static JsonObject order(String instrument, String direction, String price, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", instrument).put("direction", direction)
                .put("offset", "OPEN").put("volume", volume).put("price", price).put("order_type", "LIMIT");
    }

    private Session trader(String user) throws Exception {
        Session session = new Session();
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> session.received.add(new JsonObject(text)));
        session.socket = socket;
        await(socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws?user_id=" + user)));
        session.send(new JsonObject().put("type", "auth").put("token", tokens.mint(user, Duration.ofHours(1))));
        assertThat(session.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        return session;
    }

    private static JsonObject request(Session session, JsonObject message) throws Exception {
        session.send(message);
        return session.await(m -> "order_response".equals(m.getString("type")));
    }

    private static String placed(Session session, JsonObject order) throws Exception {
        JsonObject response = request(session, order);
        assertThat(response.getBoolean("success")).as("%s -> %s", order, response).isTrue();
        return response.getString("order_id");
    }

    /** A client session: what the gateway sent, in order; waits are failure guards, never measurements. */
    private static final class Session {
        final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        final List<JsonObject> seen = new ArrayList<>();
        ClientWebSocket socket;

        void send(JsonObject message) throws Exception {
            MultiVenueMeshTest.await(socket.writeTextMessage(message.encode()));
        }

        /** A push that matches, received before or after this call: two venues' pushes come in no fixed order. */
        JsonObject pushed(Predicate<JsonObject> wanted) throws Exception {
            for (JsonObject earlier : seen) {
                if (wanted.test(earlier)) {
                    return earlier;
                }
            }
            return await(wanted);
        }

        /** The next message that matches; the ones before it are passed over. */
        JsonObject await(Predicate<JsonObject> wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            while (true) {
                JsonObject next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(next).as("the expected message (failure guard); received so far: %s", seen).isNotNull();
                seen.add(next);
                if (wanted.test(next)) {
                    return next;
                }
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
