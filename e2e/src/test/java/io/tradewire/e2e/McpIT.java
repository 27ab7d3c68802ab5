package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The MCP endpoint at {@code /mcp}: an agent's whole conversation through the official MCP TypeScript SDK client
 * ({@code e2e/mcp/mcp_conversation.js}) with an {@code ib} subscriber that receives the {@code mcp_order}, and the
 * wire rules of the Streamable HTTP transport and JSON-RPC 2.0 against unauthorized, malformed, oversized and hostile
 * requests, sent with the JDK's HTTP client. One mesh for the class; the rate-limit test starts its own.
 */
class McpIT {
    private static final String LATEST = "2025-11-25";
    private static final String ACCEPT = "application/json, text/event-stream";
    private static TestMesh mesh;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    @DisplayName("initialize → tools/list → place_order → get_orders → cancel_order with the MCP SDK client; the ib subscriber receives mcp_order")
    void anAgentsConversation() throws Exception {
        ClientScripts.nodeIn("mcp", "mcp_conversation.js",
                "--url", url(mesh),
                "--ib-url", mesh.wsUrl("/websocket/ws"),
                "--token1", mesh.token("mcp-user-1"),
                "--token2", mesh.token("mcp-user-2"),
                "--user1", "mcp-user-1");
    }

    @Test
    @DisplayName("Without a valid bearer token every method is 401 with WWW-Authenticate: Bearer")
    void unauthorized() throws Exception {
        String initialize = initialize(LATEST).encode();
        for (String authorization : new String[] {null, "Bearer ", "Bearer not.a.jwt", "Basic dXNlcjpwYXNz",
                "Bearer " + mesh.expiredToken("mcp-user-1")}) {
            HttpResponse<String> response = send(post(initialize, authorization, null));
            assertThat(response.statusCode()).as("Authorization %s", authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(error(response).getInteger("code")).isEqualTo(-32000);
        }
        assertThat(send(request("GET", null, null).build()).statusCode()).isEqualTo(401);
        assertThat(send(request("DELETE", null, null).build()).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("Transport rules: Accept both types (406), JSON content (415), a session for everything after initialize (400 / 404), GET 405, DELETE ends it")
    void transportRules() throws Exception {
        String token = mesh.token("mcp-user-1");
        HttpResponse<String> noAccept = send(request("POST", token, null).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(initialize(LATEST).encode())).build());
        assertThat(noAccept.statusCode()).isEqualTo(406);
        HttpResponse<String> text = send(request("POST", token, null).header("Content-Type", "text/plain").header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(initialize(LATEST).encode())).build());
        assertThat(text.statusCode()).isEqualTo(415);

        HttpResponse<String> noSession = send(post(ping(1), "Bearer " + token, null));
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertThat(error(noSession).getInteger("code")).isEqualTo(-32600);
        HttpResponse<String> unknown = send(post(ping(1), "Bearer " + token, "0123456789abcdef0123456789abcdef"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown).getInteger("code")).isEqualTo(-32001);

        String session = open(token, LATEST);
        HttpResponse<String> theirs = send(post(ping(2), "Bearer " + mesh.token("mcp-user-2"), session));
        assertThat(theirs.statusCode()).as("another user's session id").isEqualTo(404);
        HttpResponse<String> wrongVersion = send(request("POST", token, session).header("Content-Type", "application/json")
                .header("Accept", ACCEPT).header("MCP-Protocol-Version", "1999-01-01")
                .POST(HttpRequest.BodyPublishers.ofString(ping(3))).build());
        assertThat(wrongVersion.statusCode()).isEqualTo(400);
        HttpResponse<String> pong = send(post(ping(4), "Bearer " + token, session));
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(pong.body())).isEqualTo(new JsonObject().put("jsonrpc", "2.0").put("id", 4).put("result", new JsonObject()));
        HttpResponse<String> notification = send(post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized").encode(),
                "Bearer " + token, session));
        assertThat(notification.statusCode()).isEqualTo(202);
        assertThat(notification.body()).isEmpty();

