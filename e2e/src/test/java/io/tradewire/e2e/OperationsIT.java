package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /metrics} seen by a scraper around a scripted session over two dialects: the counters move by exactly what
 * the session did, the gauges show its sessions, and no user id or token appears in any label.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
    /** The names of meters in a PromQL expression: ours, the JVM's and Vert.x's. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:tradewire|jvm|process|system|vertx)_[a-z0-9_]+\\b");
    private static final String VENUE = "tradewire";
    private static TestMesh mesh;
    private static Vertx vertx;
    private static WebSocketClient client; // referenced for the class: Vert.x closes unreferenced clients

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start();
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
    @Order(1)
    @DisplayName("A scripted session over exchange and ib moves frames, venue, bus and journal meters by what it did")
    void scriptedSessionMovesTheCounters() throws Exception {
        Scrape before = Scrape.of(mesh.port());
        String sellerToken = mesh.token("ops-seller");
        String buyerToken = mesh.token("ops-buyer");

        JsonSocket ib = connect("/websocket/ws?client_id=ops&lang=en&token=" + buyerToken);
        ib.send(new JsonObject().put("type", "subscribe").put("message_types", new JsonArray().add("order_update")));
        ib.await(m -> "subscribed".equals(m.getString("type")));
        JsonSocket seller = trader("ops-seller", sellerToken);
        JsonSocket buyer = trader("ops-buyer", buyerToken);
        TestMesh.await(seller.socket.writeTextMessage("{not json"), 10);
        seller.await(m -> "error".equals(m.getString("type")) || Boolean.FALSE.equals(m.getBoolean("success")));
        seller.send(order("SELL", 3));
        assertThat(seller.await(m -> "order_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        buyer.send(order("BUY", 3));
        assertThat(buyer.await(m -> "order_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        buyer.send(order("BUY", 1_000_000)); // far beyond the demo balance: the venue rejects it
        assertThat(buyer.await(m -> "order_response".equals(m.getString("type"))).getBoolean("success")).isFalse();
        ib.await(m -> "order_update".equals(m.getString("type")) && "Filled".equals(m.getJsonObject("data").getString("status")));

        Scrape after = Scrape.of(mesh.port());
        try {
            // Gauges: the sessions open now.
            assertThat(after.value("tradewire_gateway_sessions", "dialect", "exchange")).isEqualTo(2);
            assertThat(after.value("tradewire_gateway_sessions", "dialect", "ib")).isEqualTo(1);
            assertThat(after.value("tradewire_gateway_sessions", "dialect", "topics")).isZero();
            // Frames in, by what they were.
            assertThat(delta(before, after, "tradewire_gateway_frames_received_total", "dialect", "exchange", "type", "authenticate"))
                    .isEqualTo(2);
            assertThat(delta(before, after, "tradewire_gateway_frames_received_total", "dialect", "exchange", "type", "submit_order"))
                    .isEqualTo(3);
            assertThat(delta(before, after, "tradewire_gateway_frames_received_total", "dialect", "exchange", "type", "invalid"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "tradewire_gateway_frames_received_total", "dialect", "ib", "type", "subscribe"))
                    .isEqualTo(1);
            // Frames out: one auth_response per login, one order_response per order.
            assertThat(delta(before, after, "tradewire_gateway_frames_sent_total", "dialect", "exchange", "type", "auth_result"))
                    .isEqualTo(2);
            assertThat(delta(before, after, "tradewire_gateway_frames_sent_total", "dialect", "exchange", "type", "command_result"))
                    .isEqualTo(3);
            assertThat(delta(before, after, "tradewire_gateway_frames_sent_total", "dialect", "ib", "type", "order_updated"))
                    .isGreaterThanOrEqualTo(1);
            // The venue: two orders accepted, one rejected, each acknowledged (ack latency histogram).
            assertThat(delta(before, after, "tradewire_venue_commands_total", "venue", VENUE, "command", "submit_order",
                    "outcome", "accepted")).isEqualTo(2);
            assertThat(delta(before, after, "tradewire_venue_commands_total", "venue", VENUE, "command", "submit_order",
                    "outcome", "rejected")).isEqualTo(1);
            assertThat(delta(before, after, "tradewire_venue_ack_seconds_count", "venue", VENUE, "command", "submit_order"))
                    .isEqualTo(3);
            assertThat(delta(before, after, "tradewire_venue_ack_seconds_bucket", "venue", VENUE, "command", "submit_order",
                    "le", "+Inf")).isEqualTo(3);
            // The gateway's side of the same round trips over the bus.
            String address = "matching." + VENUE;
            assertThat(delta(before, after, "tradewire_gateway_bus_request_seconds_count", "address", address, "type", "submit_order",
                    "outcome", "ok")).isEqualTo(2);
            assertThat(delta(before, after, "tradewire_gateway_bus_request_seconds_count", "address", address, "type", "submit_order",
                    "outcome", "rejected")).isEqualTo(1);
            // The journal made the accepted orders durable, with at least one fsync and at most one per record.
            double records = delta(before, after, "tradewire_journal_batch_records_sum", "venue", VENUE);
            double fsyncs = delta(before, after, "tradewire_journal_fsync_seconds_count", "venue", VENUE);
            assertThat(records).isGreaterThanOrEqualTo(2);
            assertThat(fsyncs).isBetween(1.0, records);
            // Components, the JVM and Vert.x.
            for (String component : List.of("gateway", "notifier", "broker", "matching." + VENUE)) {
                assertThat(after.value("tradewire_component_up", "component", component)).as(component).isEqualTo(1);
            }
            assertThat(after.value("jvm_memory_used_bytes")).isPositive();
            assertThat(after.value("vertx_eventbus_processed_total")).isPositive();
            assertThat(after.value("tradewire_gateway_outbound_dropped_frames_total")).isZero();
            assertThat(after.value("tradewire_gateway_outbound_queue_frames")).isCloseTo(0, within(1000.0));
            // No user id, no token in any label or value.
            assertThat(after.text()).doesNotContain("ops-seller", "ops-buyer", sellerToken, buyerToken);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nscrape:\n" + after.text(), e);
        }
        for (JsonSocket socket : List.of(ib, seller, buyer)) {
            socket.close();
        }
    }

    @Test
    @Order(2)
    @DisplayName("Every metric the Grafana dashboard queries is in a real scrape, and every Tradewire metric is on the dashboard")
    void dashboardMatchesTheScrape() throws Exception {
        Scrape scrape = Scrape.of(mesh.port());
        JsonObject dashboard = new JsonObject(Files.readString(Path.of("..", "docs", "ops", "grafana-dashboard.json")));
        Set<String> queried = new TreeSet<>();
        for (Object panel : dashboard.getJsonArray("panels")) {
            for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
                Matcher names = METRIC.matcher(((JsonObject) target).getString("expr"));
                while (names.find()) {
                    queried.add(names.group());
                }
            }
        }
        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(scrape.names()).as("series of the scrape").containsAll(queried);
        Set<String> families = new TreeSet<>();
        scrape.names().stream().filter(name -> name.startsWith("tradewire_"))
                .map(name -> name.replaceAll("_(bucket|count|sum|max)$", "")).forEach(families::add);
        for (String family : families) {
            assertThat(queried).as("the dashboard queries " + family).anyMatch(name -> name.startsWith(family));
        }
    }

    @Test
    @Order(3)
    @DisplayName("With metrics.enabled=false there is no /metrics (404) and /health, /ready still answer")
    void metricsCanBeDisabled() throws Exception {
        try (TestMesh plain = TestMesh.start(Map.of("metrics.enabled", "false"))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + plain.port();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static JsonObject order(String direction, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", "AAPL").put("direction", direction)
                .put("offset", "OPEN").put("volume", volume).put("price", 188.0).put("order_type", "LIMIT");
    }

    private JsonSocket trader(String user, String token) throws Exception {
        JsonSocket socket = connect("/ws");
        socket.send(new JsonObject().put("type", "auth").put("token", token));
        assertThat(socket.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        return socket;
    }

    private JsonSocket connect(String uri) throws Exception {
        return JsonSocket.connect(client, mesh.port(), uri);
    }
}
