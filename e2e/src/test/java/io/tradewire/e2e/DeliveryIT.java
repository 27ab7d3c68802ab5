package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Delivery guarantees with real clients: a Python client ({@code websocket-client}) that drops its connection during
 * a burst of fills and resumes over the {@code exchange} dialect, with the notifier's history long enough and too
 * short; and a gateway that loses a share of the notifier's messages on the bus. Each test starts its own mesh.
 */
class DeliveryIT {
    private static final int FILLS = 30;

    @Test
    @DisplayName("A client that drops during a burst of fills resumes with no gap and no duplicate")
    void resumeDuringABurst() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            ClientScripts.python("resume_burst.py", "--url", mesh.wsUrl("/ws"), "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"), "--mode", "live");
        }
    }

    @Test
    @DisplayName("A resume after the history expired is answered recovered:false, then resync and a fresh snapshot")
    void resumeAfterTheHistoryExpired() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of("notifier.history.max-messages", "2"))) {
            ClientScripts.python("resume_burst.py", "--url", mesh.wsUrl("/ws"), "--token1", mesh.token("user001"),
                    "--token2", mesh.token("user002"), "--mode", "expired");
        }
    }

    @Test
    @DisplayName("socket.io-client's connection state recovery: dropped during a burst of fills, back recovered, the missed changes once")
    void socketIoConnectionStateRecovery() throws Exception {
        java.nio.file.Path node = ClientScripts.nodeDir();
        assertThat(node.resolve("node_modules/socket.io-client")).as("socket.io-client is installed: run `npm ci` in %s", node)
                .isDirectory();
        try (TestMesh mesh = TestMesh.start(Map.of(
                "gateway.socketio.intervals.balance", "300ms",
                "gateway.socketio.intervals.positions", "300ms",
                "gateway.socketio.intervals.pnl", "300ms",
                "gateway.socketio.intervals.orders", "300ms"))) {
            ClientScripts.node("socketio_resume.js", List.of("--url", "http://127.0.0.1:" + mesh.port(), "--exchange-url", mesh.wsUrl("/ws"),
                    "--token1", mesh.token("user001"), "--token2", mesh.token("user002")));
        }
    }

    /**
     * Fault injection in the test only: an inbound interceptor on the bus drops one push in five on its way from the
     * notifier to the gateway (nothing in the product can drop messages). Every gap must be noticed and healed from
     * the history: each stream arrives whole, once, up to the notifier's head, and each fill's trade comes before
     * its order's Filled status.
     */
    @Test
    @DisplayName("Pushes lost between notifier and gateway are detected and healed: every stream whole, once, in order")
    void lostPushesAreHealed() throws Exception {
        try (TestMesh mesh = TestMesh.start()) {
            Random random = new Random(20261121);
            AtomicInteger dropped = new AtomicInteger();
            mesh.vertx().eventBus().addInboundInterceptor(delivery -> {
                if (delivery.message().address().startsWith("push.") && delivery.body() instanceof Push && random.nextInt(5) == 0) {
                    dropped.incrementAndGet();
                    return;
                }
                delivery.next();
            });
            WebSocketClient client = mesh.vertx().createWebSocketClient();
            JsonSocket maker = connect(client, mesh, "user002");
            JsonSocket taker = connect(client, mesh, "user001");
            JsonSocket listener = connect(client, mesh, "user001");
            listener.send(new JsonObject().put("type", "subscribe").put("channels", List.of("orderbook", "ticker"))
                    .put("instruments", List.of("IX2301")));
            listener.await(m -> "subscribe_response".equals(m.getString("type")));
            JsonSocket ib = JsonSocket.connect(client, mesh.port(), "/websocket/ws?token=" + mesh.token("user001"));
            ib.send(new JsonObject().put("type", "subscribe").put("message_types", List.of("order_update", "account_update")));
            ib.await(m -> "subscribed".equals(m.getString("type")));
            for (int i = 0; i < FILLS; i++) {
                maker.send(order("SELL", "m" + i));
                maker.await(m -> "order_response".equals(m.getString("type")));
            }
            for (int i = 0; i < FILLS; i++) {
                taker.send(order("BUY", "t" + i));
            }
            List<JsonObject> received = new ArrayList<>();
            Map<String, Long> last = new LinkedHashMap<>();
            for (String stream : List.of("user.user001.orders", "user.user001.trades", "user.user001.account", "market.IX2301.book",
                    "market.IX2301.ticker")) {
                long head = head(mesh, stream, FILLS);
                last.put(stream, head);
                while (received.stream().noneMatch(m -> stream.equals(m.getString("stream")) && m.getLong("seq") == head)) {
                    received.add(listener.await(m -> m.containsKey("seq")));
                }
            }
            received.addAll(listener.drain().stream().filter(m -> m.containsKey("seq")).toList());

            assertThat(dropped.get()).as("pushes dropped on the bus").isPositive();
            assertThat(received).noneMatch(m -> "resync".equals(m.getString("type")));
            Map<String, List<Long>> live = new LinkedHashMap<>();
            Map<String, Long> snapshotAt = new LinkedHashMap<>();
            for (JsonObject m : received) {
                if (m.getBoolean("snapshot", false)) {
                    snapshotAt.put(m.getString("stream"), m.getLong("seq"));
                } else {
                    live.computeIfAbsent(m.getString("stream"), k -> new ArrayList<>()).add(m.getLong("seq"));
                }
            }
            last.forEach((stream, head) -> {
                List<Long> seqs = live.getOrDefault(stream, List.of());
                long first = seqs.isEmpty() ? head + 1 : seqs.get(0);
                assertThat(seqs).as(stream + " arrives whole and once").isEqualTo(
                        java.util.stream.LongStream.rangeClosed(first, head).boxed().toList());
                if (snapshotAt.containsKey(stream)) {
                    assertThat(first).as(stream + " goes on right after its snapshot").isEqualTo(snapshotAt.get(stream) + 1);
                }
            });
            for (int i = 0; i < received.size(); i++) {
                JsonObject m = received.get(i);
                if ("order_status".equals(m.getString("type")) && "Filled".equals(m.getString("status"))) {
                    String orderId = m.getString("order_id");
                    assertThat(received.subList(0, i)).as("the trade of %s comes before its Filled status", orderId)
                            .anyMatch(t -> "trade".equals(t.getString("type")) && orderId.equals(t.getString("order_id")));
                }
            }
            accountFollowsFills(received, m -> "order_status".equals(m.getString("type")) ? m.getString("status") : null,
                    m -> "account_update".equals(m.getString("type")) ? m.getString("margin") : null);

            // The ib dialect, on the same lossy bus: its order and account streams whole, in causal order.
            List<JsonObject> ibFrames = new ArrayList<>();
            for (String stream : List.of("user.user001.orders", "user.user001.account")) {
                long head = last.get(stream);
                while (ibFrames.stream().noneMatch(m -> stream.equals(m.getString("stream")) && m.getLong("seq") == head)) {
                    ibFrames.add(ib.await(m -> m.containsKey("seq")));
                }
            }
            for (String stream : List.of("user.user001.orders", "user.user001.account")) {
                List<Long> seqs = ibFrames.stream().filter(m -> stream.equals(m.getString("stream"))).map(m -> m.getLong("seq")).toList();
                assertThat(seqs).as("ib: " + stream + " whole and once").isEqualTo(
                        java.util.stream.LongStream.rangeClosed(seqs.get(0), last.get(stream)).boxed().toList());
            }
            accountFollowsFills(ibFrames,
                    m -> "order_update".equals(m.getString("type")) ? m.getJsonObject("data").getString("status") : null,
                    m -> "account_update".equals(m.getString("type")) ? m.getJsonObject("data").getString("margin") : null);
        }
    }

    /**
     * Causal order across a user's streams: an account update shows the margin of the lots filled so far (120 × 300 ×
     * 0.12 = 4,320 per one-lot buy), so it may only come after that many Filled order statuses.
     */
    private static void accountFollowsFills(List<JsonObject> frames, java.util.function.Function<JsonObject, String> status,
            java.util.function.Function<JsonObject, String> margin) {
        int filled = 0;
        int accounts = 0;
        for (JsonObject frame : frames) {
            if ("Filled".equals(status.apply(frame))) {
                filled++;
            }
            String held = margin.apply(frame);
            if (held != null && !frame.getBoolean("snapshot", false)) {
                accounts++;
                java.math.BigDecimal lots = new java.math.BigDecimal(held).divide(new java.math.BigDecimal("4320"));
                assertThat(lots.intValueExact()).as("an account with %s margin after %d fills", held, filled).isLessThanOrEqualTo(filled);
            }
        }
        assertThat(filled).isEqualTo(FILLS);
        assertThat(accounts).isPositive();
    }

    private static JsonSocket connect(WebSocketClient client, TestMesh mesh, String user) throws Exception {
        JsonSocket socket = JsonSocket.connect(client, mesh.port(), "/ws?user_id=" + user);
        socket.send(new JsonObject().put("type", "auth").put("user_id", user).put("token", mesh.token(user)));
        socket.await(m -> "auth_response".equals(m.getString("type")) && m.getBoolean("success"));
        return socket;
    }

    private static JsonObject order(String direction, String id) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", "IX2301").put("direction", direction)
                .put("offset", "OPEN").put("order_type", "LIMIT").put("price", "120.0").put("volume", 1)
                .put("client_order_id", id);
    }

    /** The notifier's latest sequence number of a stream, once the burst has settled (every trade of the taker counted). */
    private static long head(TestMesh mesh, String stream, int fills) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        long previous = -1;
        while (true) {
            Message<History> reply = TestMesh.await(TestMesh.onContext(mesh.vertx(),
                    () -> mesh.vertx().eventBus().<History>request(Addresses.notifierHistory(stream), HistoryRequest.head(stream))), 10);
            long head = reply.body().lastSeq();
            long trades = TestMesh.await(TestMesh.onContext(mesh.vertx(), () -> mesh.vertx().eventBus().<History>request(
                    Addresses.notifierHistory("user.user001.trades"), HistoryRequest.head("user.user001.trades"))), 10).body().lastSeq();
            if (trades >= fills && head == previous) {
                return head;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after 15 s the taker's trades stream holds " + trades + " of " + fills
                        + " fills, or " + stream + " is still moving (head " + head + ")");
            }
            previous = head;
            Thread.sleep(200);
        }
    }
}