        HttpResponse<String> get = send(request("GET", token, session).header("Accept", "text/event-stream").build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(send(request("DELETE", mesh.token("mcp-user-2"), session).build()).statusCode()).as("another user's DELETE").isEqualTo(404);
        assertThat(send(request("DELETE", token, session).build()).statusCode()).isEqualTo(204);
        assertThat(send(post(ping(5), "Bearer " + token, session)).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("Version negotiation: a supported version is kept, an unknown one gets the latest")
    void negotiation() throws Exception {
        String token = mesh.token("mcp-user-1");
        for (Map.Entry<String, String> asked : Map.of("2025-03-26", "2025-03-26", "2025-06-18", "2025-06-18", LATEST, LATEST,
                "2099-12-31", LATEST).entrySet()) {
            HttpResponse<String> response = send(post(initialize(asked.getKey()).encode(), "Bearer " + token, null));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(response.body()).getJsonObject("result").getString("protocolVersion")).isEqualTo(asked.getValue());
            String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
            assertThat(session).matches("[0-9a-f]{32}");
            send(request("DELETE", token, session).build());
        }
    }

    @Test
    @DisplayName("Malformed, unknown and hostile JSON-RPC gets the standard errors and leaves the session working")
    void jsonRpcErrors() throws Exception {
        String token = mesh.token("mcp-user-1");
        String session = open(token, LATEST);
        String bearer = "Bearer " + token;
        assertErrorCode(send(post("{\"jsonrpc\":\"2.0\",", bearer, session)), 400, -32700);
        assertErrorCode(send(post("[".repeat(5_000) + "]".repeat(5_000), bearer, session)), 400, -32700);
        assertErrorCode(send(post("", bearer, session)), 400, -32700);
        assertErrorCode(send(post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", bearer, session)), 200, -32600);
        assertErrorCode(send(post("42", bearer, session)), 200, -32600);
        assertErrorCode(send(post("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}", bearer, session)), 200, -32600);
        assertErrorCode(send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}", bearer, session)), 200, -32601);
        assertErrorCode(send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":[1]}", bearer, session)), 200, -32602);
        assertErrorCode(send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}", bearer, session)), 200, -32602);
        assertErrorCode(send(post(call(1, "nope", new JsonObject()), bearer, session)), 200, -32602);
        assertErrorCode(send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_account\",\"arguments\":\"x\"}}",
                bearer, session)), 200, -32602);
        assertErrorCode(send(post(new JsonArray().add(new JsonObject(ping(1))).add(new JsonObject(ping(2))).encode(), bearer, session)),
                400, -32600); // no batches after 2025-03-26

        // A user id in the arguments is no way into another account: the schema refuses unknown arguments.
        HttpResponse<String> smuggled = send(post(call(2, "get_account", new JsonObject().put("user_id", "mcp-user-2")), bearer, session));
        JsonObject result = new JsonObject(smuggled.body()).getJsonObject("result");
        assertThat(result.getBoolean("isError")).isTrue();
        assertThat(result.getJsonObject("structuredContent").getInteger("error_code")).isEqualTo(400);
        HttpResponse<String> hostileValue = send(post(call(3, "place_order", new JsonObject().put("instrument", "IX2301/../x")
                .put("side", "BUY").put("quantity", "1e999999999").put("price", "-1")), bearer, session));
        assertThat(new JsonObject(hostileValue.body()).getJsonObject("result").getBoolean("isError")).isTrue();

