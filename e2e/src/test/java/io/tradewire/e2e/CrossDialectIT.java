package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One order, many dialects: what the exchange dialect does is seen by the same user's other dialects
 * (the socketio side of it runs in {@code SocketIoDialectIT}, whose clients see orders placed over
 * the exchange dialect).
 */
class CrossDialectIT {
    private static TestMesh mesh;
    private static Vertx vertx;
    private static WebSocketClient client; // referenced for the class: Vert.x closes unreferenced clients

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start(java.util.Map.of("matching.summary-interval", "300ms"));
        vertx = Vertx.vertx();
        client = vertx.createWebSocketClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            TestMesh.await(vertx.close(), 10);
        }
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    @DisplayName("An exchange-dialect trade reaches the buyer's ib session (order_update, notification, account) and topics bar subscribers")
    void exchangeOrderIsSeenEverywhere() throws Exception {
        JsonSocket ib = connect("/websocket/ws?client_id=cross&lang=en&token=" + mesh.token("cross-buyer"));
        ib.send(new JsonObject().put("type", "subscribe")
                .put("message_types", new JsonArray().add("order_update").add("order_notification").add("account_update")));
        ib.await(m -> "subscribed".equals(m.getString("type")));

        JsonSocket topics = connect("/api/v1/ws/cross-watcher");
        topics.await(m -> "connection_ack".equals(m.getString("type")));
        topics.send(new JsonObject().put("type", "subscribe").put("topic", "stock.AAPL.1m"));
        topics.await(m -> "subscribe_ack".equals(m.getString("type")));
        topics.send(new JsonObject().put("type", "subscribe").put("topic", "market.US.summary"));
        topics.await(m -> "subscribe_ack".equals(m.getString("type")) && "market.US.summary".equals(m.getString("topic")));

        JsonSocket seller = trader("cross-seller");
        JsonSocket buyer = trader("cross-buyer");
        seller.send(order("SELL", 7));
        assertThat(seller.await(m -> "order_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        buyer.send(order("BUY", 7));
        String orderId = buyer.await(m -> "order_response".equals(m.getString("type"))).getString("order_id");
        assertThat(orderId).matches("O\\d{20}");

        // In order: the order appears (order_update Submitted + order_notification created), fills, the account follows.
        ib.await(m -> "order_notification".equals(m.getString("type"))
                && orderId.equals(m.getJsonObject("data").getString("order_id")));
        JsonObject filled = ib.await(m -> "order_update".equals(m.getString("type"))
                && orderId.equals(m.getJsonObject("data").getString("order_id"))
                && "Filled".equals(m.getJsonObject("data").getString("status")));
        assertThat(filled.getJsonObject("data").getDouble("filled")).isEqualTo(7.0);
        JsonObject account = ib.await(m -> "account_update".equals(m.getString("type"))
                && m.getJsonObject("data").getDouble("margin") > 0);
        assertThat(account.getJsonObject("data").getDouble("margin")).isEqualTo(188.0 * 7);

        JsonObject bar = topics.await(m -> "data".equals(m.getString("type"))
                && m.getJsonObject("data").getDouble("volume", 0.0) >= 7.0);
        assertThat(bar.getString("topic")).isEqualTo("stock.AAPL.1m");
        assertThat(bar.getJsonObject("data").getDouble("close")).isEqualTo(188.0);
        JsonObject summary = topics.await(m -> "data".equals(m.getString("type")) && "market.US.summary".equals(m.getString("topic"))
                && m.getJsonObject("data").getJsonArray("items").stream().map(JsonObject.class::cast)
                        .anyMatch(item -> "AAPL".equals(item.getString("symbol")) && item.getDouble("last") == 188.0));
        assertThat(summary.getJsonObject("data").getString("region")).isEqualTo("US");

        for (JsonSocket socket : List.of(ib, topics, seller, buyer)) {
            socket.close();
        }
    }

    private static JsonObject order(String direction, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", "AAPL").put("direction", direction)
                .put("offset", "OPEN").put("volume", volume).put("price", 188.0).put("order_type", "LIMIT");
    }

    private JsonSocket trader(String user) throws Exception {
        JsonSocket socket = connect("/ws");
        socket.send(new JsonObject().put("type", "auth").put("token", mesh.token(user)));
        assertThat(socket.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        return socket;
    }

    private JsonSocket connect(String uri) throws Exception {
        return JsonSocket.connect(client, mesh.port(), uri);
    }
}
