package io.tradewire.e2e;

import static io.tradewire.e2e.TestMesh.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.gateway.qe.ApiKeyStore;
import io.tradewire.launcher.ClusterConfig;
import io.tradewire.launcher.ClusterNode;
import io.tradewire.launcher.Mesh;
import io.tradewire.model.Addresses;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.cluster.ClusterView;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three clustered nodes in one JVM, built by the launcher's own code ({@link ClusterNode}, {@link Mesh#startNode}):
 * two gateways and a core node (venue, notifier, simulated market, algo). Hazelcast joins over TCP/IP on 127.0.0.1 with
 * ports probed free at run time and a cluster name of its own, so that concurrent runs never meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    private static final long GUARD_SECONDS = 30;

    /** One node of the test cluster. */
    record Node(String name, Vertx vertx, Mesh mesh, Path dataDir) {
        int httpPort() {
            return mesh.httpPort();
        }

        ClusterView view() {
            return ClusterView.of(vertx);
        }
    }

    private final String clusterName = "tradewire-it-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Path> dataDirs = new CopyOnWriteArrayList<>();
    /** The QE API key store every gateway shares ({@code gateway.qe.api-key-dir}). */
    private Path apiKeyDir;
    private Node gatewayA;
    private Node gatewayB;
    private Node core;
    private Vertx clientVertx;
    private WebSocketClient client;
    private TokenService tokens;

    @BeforeAll
    void startCluster() throws Exception {
        apiKeyDir = Files.createTempDirectory("tradewire-cluster-qe-keys-");
        dataDirs.add(apiKeyDir);
        for (int i = 0; i < 3; i++) {
            ports.add(NodeProcess.freePort());
        }
        core = start("core-1", ports.get(0), EnumSet.of(Mesh.Part.MATCHING, Mesh.Part.NOTIFIER, Mesh.Part.BROKER, Mesh.Part.ALGO));
        gatewayA = start("gw-a", ports.get(1), EnumSet.of(Mesh.Part.GATEWAY));
        gatewayB = start("gw-b", ports.get(2), EnumSet.of(Mesh.Part.GATEWAY));
        clientVertx = Vertx.vertx();
        client = clientVertx.createWebSocketClient();
        tokens = new TokenService(clientVertx, new AuthConfig(TestMesh.SECRET, false, core.dataDir(), "tradewire", "tradewire",
                Duration.ofHours(1)), TestMesh.SECRET);
        // A node's join completes before the members already there have handled the membership event that adds it.
        awaitThreeMembersEverywhere();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (clientVertx != null) {
            await(clientVertx.close(), 10);
        }
        for (Node node : new Node[] {gatewayB, gatewayA, core}) {
            if (node != null) {
                await(node.mesh().stop().eventually(() -> node.vertx().close()), 30);
            }
        }
        for (Path dir : dataDirs) {
            deleteTree(dir);
        }
    }

    @Test
    @DisplayName("every node sees the three members with the parts each runs, in the same node-id order")
    void membersAndParts() {
        for (Node node : List.of(core, gatewayA, gatewayB)) {
            ClusterView view = node.view();
            assertThat(view.clustered()).isTrue();
            assertThat(view.self().name()).isEqualTo(node.name());
            assertThat(view.members()).extracting(ClusterView.Member::name).containsExactlyInAnyOrder("core-1", "gw-a", "gw-b");
            assertThat(view.members()).isSortedAccordingTo((x, y) -> x.nodeId().compareTo(y.nodeId()));
            assertThat(view.running("gateway")).extracting(ClusterView.Member::name).containsExactlyInAnyOrder("gw-a", "gw-b");
            assertThat(view.running("matching")).extracting(ClusterView.Member::name).containsExactly("core-1");
            assertThat(view.running("algo")).extracting(ClusterView.Member::parts)
                    .containsExactly(Set.of("matching", "notifier", "broker", "algo"));
        }
        assertThat(gatewayA.view().members()).isEqualTo(core.view().members());
    }

    @Test
    @DisplayName("a message of every record type in BusCodecs sent from one gateway to the core node decodes equal there and back")
    void everyCodecCrossesTheWire() throws Exception {
        BusCodecs.ensureRegistered(gatewayA.vertx());
        BusCodecs.ensureRegistered(core.vertx());
        String address = "test.codecs." + UUID.randomUUID();
        List<Object> receivedOnCore = new CopyOnWriteArrayList<>();
        MessageConsumer<Object> echo = core.vertx().eventBus().consumer(address, message -> {
            receivedOnCore.add(message.body());
            message.reply(message.body());
        });
        await(echo.completion(), 10);
        try {
            List<Object> samples = new ArrayList<>();
            for (Class<?> type : BusCodecs.RECORDS) {
                samples.add(sample(type, type.getSimpleName(), 0));
            }
            awaitTrue(() -> registeredOn(gatewayA, address).contains(core.view().self().nodeId()), "the echo consumer is known to gw-a");
            for (Object sample : samples) {
                Object back = await(gatewayA.vertx().eventBus().request(address, sample), 10).body();
                assertThat(back).as("%s came back", sample.getClass().getSimpleName()).isEqualTo(sample).isNotSameAs(sample);
            }
            assertThat(receivedOnCore).containsExactlyElementsOf(samples);
            assertThat(receivedOnCore).extracting(Object::getClass).containsExactlyElementsOf(BusCodecs.RECORDS);
        } finally {
            await(echo.unregister(), 10);
        }
    }

    @Test
    @DisplayName("orders placed through gateway A reach the same user's socket on gateway B; only B consumes the stream only B's session follows")
    void crossGatewayNotifications() throws Exception {
        String user = "cl-" + UUID.randomUUID().toString().substring(0, 8);
        // The exchange dialect follows a user's orders on every authenticated session, and the user's trades only on a
        // session opened with ?user_id=: both gateways consume the orders stream, only gw-b the trades stream.
        String stream = Addresses.push(StreamKeys.userTrades(user));
        JsonSocket listener = session(gatewayB, user, true);
        JsonSocket trader = session(gatewayA, user, false);
        JsonSocket maker = session(gatewayA, user + "-mm", false);
        try {
            // The trades stream is registered cluster-wide by gw-b alone (the positive control), never by gw-a, although
            // gw-a has an authenticated session of the same user that places the orders.
            awaitTrue(() -> registeredOn(core, stream).contains(gatewayB.view().self().nodeId()), "gw-b consumes " + stream);
            assertThat(registeredOn(core, stream)).containsExactly(gatewayB.view().self().nodeId());

            String resting = ExchangeOrders.placed(trader, order("AAPL", "BUY", "150.00", 1));
            ExchangeOrders.placed(maker, order("AAPL", "SELL", "191.00", 2));
            String buy = ExchangeOrders.placed(trader, order("AAPL", "BUY", "191.00", 2));

            JsonObject submitted = listener.await(m -> "order_status".equals(m.getString("type")) && resting.equals(m.getString("order_id")));
            assertThat(submitted.getString("instrument_id")).isEqualTo("AAPL");
            JsonObject trade = listener.await(m -> "trade".equals(m.getString("type")) && buy.equals(m.getString("order_id")));
            assertThat(trade.getInteger("volume")).isEqualTo(2);
            listener.await(m -> "order_status".equals(m.getString("type")) && buy.equals(m.getString("order_id"))
                    && "Filled".equals(m.getString("status")));
            assertThat(registeredOn(core, stream)).containsExactly(gatewayB.view().self().nodeId());
        } finally {
            maker.close();
            trader.close();
            listener.close();
        }
        awaitTrue(() -> registeredOn(core, stream).isEmpty(), "no node consumes " + stream + " once the listener left");
    }

    @Test
    @DisplayName("QE: an API key from the shared store signs on both gateways, a listen key minted through A opens a socket on B, "
            + "and a signed request replayed to B is refused there")
    void qeListenKeysAndReplayGuardAreClusterWide() throws Exception {
        String user = "qe" + UUID.randomUUID().toString().substring(0, 8);
        ApiKeyStore.Created key = ApiKeyStore.at(apiKeyDir).create(user);
        HttpClient http = HttpClient.newHttpClient();
        String query = "timestamp=" + System.currentTimeMillis();
        String signed = query + "&signature=" + hmacHex(key.apiSecret(), query);

        HttpResponse<String> minted = http.send(qeRequest(gatewayA, signed, key.apiKey()), HttpResponse.BodyHandlers.ofString());
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        String listenKey = listenKeyOf(minted);
        JsonSocket socket = JsonSocket.connect(client, gatewayB.httpPort(), "/api/ws?listen_key=" + listenKey);
        try {
            assertThat(socket.closed).isNotDone();
        } finally {
            socket.close();
        }
        // The negative control: gw-b refuses a key nobody minted, before the upgrade.
        assertThatThrownBy(() -> JsonSocket.connect(client, gatewayB.httpPort(), "/api/ws?listen_key=" + "0".repeat(64)))
                .hasMessageContaining("401");

        HttpResponse<String> replayed = http.send(qeRequest(gatewayB, signed, key.apiKey()), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("REPLAYED_REQUEST");

        // A fresh request signs on gw-b with the shared key; its new listen key revokes the first one on every gateway.
        String fresh = "timestamp=" + (System.currentTimeMillis() + 1);
        HttpResponse<String> onB = http.send(qeRequest(gatewayB, fresh + "&signature=" + hmacHex(key.apiSecret(), fresh), key.apiKey()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(onB.statusCode()).as("the shared API key signs on gw-b too: %s", onB.body()).isEqualTo(200);
        assertThatThrownBy(() -> JsonSocket.connect(client, gatewayA.httpPort(), "/api/ws?listen_key=" + listenKey))
                .hasMessageContaining("401");
        JsonSocket second = JsonSocket.connect(client, gatewayA.httpPort(), "/api/ws?listen_key=" + listenKeyOf(onB));
        second.close();
    }

    private static String listenKeyOf(HttpResponse<String> minted) {
        return new JsonObject(minted.body()).getJsonObject("message").getString("listenKey");
    }

    private static HttpRequest qeRequest(Node gateway, String query, String apiKey) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/user/trading/listen-key?" + query))
                .header("X-MBX-APIKEY", apiKey).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    private static String hmacHex(String secret, String text) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("/health of the core node (no gateway) lists the members with their parts and the venue it runs")
    void healthOfANodeWithoutGateway() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + core.httpPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject cluster = new JsonObject(response.body()).getJsonObject("cluster");
        assertThat(cluster.getBoolean("clustered")).isTrue();
        assertThat(cluster.getJsonObject("node").getString("name")).isEqualTo("core-1");
        JsonArray members = cluster.getJsonArray("members");
        Map<String, List<Object>> parts = members.stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(m -> m.getString("name"), m -> m.getJsonArray("parts").getList()));
        assertThat(parts).containsOnlyKeys("core-1", "gw-a", "gw-b");
        assertThat(parts.get("gw-a")).containsExactly("gateway");
        assertThat(parts.get("core-1")).containsExactlyInAnyOrder("algo", "broker", "matching", "notifier");
        assertThat(cluster.getJsonObject("venues").getJsonObject("tradewire").getString("status")).isEqualTo("UP");
    }

    @Test
    @DisplayName("a node that joins is seen by the others, and seen leaving when its Vert.x closes")
    void memberLeaves() throws Exception {
        CountDownLatch joined = new CountDownLatch(1);
        CountDownLatch left = new CountDownLatch(1);
        gatewayA.view().onChange(() -> {
            boolean present = gatewayA.view().members().stream().anyMatch(m -> m.name().equals("transient"));
            if (present) {
                joined.countDown();
            } else if (joined.getCount() == 0) {
                left.countDown();
            }
        });
        int port = NodeProcess.freePort();
        Vertx transientNode = await(ClusterNode.start(clusterConfig("transient", port), clusterSettings("transient", port), List.of()), 60);
        try {
            assertThat(joined.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("transient joined (failure guard)").isTrue();
            assertThat(gatewayA.view().members()).extracting(ClusterView.Member::name).contains("transient");
        } finally {
            await(transientNode.close(), 30);
        }
        assertThat(left.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("transient left (failure guard)").isTrue();
        assertThat(gatewayA.view().members()).extracting(ClusterView.Member::name).containsExactlyInAnyOrder("core-1", "gw-a", "gw-b");
        // The other nodes see the leave on their own time: the tests after this one find the cluster as it was.
        awaitThreeMembersEverywhere();
    }

    @Test
    @DisplayName("a second node with a name already in the cluster is refused and leaves; the first one stays")
    void duplicateNameRefused() throws Exception {
        int port = NodeProcess.freePort();
        JsonObject config = clusterConfig("gw-a", port);
        assertThatThrownBy(() -> await(ClusterNode.start(config, clusterSettings("gw-a", port), List.of("gateway")), 60))
                .hasMessageContaining("node name 'gw-a' is already taken");
        awaitTrue(() -> core.view().members().size() == 3, "the refused node left");
        assertThat(core.view().running("gateway")).extracting(ClusterView.Member::nodeId)
                .contains(gatewayA.view().self().nodeId());
        // The gateways see the refused node leave on their own time: the tests after this one find the cluster as it was.
        awaitThreeMembersEverywhere();
    }

    // ------------------------------------------------------------------ helpers

    private Node start(String name, int port, Set<Mesh.Part> parts) throws Exception {
        JsonObject config = clusterConfig(name, port);
        List<String> partNames = parts.stream().map(Mesh.Part::wireName).toList();
        Vertx vertx = await(ClusterNode.start(config, ClusterConfig.from(config, name), partNames), 60);
        try {
            Mesh mesh = await(Mesh.startNode(vertx, config, parts), 60);
            return new Node(name, vertx, mesh, Path.of(config.getString("data-dir")));
        } catch (Exception | Error e) {
            await(vertx.close(), 30);
            throw e;
        }
    }

    private ClusterConfig clusterSettings(String name, int port) throws Exception {
        return ClusterConfig.from(clusterConfig(name, port), name);
    }

    private JsonObject clusterConfig(String name, int port) throws Exception {
        Path dataDir = Files.createTempDirectory("tradewire-cluster-" + name + "-");
        dataDirs.add(dataDir);
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("http.host", "127.0.0.1");
        sets.put("http.port", "0");
        sets.put("market.simulator.enabled", "false");
        sets.put("data-dir", dataDir.toString());
        sets.put("auth.jwt.secret", TestMesh.SECRET);
        sets.put("matching.journal.fsync", "false");
        sets.put("cluster.enabled", "true");
        sets.put("cluster.node-name", name);
        sets.put("cluster.host", "127.0.0.1");
        sets.put("cluster.port", Integer.toString(port));
        sets.put("cluster.members", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
        sets.put("cluster.name", clusterName);
        sets.put("gateway.qe.api-key-dir", apiKeyDir.toString());
        return io.tradewire.launcher.ConfigLoader.loadNow(null, Map.of(), sets);
    }

    /** A session of {@code user} on a gateway; with {@code follow}, following the user's orders and trades ({@code ?user_id=}). */
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

    /** The node ids that have a consumer registered for {@code address}, as the cluster's registry says. */
    private static List<String> registeredOn(Node node, String address) throws Exception {
        Promise<List<RegistrationInfo>> registrations = Promise.promise();
        ((VertxInternal) node.vertx()).clusterManager().getRegistrations(address, registrations);
        return await(registrations.future(), 10).stream().map(RegistrationInfo::nodeId).distinct().toList();
    }

    /**
     * Waits until every node's view lists exactly the three nodes of the class: members learn of a join or a leave
     * through Hazelcast's membership events, each on its own time, and the tests share the cluster in any order.
     */
    private void awaitThreeMembersEverywhere() throws Exception {
        for (Node node : List.of(core, gatewayA, gatewayB)) {
            awaitTrue(() -> node.view().members().stream().map(ClusterView.Member::name).sorted().toList()
                    .equals(List.of("core-1", "gw-a", "gw-b")), node.name() + " sees exactly core-1, gw-a and gw-b");
        }
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!check.holds()) {
            assertThat(System.nanoTime()).as("%s (failure guard)", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /**
     * A value of {@code type} with every component set (no nulls): text, numbers, the last enum constant, lists and maps
     * of one element, nested records, and for an interface the first bus record that implements it without containing it.
     */
    static Object sample(Type type, String name, int depth) throws Exception {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return List.of(sample(parameterized.getActualTypeArguments()[0], name, depth + 1));
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Map.class) {
            Type[] kv = parameterized.getActualTypeArguments();
            return Map.of(sample(kv[0], name, depth + 1), sample(kv[1], name, depth + 1));
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return name + "-" + depth;
        }
        if (c == long.class || c == Long.class) {
            return 1_700_000_000_000L + depth;
        }
        if (c == int.class || c == Integer.class) {
            return 3 + depth;
        }
        if (c == boolean.class || c == Boolean.class) {
            return true;
        }
        if (c == BigDecimal.class) {
            return new BigDecimal("12.50");
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType(), components[i].getName(), depth + 1);
            }
            return c.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new))
                    .newInstance(values);
        }
        if (c.isInterface()) {
            for (Class<?> candidate : BusCodecs.RECORDS) {
                if (c.isAssignableFrom(candidate) && Arrays.stream(candidate.getRecordComponents())
                        .noneMatch(rc -> rc.getGenericType().getTypeName().contains(c.getName()))) {
                    return sample(candidate, name, depth + 1);
                }
            }
        }
        throw new IllegalArgumentException("no sample for " + type + " (" + name + "): extend ClusterIT.sample");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
