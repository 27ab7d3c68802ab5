package io.tradewire.e2e;

import static io.tradewire.e2e.TestMesh.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.TokenService;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar as an operator runs a cluster: three nodes, each a separate JVM started with {@code setsid} on loopback
 * (a core node with the venue and the notifier, two gateways), free ports probed at run time and a cluster name of its
 * own. Faults are injected only once the cluster has formed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessIT {
    private static final Path BUILT_JAR = Path.of(System.getProperty("e2e.jar", "../launcher/target/tradewire.jar"));
    private static final long GUARD_SECONDS = 90;

    /** One node: its process, HTTP port and log file. */
    record Node(String name, Process process, int httpPort, Path log) {
    }

    private Path dir;
    private final String clusterName = "tradewire-pit-" + UUID.randomUUID();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** Nodes the test killed on purpose. */
    private final java.util.Set<String> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Vertx clientVertx;
    private WebSocketClient client;
    private TokenService tokens;

    @BeforeAll
    void startCluster(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        assertThat(BUILT_JAR).as("the fat jar is built by the launcher module").exists();
        Path jar = Files.copy(BUILT_JAR, dir.resolve("tradewire.jar")); // a concurrent build must not rewrite it under us
        Map<String, String> verticles = new LinkedHashMap<>();
        verticles.put("core-1", "matching,notifier");
        verticles.put("gw-1", "gateway");
        verticles.put("gw-2", "gateway");
        Map<String, Integer> clusterPorts = new LinkedHashMap<>();
        for (String name : verticles.keySet()) {
            clusterPorts.put(name, freePort());
        }
        String members = clusterPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (Map.Entry<String, String> entry : verticles.entrySet()) {
            String name = entry.getKey();
            int httpPort = freePort();
            Path log = dir.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of("setsid",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "run", "--cluster", "--node-name", name, "--cluster-host", "127.0.0.1",
                    "--cluster-port", clusterPorts.get(name).toString(), "--cluster-members", members,
                    "--verticles", entry.getValue(), "--http-port", Integer.toString(httpPort),
                    "--data-dir", dir.resolve("data-" + name).toString(),
                    "--set", "cluster.name=" + clusterName, "--set", "http.host=127.0.0.1",
                    "--set", "market.simulator.enabled=false"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("TRADEWIRE_AUTH_JWT_SECRET", TestMesh.SECRET);
            nodes.put(name, new Node(name, builder.start(), httpPort, log));
        }
        for (Node node : nodes.values()) {
            awaitTrue(() -> memberNames(node).size() == 3, node.name() + " sees the three members");
        }
        clientVertx = Vertx.vertx();
        client = clientVertx.createWebSocketClient();
        tokens = new TokenService(clientVertx, new AuthConfig(TestMesh.SECRET, false, dir, "tradewire", "tradewire",
                Duration.ofHours(1)), TestMesh.SECRET);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (clientVertx != null) {
            await(clientVertx.close(), 10);
        }
        for (Node node : nodes.values()) {
            node.process().destroy();
        }
        for (Node node : nodes.values()) {
            if (!node.process().waitFor(20, TimeUnit.SECONDS)) {
                node.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
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
        JsonSocket listener = session(nodes.get("gw-2"), user, true);
        JsonSocket trader = session(nodes.get("gw-1"), user, false);
        JsonSocket maker = session(nodes.get("gw-1"), user + "-mm", false);
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
        Node doomed = nodes.get("gw-1");
        Node survivor = nodes.get("gw-2");
        JsonSocket listener = session(doomed, user, false);
        JsonSocket trader = session(survivor, user, false);
        try {
            String first = ExchangeOrders.placed(trader, order("AAPL", "BUY", "100.00", 1));
            JsonObject seen = listener.await(m -> "order_status".equals(m.getString("type")) && first.equals(m.getString("order_id")));
            long epoch = seen.getLong("epoch");
            long seq = seen.getLong("seq");

            killed.add(doomed.name());
            assertThat(new ProcessBuilder("kill", "-9", Long.toString(doomed.process().pid())).start().waitFor()).isZero();
            assertThat(doomed.process().waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).as("gw-1 died").isTrue();
            assertThat(listener.closed.get(GUARD_SECONDS, TimeUnit.SECONDS)).as("the client saw its socket drop").isNotNull();
            awaitTrue(() -> memberNames(nodes.get("core-1")).equals(List.of("core-1", "gw-2").stream().sorted().toList()),
                    "core-1 sees gw-1 gone");

            // Orders while the client is away: it must get them on resume, in order, once each.
            List<String> missed = new ArrayList<>();
            missed.add(ExchangeOrders.placed(trader, order("AAPL", "BUY", "100.01", 1)));
            missed.add(ExchangeOrders.placed(trader, order("AAPL", "BUY", "100.02", 1)));

            JsonSocket resumed = JsonSocket.connect(client, survivor.httpPort(), "/ws");
            try {
                resumed.send(new JsonObject().put("type", "auth").put("token", tokens.mint(user, Duration.ofHours(1))));
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
            throw new AssertionError(e.getMessage() + logs(), e);
        }
    }

    private String logs() throws IOException {
        StringBuilder logs = new StringBuilder();
        for (Node node : nodes.values()) {
            logs.append("\n--- ").append(node.name()).append('\n').append(Files.readString(node.log()));
        }
        return logs.toString();
    }

    private JsonSocket session(Node gateway, String user, boolean follow) throws Exception {
        JsonSocket session = JsonSocket.connect(client, gateway.httpPort(), follow ? "/ws?user_id=" + user : "/ws");
        session.send(new JsonObject().put("type", "auth").put("token", tokens.mint(user, Duration.ofHours(1))));
        assertThat(session.await(m -> "auth_response".equals(m.getString("type"))).getBoolean("success")).isTrue();
        return session;
    }

    private static JsonObject order(String instrument, String direction, String price, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", instrument).put("direction", direction)
                .put("offset", "OPEN").put("volume", volume).put("price", price).put("order_type", "LIMIT");
    }

    /** The member names in the node's /health, sorted; empty while it does not answer yet. */
    private static List<String> memberNames(Node node) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.httpPort() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonArray members = new JsonObject(response.body()).getJsonObject("cluster").getJsonArray("members");
            return members.stream().map(m -> ((JsonObject) m).getString("name")).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private void awaitTrue(java.util.function.BooleanSupplier check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!check.getAsBoolean()) {
            for (Node node : nodes.values()) {
                if (!node.process().isAlive() && !killed.contains(node.name())) {
                    throw new AssertionError(node.name() + " exited: " + Files.readString(node.log()));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " (failure guard)" + logs());
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        return NodeProcess.freePort();
    }
}
