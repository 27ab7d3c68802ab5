package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.e2e.WireClient.Conn;
import io.tradewire.e2e.WireClient.SocketIo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The authorization matrix of issue 9: two users, each in turn the owner of private data (an order with
 * a distinctive price, quantity and client order id, partly filled, then cancelled) and the intruder
 * who tries every private operation of every dialect against it:
 *
 * <table>
 *   <caption>what the intruder tries</caption>
 *   <tr><th>dialect</th><th>operation</th><th>expected</th></tr>
 *   <tr><td>exchange</td><td>connect with {@code ?user_id=OWNER}, auth with its own token</td><td>its own streams only</td></tr>
 *   <tr><td>exchange</td><td>{@code auth} claiming {@code user_id: OWNER}</td><td>{@code auth_response success:false}, still anonymous (401)</td></tr>
 *   <tr><td>exchange</td><td>subscribe {@code trade} / {@code account_update} (with {@code user_id: OWNER} in the request)</td><td>its own streams only</td></tr>
 *   <tr><td>exchange</td><td>{@code cancel_order} / {@code query_order} of the owner's order id</td><td>1002, the same answer as for a made-up id; the order is untouched</td></tr>
 *   <tr><td>exchange</td><td>{@code query_account}, {@code query_position}</td><td>its own</td></tr>
 *   <tr><td>ib</td><td>every private message type, {@code get_orders}</td><td>its own orders and account only</td></tr>
 *   <tr><td>socketio</td><td>CONNECT (also with {@code user_id: OWNER} in the auth payload), {@code subscribe_trading} of all types</td><td>its own balance, positions, pnl, orders only</td></tr>
 *   <tr><td>topics</td><td>subscribe {@code user.OWNER.*} keys</td><td>refused; nothing private arrives</td></tr>
 * </table>
 *
 * <p>Every frame every intruder session received is then searched for the owner's canaries (user id,
 * client order id, price, trade ids, order id); the order id may appear only in the intruder's own 1002
 * refusals. The intruder's sessions are open before the owner acts, so a misrouted live push would be
 * caught too; the end of the conversation is a causal barrier (the intruder's own later order has
 * reached every intruder session), not a sleep.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixIT {
    private static final String MADE_UP_ORDER_ID = "O00000000000000000000";
    private static final String HELPER = "matrix-carol";

    private static TestMesh mesh;
    private static WireClient wire;

    /**
     * One user's distinctive data: nothing of it may ever reach the other user. Each user trades its own
     * instrument, so that the other's positions are never marked at this price by a public trade.
     */
    record Canary(String user, String instrument, String price, int volume, String clientOrderId) {
    }

    private static final Canary ALICE = new Canary("matrix-alice", "AAPL", "101.37", 13, "CANARY-alice-7f3k");
    private static final Canary BOB = new Canary("matrix-bob", "IX2301", "118.3", 17, "CANARY-bob-q9x2");

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start(Map.of(
                "gateway.socketio.intervals.balance", "200ms",
                "gateway.socketio.intervals.positions", "200ms",
                "gateway.socketio.intervals.pnl", "200ms",
                "gateway.socketio.intervals.orders", "200ms"));
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

    @Test
    @Order(1)
    @DisplayName("Bob, in every dialect, reaches nothing of Alice's: no canary in any frame, her order untouched")
    void bobReachesNothingOfAlice() throws Exception {
        matrix(ALICE, BOB);
    }

    @Test
    @Order(2)
    @DisplayName("Alice, in every dialect, reaches nothing of Bob's: no canary in any frame, his order untouched")
    void aliceReachesNothingOfBob() throws Exception {
        matrix(BOB, ALICE);
    }

    private void matrix(Canary owner, Canary intruder) throws Exception {
        String intruderToken = mesh.token(intruder.user());
        Map<String, Conn> sessions = new LinkedHashMap<>();

        // ---- the intruder's sessions, open before the owner acts ---------------------------------------
        Conn urlOfOwner = wire.open("exchange ?user_id=owner", "/ws?user_id=" + owner.user());
        sessions.put(urlOfOwner.name, urlOfOwner);
        urlOfOwner.send(new JsonObject().put("type", "auth").put("token", intruderToken));
        JsonObject auth = urlOfOwner.awaitType("auth_response");
        assertThat(auth.getBoolean("success")).as("%s", auth).isTrue();
        assertThat(auth.getString("user_id")).isEqualTo(intruder.user());
        urlOfOwner.send(new JsonObject().put("type", "subscribe").put("user_id", owner.user())
                .put("channels", new JsonArray().add("trade").add("account_update"))
                .put("instruments", new JsonArray().add(owner.instrument()).add(intruder.instrument())));
        assertThat(urlOfOwner.awaitType("subscribe_response").getBoolean("success")).isTrue();

        Conn own = wire.open("exchange ?user_id=intruder", "/ws?user_id=" + intruder.user());
        sessions.put(own.name, own);
        own.send(new JsonObject().put("type", "auth").put("token", intruderToken).put("user_id", intruder.user()));
        assertThat(own.awaitType("auth_response").getBoolean("success")).isTrue();

        Conn claims = wire.open("exchange auth claiming owner", "/ws?user_id=" + owner.user());
        sessions.put(claims.name, claims);
        claims.send(new JsonObject().put("type", "auth").put("token", intruderToken).put("user_id", owner.user()));
        JsonObject claimed = claims.awaitType("auth_response");
        assertThat(claimed.getBoolean("success")).as("auth with the intruder's token claiming the owner: %s", claimed).isFalse();
        claims.send(new JsonObject().put("type", "query_account"));
        assertThat(claims.awaitType("error").getInteger("code")).isEqualTo(401);

        Conn ib = wire.open("ib", "/websocket/ws?client_id=matrix-" + intruder.user() + "&lang=en&token=" + intruderToken);
        sessions.put(ib.name, ib);
        ib.send(new JsonObject().put("type", "subscribe").put("message_types",
                new JsonArray().add("order_update").add("order_notification").add("mcp_order").add("account_update")));
        JsonObject subscribed = ib.awaitType("subscribed");
        assertThat(subscribed.getString("user_id")).isEqualTo(intruder.user());

        List<SocketIo> socketIos = new ArrayList<>();
        for (JsonObject payload : List.of(new JsonObject().put("token", intruderToken),
                new JsonObject().put("token", intruderToken).put("user_id", owner.user()).put("room", "orders_" + owner.user()))) {
            SocketIo sio = wire.openSocketIo("socketio " + payload.fieldNames(), "", Map.of());
            sessions.put(sio.conn.name, sio.conn);
            socketIos.add(sio);
            sio.connect(payload);
            assertThat(sio.awaitConnectAnswer()).startsWith("0");
            assertThat(sio.awaitEvent("connected").getValue("user_id")).isEqualTo(intruder.user());
            sio.emit("subscribe_trading", new JsonObject().put("types",
                    new JsonArray().add("balance").add("positions").add("pnl").add("orders")).put("user_id", owner.user()));
            sio.awaitEvent("subscribed");
        }

        Conn topics = wire.open("topics", "/api/v1/ws/" + intruder.user() + "?lang=en&token=" + intruderToken);
        sessions.put(topics.name, topics);
        topics.awaitType("connection_ack");
        for (String kind : List.of("orders", "trades", "account", "positions")) {
            topics.send(new JsonObject().put("type", "subscribe").put("topic", "user." + owner.user() + "." + kind));
            assertThat(topics.awaitType("error").getString("error_code")).isIn("invalid_topic", "subscription_failed");
        }

        // ---- the owner's private activity --------------------------------------------------------------
        Conn ownerSession = trader(owner.user());
        ownerSession.send(order(owner.instrument(), "BUY", owner.price(), owner.volume()).put("client_order_id", owner.clientOrderId()));
        JsonObject placed = ownerSession.awaitType("order_response");
        assertThat(placed.getBoolean("success")).as("%s", placed).isTrue();
        String orderId = placed.getString("order_id");
        Conn helper = trader(HELPER);
        helper.send(order(owner.instrument(), "SELL", owner.price(), 5));
        assertThat(helper.awaitType("order_response").getBoolean("success")).isTrue();
        List<String> tradeIds = new ArrayList<>();
        tradeIds.add(ownerSession.await(m -> "trade".equals(m.getString("type")) && orderId.equals(m.getString("order_id")))
                .getString("trade_id"));
        ownerSession.await(m -> "order_status".equals(m.getString("type")) && orderId.equals(m.getString("order_id"))
                && "PartiallyFilled".equals(m.getString("status")));

        // ---- the intruder goes for the owner's order by id ----------------------------------------------
        JsonObject cancelTheirs = request(urlOfOwner, new JsonObject().put("type", "cancel_order").put("order_id", orderId), "order_response");
        JsonObject cancelMadeUp = request(urlOfOwner, new JsonObject().put("type", "cancel_order").put("order_id", MADE_UP_ORDER_ID), "order_response");
        assertThat(cancelTheirs.getBoolean("success")).as("cancel of the owner's order: %s", cancelTheirs).isFalse();
        assertThat(cancelTheirs.getInteger("error_code")).as("%s", cancelTheirs).isEqualTo(1002);
        assertThat(neutral(cancelTheirs, orderId)).as("refusal for the owner's order vs a made-up id")
                .isEqualTo(neutral(cancelMadeUp, MADE_UP_ORDER_ID));

        JsonObject queryTheirs = request(urlOfOwner, new JsonObject().put("type", "query_order").put("order_id", orderId), "error");
        JsonObject queryMadeUp = request(urlOfOwner, new JsonObject().put("type", "query_order").put("order_id", MADE_UP_ORDER_ID), "error");
        assertThat(queryTheirs.getInteger("code")).as("%s", queryTheirs).isEqualTo(1002);
        assertThat(neutral(queryTheirs, orderId)).as("refusal for the owner's order vs a made-up id")
                .isEqualTo(neutral(queryMadeUp, MADE_UP_ORDER_ID));

        JsonObject account = request(urlOfOwner, new JsonObject().put("type", "query_account"), "query_response");
        assertThat(account.getJsonObject("data").getJsonObject("account").getString("user_id")).isEqualTo(intruder.user());
        JsonObject positions = request(urlOfOwner, new JsonObject().put("type", "query_position"), "query_response");
        assertThat(positions.getString("request_type")).isEqualTo("query_position"); // its own: checked with every frame below

        ib.send(new JsonObject().put("type", "get_orders"));
        assertThat(ib.awaitType("orders").getJsonArray("data")).as("the intruder's working orders (it has none yet)").isEmpty();

        // The owner's order is untouched by all this: still working, partly filled.
        ownerSession.send(new JsonObject().put("type", "query_order").put("order_id", orderId));
        JsonObject order = ownerSession.awaitType("query_response").getJsonObject("data").getJsonObject("order");
        assertThat(order.getString("status")).isEqualTo("PartiallyFilled");
        assertThat(order.getDouble("filled_volume")).isEqualTo(5.0);
        assertThat(order.getString("client_order_id")).isEqualTo(owner.clientOrderId());

        // More private activity: the owner cancels the rest.
        ownerSession.send(new JsonObject().put("type", "cancel_order").put("order_id", orderId));
        assertThat(ownerSession.awaitType("order_response").getBoolean("success")).isTrue();
        ownerSession.await(m -> "order_status".equals(m.getString("type")) && orderId.equals(m.getString("order_id"))
                && "Cancelled".equals(m.getString("status")));

        // ---- barrier: the intruder's own next order has reached every intruder session -------------------
        own.send(order(intruder.instrument(), "BUY", "50.0", 1).put("client_order_id", "barrier-" + intruder.user()));
        JsonObject barrier = own.awaitType("order_response");
        assertThat(barrier.getBoolean("success")).isTrue();
        String barrierId = barrier.getString("order_id");
        for (Conn exchange : List.of(urlOfOwner, own)) {
            exchange.await(m -> "order_status".equals(m.getString("type")) && barrierId.equals(m.getString("order_id")));
        }
        ib.await(m -> "order_update".equals(m.getString("type")) && barrierId.equals(m.getJsonObject("data").getString("order_id")));
        for (SocketIo sio : socketIos) {
            sio.conn.awaitText(text -> text.startsWith("42[\"orders_update\"") && text.contains(barrierId));
        }
        claims.pingPong();
        topics.pingPong();
        own.send(new JsonObject().put("type", "cancel_order").put("order_id", barrierId));
        assertThat(own.awaitType("order_response").getBoolean("success")).isTrue();

        // ---- nothing of the owner's reached the intruder ----------------------------------------------
        List<String> forbidden = new ArrayList<>(List.of(owner.user(), owner.clientOrderId(), owner.price()));
        forbidden.addAll(tradeIds);
        for (Conn session : sessions.values()) {
            List<String> frames = session.everything();
            assertThat(frames).as("[%s] received frames", session.name).isNotEmpty();
            for (String frame : frames) {
                if (session == topics && isTopicRefusal(frame)) {
                    // The refusal echoes the topic the intruder typed (user.OWNER.orders): its own text, not the owner's data.
                    assertThat(frame).doesNotContain(owner.clientOrderId(), owner.price(), orderId);
                    continue;
                }
                for (String canary : forbidden) {
                    assertThat(frame).as("[%s] a frame carries the owner's %s", session.name, canary).doesNotContain(canary);
                }
                if (frame.contains(orderId)) {
                    assertThat(isRefusalOfUnknownOrder(frame)).as("[%s] a frame naming the owner's order %s is not a 1002 refusal: %s",
                            session.name, orderId, frame).isTrue();
                }
            }
        }
        for (Conn session : sessions.values()) {
            session.close();
        }
        ownerSession.close();
        helper.close();
    }

    /** The reply to the request: the next frame of that type on the session. */
    private static JsonObject request(Conn session, JsonObject message, String replyType) throws Exception {
        session.send(message);
        return session.awaitType(replyType);
    }

    /** The refusal with the order id replaced, so that two refusals can be compared. */
    private static String neutral(JsonObject reply, String orderId) {
        return reply.encode().replace(orderId, "<order id>");
    }

    private static boolean isTopicRefusal(String frame) {
        JsonObject reply = new JsonObject(frame);
        return "error".equals(reply.getString("type"))
                && List.of("invalid_topic", "subscription_failed").contains(reply.getString("error_code"));
    }

    private static boolean isRefusalOfUnknownOrder(String frame) {
        JsonObject reply = new JsonObject(frame);
        return "order_response".equals(reply.getString("type")) && Boolean.FALSE.equals(reply.getBoolean("success"))
                && Integer.valueOf(1002).equals(reply.getInteger("error_code"))
                || "error".equals(reply.getString("type")) && Integer.valueOf(1002).equals(reply.getInteger("code"));
    }

    private static JsonObject order(String instrument, String direction, String price, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", instrument).put("direction", direction)
                .put("offset", "OPEN").put("order_type", "LIMIT").put("volume", volume).put("price", price);
    }

    private static Conn trader(String user) throws Exception {
        Conn conn = wire.open("trader " + user, "/ws?user_id=" + user);
        conn.send(new JsonObject().put("type", "auth").put("token", mesh.token(user)));
        assertThat(conn.awaitType("auth_response").getBoolean("success")).isTrue();
        return conn;
    }
}
