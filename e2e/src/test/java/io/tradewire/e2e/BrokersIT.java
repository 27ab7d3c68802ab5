package io.tradewire.e2e;

import static io.tradewire.e2e.ExchangeOrders.placed;
import static io.tradewire.e2e.ExchangeOrders.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.broker.fake.FakeBybit;
import io.tradewire.broker.fake.FakeIb;
import io.tradewire.model.HealthRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Orders over the exchange dialect for broker-routed symbols, through the whole mesh to a fake Bybit (BTCUSDT, re-routed
 * from the venue) and a fake IB Client Portal gateway (AAPL with its conid): the order reaches the broker's REST, the
 * broker's pushes come back as {@code order_status} and {@code trade}, a cancel reaches the broker, and a fill made while
 * the broker's stream is cut arrives through the reconciliation exactly once.
 */
class BrokersIT {
    private static Vertx brokers;
    private static FakeBybit bybit;
    private static FakeIb ib;
    private static TestMesh mesh;
    private static Vertx client;
    /** Referenced for the whole class: Vert.x closes a client that the garbage collector finds unreferenced. */
    private static WebSocketClient wsClient;

    @BeforeAll
    static void start() throws Exception {
        brokers = Vertx.vertx();
        bybit = TestMesh.await(new FakeBybit(brokers).start(), 10);
        ib = TestMesh.await(new FakeIb(brokers).start(), 10);
        ib.loggedIn(true);
        mesh = TestMesh.start(Map.ofEntries(
                Map.entry("brokers.bybit.enabled", "true"),
                Map.entry("brokers.bybit.user", "bybit-trader"),
                Map.entry("brokers.bybit.api-key", FakeBybit.API_KEY),
                Map.entry("brokers.bybit.api-secret", FakeBybit.API_SECRET),
                Map.entry("brokers.bybit.rest-url", bybit.restUrl()),
                Map.entry("brokers.bybit.ws-private-url", bybit.privateUrl()),
                Map.entry("brokers.bybit.ws-public-url", bybit.publicUrl()),
                Map.entry("brokers.bybit.symbols", "BTCUSDT,ETHUSDT"),
                Map.entry("brokers.bybit.reconnect-initial", "50ms"),
                Map.entry("brokers.bybit.reconnect-max", "500ms"),
                Map.entry("brokers.ib.enabled", "true"),
                Map.entry("brokers.ib.user", "ib-trader"),
                Map.entry("brokers.ib.base-url", ib.baseUrl()),
                Map.entry("brokers.ib.account", FakeIb.ACCOUNT),
                Map.entry("brokers.ib.reconnect-initial", "50ms"),
                Map.entry("brokers.ib.reconnect-max", "500ms"),
                Map.entry("brokers.ib.poll-interval", "1s")),
                config -> config.getJsonObject("brokers").getJsonObject("ib").put("instruments", new io.vertx.core.json.JsonArray()
                        .add(new JsonObject().put("symbol", "AAPL").put("conid", 265598))));
        client = Vertx.vertx();
        wsClient = client.createWebSocketClient();
        waitFor(() -> "CONNECTED".equals(health("bybit").getString("state")) && "CONNECTED".equals(health("ib").getString("state")),
                () -> "both brokers connected: " + HealthRegistry.snapshot(mesh.vertx()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            TestMesh.await(client.close(), 10);
        }
        if (mesh != null) {
            mesh.close();
        }
        if (brokers != null) {
            TestMesh.await(brokers.close(), 10);
        }
    }

    @Test
    @DisplayName("Bybit: submit_order reaches /v5/order/create; order and execution pushes arrive as order_status and trade; a gap is reconciled once")
    void bybitOrderFlow() throws Exception {
        JsonSocket trader = trader("bybit-trader");
        String orderId = placed(trader, order("BTCUSDT", "BUY", "30000.5", "0.01"));
        assertThat(orderId).startsWith("bybit-");
        String bybitId = orderId.substring("bybit-".length());
        JsonObject atBybit = bybit.order(bybitId);
        assertThat(atBybit).as("the order at Bybit").isNotNull();
        assertThat(atBybit.getString("symbol")).isEqualTo("BTCUSDT");
        assertThat(atBybit.getString("qty")).isEqualTo("0.01");

        String firstExec = bybit.fill(bybitId, "0.004", "30000.5");
        JsonObject trade = seen(trader, m -> "trade".equals(m.getString("type")) && orderId.equals(m.getString("order_id")));
        assertThat(trade.getString("trade_id")).isEqualTo("bybit-" + firstExec);
        assertThat(new BigDecimal(trade.getValue("volume").toString())).isEqualByComparingTo("0.004");
        seen(trader, m -> "order_status".equals(m.getString("type")) && orderId.equals(m.getString("order_id"))
                && "PartiallyFilled".equals(m.getString("status")));

        // The private stream is cut; the rest fills while it is away.
        int connections = bybit.privateConnections.get();
        bybit.pushing(false);
        bybit.dropPrivateSockets();
        String missedExec = bybit.fill(bybitId, "0.006", "30000.5");
        bybit.pushing(true);
        JsonObject recovered = seen(trader, m -> "trade".equals(m.getString("type")) && ("bybit-" + missedExec).equals(m.getString("trade_id")));
        assertThat(new BigDecimal(recovered.getValue("volume").toString())).isEqualByComparingTo("0.006");
        seen(trader, m -> "order_status".equals(m.getString("type")) && orderId.equals(m.getString("order_id"))
                && "Filled".equals(m.getString("status")));
        assertThat(bybit.privateConnections.get()).isGreaterThan(connections);
        // The reconciliation's orders and fills come before its positions and wallet, and the adapter takes orders
        // again (CONNECTED) only once all of it is in.
        waitFor(() -> "CONNECTED".equals(health("bybit").getString("state")), () -> "the bybit adapter connected again");

        // Amend, query and cancel of a bybit- order go to Bybit.
        String second = placed(trader, order("ETHUSDT", "SELL", "2000", "1"));
        JsonObject amended = request(trader, new JsonObject().put("type", "amend_order").put("order_id", second).put("price", "2001.5"));
        assertThat(amended.getBoolean("success")).as("%s", amended).isTrue();
        assertThat(bybit.order(second.substring("bybit-".length())).getString("price")).isEqualTo("2001.5");
        trader.send(new JsonObject().put("type", "query_order").put("order_id", second));
        JsonObject queried = trader.await(m -> "query_response".equals(m.getString("type"))).getJsonObject("data").getJsonObject("order");
        assertThat(queried.getString("order_id")).isEqualTo(second);
        assertThat(new BigDecimal(queried.getValue("price").toString())).isEqualByComparingTo("2001.5");
        trader.send(new JsonObject().put("type", "cancel_order").put("order_id", second));
        seen(trader, m -> "order_status".equals(m.getString("type")) && second.equals(m.getString("order_id"))
                && "Cancelled".equals(m.getString("status")));
        assertThat(bybit.order(second.substring("bybit-".length())).getString("orderStatus")).isEqualTo("Cancelled");

        // Nothing arrived twice: a duplicate of a trade would come before a later trade on the trader's trade stream, so
        // count once a fill made now has come through (a pong says nothing about pushes still on their way).
        String marker = placed(trader, order("BTCUSDT", "BUY", "30000", "0.001"));
        String markerExec = bybit.fill(marker.substring("bybit-".length()), "0.001", "30000");
        seen(trader, m -> "trade".equals(m.getString("type")) && ("bybit-" + markerExec).equals(m.getString("trade_id")));
        List<String> trades = tradeIds(trader);
        assertThat(trades).containsOnlyOnce("bybit-" + firstExec, "bybit-" + missedExec).doesNotHaveDuplicates();
        trader.close();
    }

    @Test
    @DisplayName("Bybit and IB symbols are the broker account owner's: another user's order is refused in the exchange dialect's shape")
    void otherUsersAreRefused() throws Exception {
        JsonSocket other = trader("someone-else");
        JsonObject refused = request(other, order("BTCUSDT", "BUY", "30000", "1"));
        assertThat(refused.getBoolean("success")).isFalse();
        assertThat(refused.getInteger("error_code")).isEqualTo(403);
        other.send(new JsonObject().put("type", "cancel_order").put("order_id", "bybit-not-yours"));
        JsonObject notFound = other.await(m -> m.getInteger("error_code") != null || "error".equals(m.getString("type")));
        assertThat(notFound.encode()).contains("1002");
        other.close();
    }

    @Test
    @DisplayName("IB: submit_order is placed (confirmation answered), sor and str pushes arrive as order_status and trade; a gap is reconciled once")
    void ibOrderFlow() throws Exception {
        JsonSocket trader = trader("ib-trader");
        String orderId = placed(trader, order("AAPL", "BUY", "372.00", "100"));
        assertThat(orderId).startsWith("ib-");
        String ibId = orderId.substring("ib-".length());
        assertThat(ib.order(ibId)).as("the order at IB").isNotNull();

        String firstExec = ib.fill(ibId, "40", "372.00");
        seen(trader, m -> "trade".equals(m.getString("type")) && ("ib-" + firstExec).equals(m.getString("trade_id")));
        seen(trader, m -> "order_status".equals(m.getString("type")) && orderId.equals(m.getString("order_id"))
                && "PartiallyFilled".equals(m.getString("status")));

        ib.pushing(false);
        ib.dropSockets();
        String missedExec = ib.fill(ibId, "60", "371.50");
        ib.pushing(true);
        seen(trader, m -> "trade".equals(m.getString("type")) && ("ib-" + missedExec).equals(m.getString("trade_id")));
        seen(trader, m -> "order_status".equals(m.getString("type")) && orderId.equals(m.getString("order_id"))
                && "Filled".equals(m.getString("status")));
        // The missed trade reaches the adapter twice (REST reconciliation and the str snapshot of the new socket, which
        // may be handled last). Count once a later trade, pushed on that socket after its snapshots (smd is subscribed
        // last), has come through on the trader's trade stream; a pong says nothing about pushes still on their way.
        waitFor(() -> "CONNECTED".equals(health("ib").getString("state")), () -> "the ib adapter connected again");
        waitFor(() -> ib.newestSubscribed("smd+265598"), () -> "the new IB socket's subscriptions");
        String marker = placed(trader, order("AAPL", "BUY", "370.00", "1"));
        String markerExec = ib.fill(marker.substring("ib-".length()), "1", "370.00");
        seen(trader, m -> "trade".equals(m.getString("type")) && ("ib-" + markerExec).equals(m.getString("trade_id")));
        assertThat(tradeIds(trader)).containsOnlyOnce("ib-" + firstExec, "ib-" + missedExec).doesNotHaveDuplicates();
        trader.close();
    }

    @Test
    @DisplayName("IB: an expired gateway session reaches the account owner as an error message (503), orders are refused, a login resumes")
    void ibSessionExpiry() throws Exception {
        JsonSocket trader = trader("ib-trader");
        ib.loggedIn(false);
        try {
            JsonObject notice = seen(trader, m -> "error".equals(m.getString("type")) && m.getString("message", "").contains("log in"));
            assertThat(notice.getInteger("code")).isEqualTo(503);
            waitFor(() -> "WAITING_FOR_LOGIN".equals(health("ib").getString("state")), () -> "the ib adapter waiting for a login");
            JsonObject refused = request(trader, order("AAPL", "BUY", "372.00", "1"));
            assertThat(refused.getInteger("error_code")).isEqualTo(503);
            assertThat(refused.getString("error_message")).contains("WAITING_FOR_LOGIN");
        } finally {
            ib.loggedIn(true);
        }
        waitFor(() -> "CONNECTED".equals(health("ib").getString("state")), () -> "the ib adapter connected again");
        assertThat(placed(trader, order("AAPL", "BUY", "371.00", "1"))).startsWith("ib-");
        trader.close();
    }

    private static JsonObject order(String instrument, String direction, String price, String volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", instrument).put("direction", direction)
                .put("offset", "OPEN").put("volume", new BigDecimal(volume)).put("price", new BigDecimal(price)).put("order_type", "LIMIT");
    }

    private JsonSocket trader(String user) throws Exception {
        return ExchangeOrders.trader(wsClient, mesh, user);
    }

    /** A message received so far, or the next one that matches (pushes of different streams may come in any order). */
    private static JsonObject seen(JsonSocket session, java.util.function.Predicate<JsonObject> wanted) throws Exception {
        JsonObject[] found = new JsonObject[1];
        waitFor(() -> {
            found[0] = session.receivedSoFar().stream().filter(wanted).findFirst().orElse(null);
            return found[0] != null;
        }, () -> "a matching message; received so far: " + session.receivedSoFar());
        return found[0];
    }

    private static List<String> tradeIds(JsonSocket session) {
        return session.receivedSoFar().stream().filter(m -> "trade".equals(m.getString("type"))).map(m -> m.getString("trade_id")).toList();
    }

    private static JsonObject health(String broker) {
        return HealthRegistry.snapshot(mesh.vertx()).getJsonObject("broker." + broker, new JsonObject());
    }

    private static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JsonSocket.GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s (failure guard)", what.get()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
