package io.tradewire.e2e;

import static io.tradewire.e2e.TestMesh.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fat jar as an operator runs a cluster, driven by a Java WebSocket client: three nodes, each a separate JVM
 * started with {@code setsid} on loopback by {@link ClusterNodes} (a core node with the venue and the notifier, two
 * gateways). Faults are injected only once the cluster has formed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessIT {
    /** Hang guards, not measurements. */
    private static final Duration GUARD = Duration.ofSeconds(90);
    private static final long GUARD_SECONDS = GUARD.toSeconds();

    private ClusterNodes cluster;
    private Vertx clientVertx;
    private WebSocketClient client;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ClusterNodes.builder("process").node("core-1", "matching,notifier").node("gw-1", "gateway")
                .node("gw-2", "gateway").start();
        cluster.awaitFormed();
        clientVertx = Vertx.vertx();
        client = clientVertx.createWebSocketClient();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (clientVertx != null) {
            await(clientVertx.close(), 10);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("separate JVMs: a fill of an order placed through gw-1 reaches the user's socket on gw-2")
    void crossGatewayNotification() throws Exception {
        withLogs(this::crossGateway);
    }

    private void crossGateway() throws Exception {
        String user = "pa-" + UUID.randomUUID().toString().substring(0, 8);
        JsonSocket listener = session(cluster.node("gw-2"), user, true);
        JsonSocket trader = session(cluster.node("gw-1"), user, false);
        JsonSocket maker = session(cluster.node("gw-1"), user + "-mm", false);
        try {
            ExchangeOrders.placed(maker, order("IF2301", "SELL", "120.0", 1));
            String buy = ExchangeOrders.placed(trader, order("IF2301", "BUY", "120.0", 1));
            JsonObject trade = listener.await(m -> "trade".equals(m.getString("type")) && buy.equals(m.getString("order_id")));
            assertThat(trade.getInteger("volume")).isEqualTo(1);
        } finally {
            maker.close();
            trader.close();
            listener.close();
        }
    }

    @Test
    @Order(2)
    @DisplayName("kill -9 of a gateway: its client reconnects to the other gateway and resumes without a gap or a duplicate")
    void killedGatewayClientsResumeElsewhere() throws Exception {
        withLogs(this::killAGateway);
    }

    private void killAGateway() throws Exception {
        String user = "pk-" + UUID.randomUUID().toString().substring(0, 8);
        String stream = "user." + user + ".orders";
        NodeProcess doomed = cluster.node("gw-1");
        NodeProcess survivor = cluster.node("gw-2");
        JsonSocket listener = session(doomed, user, false);
        JsonSocket trader = session(survivor, user, false);
        try {
            String first = ExchangeOrders.placed(trader, order("AAPL", "BUY", "100.00", 1));
            JsonObject seen = listener.await(m -> "order_status".equals(m.getString("type")) && first.equals(m.getString("order_id")));
            long epoch = seen.getLong("epoch");
            long seq = seen.getLong("seq");

            doomed.kill9();
            assertThat(doomed.alive()).as("gw-1 died").isFalse();
            assertThat(listener.closed.get(GUARD_SECONDS, TimeUnit.SECONDS)).as("the client saw its socket drop")
                    .isNotNull();
            cluster.awaitMembers(List.of(cluster.node("core-1")), List.of("core-1", "gw-2"), GUARD);

            // Orders while the client is away: it must get them on resume, in order, once each.
            List<String> missed = new ArrayList<>();
            missed.add(ExchangeOrders.placed(trader, order("AAPL", "BUY", "100.01", 1)));
            missed.add(ExchangeOrders.placed(trader, order("AAPL", "BUY", "100.02", 1)));

            JsonSocket resumed = JsonSocket.connect(client, survivor.httpPort(), "/ws");
            try {
                resumed.send(new JsonObject().put("type", "auth").put("token", Hs256Tokens.token(ClusterNodes.SECRET, user)));
                resumed.send(new JsonObject().put("type", "resume").put("positions", new JsonArray()
                        .add(new JsonObject().put("stream", stream).put("epoch", epoch).put("seq", seq))));
                JsonObject response = resumed.await(m -> "resume_response".equals(m.getString("type")));
                assertThat(response.getBoolean("success")).as("%s", response).isTrue();
                assertThat(response.getJsonArray("results").getJsonObject(0).getBoolean("recovered")).isTrue();
                List<JsonObject> replayed = resumed.taken().stream()
                        .filter(m -> "order_status".equals(m.getString("type")) && stream.equals(m.getString("stream")))
                        .toList();
                assertThat(replayed).extracting(m -> m.getLong("seq")).containsExactly(seq + 1, seq + 2);
                assertThat(replayed).extracting(m -> m.getString("order_id")).containsExactlyElementsOf(missed);
                assertThat(replayed).extracting(m -> m.getLong("epoch")).containsOnly(epoch);

                // And it is live on the new gateway.
                String after = ExchangeOrders.placed(trader, order("AAPL", "BUY", "100.03", 1));
                JsonObject live = resumed.await(m -> "order_status".equals(m.getString("type")) && after.equals(m.getString("order_id")));
                assertThat(live.getLong("seq")).isEqualTo(seq + 3);
            } finally {
                resumed.close();
            }
        } finally {
            trader.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Steps {
        void run() throws Exception;
    }

    /** Runs the steps; a failed assertion carries the nodes' logs. */
    private void withLogs(Steps steps) throws Exception {
        try {
            steps.run();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
        }
    }

    private JsonSocket session(NodeProcess gateway, String user, boolean follow) throws Exception {
        JsonSocket session = JsonSocket.connect(client, gateway.httpPort(), follow ? "/ws?user_id=" + user : "/ws");
        session.send(new JsonObject().put("type", "auth").put("token", Hs256Tokens.token(ClusterNodes.SECRET, user)));
        assertThat(session.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        return session;
    }

    private static JsonObject order(String instrument, String direction, String price, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", instrument).put("direction", direction)
                .put("offset", "OPEN").put("volume", volume).put("price", price).put("order_type", "LIMIT");
    }
}
