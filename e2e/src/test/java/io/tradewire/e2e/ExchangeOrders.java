package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

/** Order entry over the exchange dialect, for the tests that trade: an authenticated session, a request, an accepted order. */
final class ExchangeOrders {
    private ExchangeOrders() {
    }

    /** A session of {@code user}, also following its trades and account ({@code ?user_id=}). */
    static JsonSocket trader(WebSocketClient client, TestMesh mesh, String user) throws Exception {
        JsonSocket session = JsonSocket.connect(client, mesh.port(), "/ws?user_id=" + user);
        session.send(new JsonObject().put("type", "auth").put("token", mesh.token(user)));
        assertThat(session.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        return session;
    }

    /** Sends an order-entry message and returns its order_response. */
    static JsonObject request(JsonSocket session, JsonObject message) throws Exception {
        session.send(message);
        return session.await(m -> "order_response".equals(m.getString("type")));
    }

    /** Sends an order that must be accepted; returns its id. */
    static String placed(JsonSocket session, JsonObject order) throws Exception {
        JsonObject response = request(session, order);
        assertThat(response.getBoolean("success")).as("%s -> %s", order, response).isTrue();
        return response.getString("order_id");
    }
}