        HttpResponse<String> account = send(post(call(4, "get_account", new JsonObject()), bearer, session));
        assertThat(new JsonObject(account.body()).getJsonObject("result").getJsonObject("structuredContent").getString("user_id"))
                .as("the session still works").isEqualTo("mcp-user-1");
    }

    @Test
    @DisplayName("Batches only with protocol 2025-03-26: bounded, never with initialize; an oversized body is 413")
    void batchesAndSizes() throws Exception {
        String token = mesh.token("mcp-user-1");
        String session = open(token, "2025-03-26");
        String bearer = "Bearer " + token;
        HttpResponse<String> batch = send(post(new JsonArray().add(new JsonObject(ping(1))).add(new JsonObject(ping(2)))
                .add(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized")).encode(), bearer, session));
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(new JsonArray(batch.body())).hasSize(2);
        JsonArray many = new JsonArray();
        for (int i = 0; i < 17; i++) {
            many.add(new JsonObject(ping(i)));
        }
        assertErrorCode(send(post(many.encode(), bearer, session)), 400, -32600);
        assertErrorCode(send(post("[]", bearer, session)), 400, -32600);
        assertErrorCode(send(post(new JsonArray().add(initialize("2025-03-26")).encode(), bearer, session)), 400, -32600);
        String big = call(1, "get_orders", new JsonObject().put("order_id", "x".repeat(70_000)));
        assertThat(send(post(big, bearer, session)).statusCode()).isEqualTo(413);
    }

    @Test
    @DisplayName("A browser page from another origin gets 403 (DNS rebinding); the same origin is allowed")
    void origins() throws Exception {
        String token = mesh.token("mcp-user-1");
        HttpResponse<String> evil = send(request("POST", token, null).header("Origin", "http://evil.example")
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(initialize(LATEST).encode())).build());
        assertThat(evil.statusCode()).isEqualTo(403);
        HttpResponse<String> same = send(request("POST", token, null).header("Origin", "http://127.0.0.1:" + mesh.port())
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(initialize(LATEST).encode())).build());
        assertThat(same.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("Order entry over MCP is rate limited like every dialect's (gateway.rate-limit.user-orders-*): a tool error, then it recovers")
    void rateLimits() throws Exception {
        try (TestMesh limited = TestMesh.start(Map.of("gateway.rate-limit.user-orders-burst", "2",
                "gateway.rate-limit.user-orders-per-second", "0.001"))) {
            String token = limited.token("mcp-user-3");
            String session = open(limited, token, LATEST);
            JsonObject order = new JsonObject().put("instrument", "IX2301").put("side", "BUY").put("quantity", "1").put("price", "110");
            for (int i = 0; i < 2; i++) {
                JsonObject result = new JsonObject(send(post(limited, call(i, "place_order", order), "Bearer " + token, session)).body())
                        .getJsonObject("result");
                assertThat(result.getBoolean("isError")).as("order %s: %s", i, result).isFalse();
            }
            JsonObject refused = new JsonObject(send(post(limited, call(3, "place_order", order), "Bearer " + token, session)).body())
                    .getJsonObject("result");
            assertThat(refused.getBoolean("isError")).isTrue();
            assertThat(refused.getJsonObject("structuredContent").getInteger("error_code")).isEqualTo(429);
            JsonObject query = new JsonObject(send(post(limited, call(4, "get_orders", new JsonObject()), "Bearer " + token, session)).body())
                    .getJsonObject("result");
            assertThat(query.getBoolean("isError")).as("queries use the other budget").isFalse();
            assertThat(query.getJsonObject("structuredContent").getJsonArray("orders")).hasSize(2);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String url(TestMesh on) {
        return "http://127.0.0.1:" + on.port() + "/mcp";
    }

    private static JsonObject initialize(String version) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize").put("params", new JsonObject()
                .put("protocolVersion", version).put("capabilities", new JsonObject())
                .put("clientInfo", new JsonObject().put("name", "mcp-it").put("version", "1")));
    }

    private static String ping(int id) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", "ping").encode();
    }

    private static String call(int id, String tool, JsonObject arguments) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call")
                .put("params", new JsonObject().put("name", tool).put("arguments", arguments)).encode();
    }

    private static String open(String token, String version) throws Exception {
        return open(mesh, token, version);
    }

    private static String open(TestMesh on, String token, String version) throws Exception {
        HttpResponse<String> response = send(post(on, initialize(version).encode(), "Bearer " + token, null));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static HttpRequest.Builder request(String method, String token, String session) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(mesh))).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder;
    }

    private static HttpRequest post(String body, String authorization, String session) {
        return post(mesh, body, authorization, session);
    }

    private static HttpRequest post(TestMesh on, String body, String authorization, String session) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(on))).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder.build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject error(HttpResponse<String> response) {
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("jsonrpc")).isEqualTo("2.0");
        return body.getJsonObject("error");
    }

    /** The status, and the JSON-RPC error code (null: a result, no error). */
    private static void assertErrorCode(HttpResponse<String> response, int status, Integer code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonObject body = new JsonObject(response.body());
        if (code == null) {
            assertThat(body.containsKey("result")).as(response.body()).isTrue();
        } else {
            assertThat(body.getJsonObject("error").getInteger("code")).as(response.body()).isEqualTo(code);
        }
    }
}
