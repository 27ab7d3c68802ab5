package io.tradewire.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.session.RateLimits;
import io.tradewire.gateway.session.TimeSource;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The JSON-RPC layer of MCP without HTTP or a bus: messages in, responses out, commands recorded. */
class McpServerTest {
    private final List<Command> executed = new ArrayList<>();
    private final AtomicBoolean orderBudget = new AtomicBoolean(true);
    private McpServer server;
    private McpSessions.McpSession session;

    @BeforeEach
    void setUp() {
        server = new McpServer(McpTools.load(), command -> {
            executed.add(command);
            if (command instanceof CancelOrder) {
                return Future.failedFuture(new McpServer.CommandFailure(ErrorCode.ORDER_NOT_FOUND, "Order not found: O9"));
            }
            if (command instanceof SubmitOrder submit) {
                return Future.succeededFuture(new OrderView("O1", null, submit.userId(), submit.instrument(), submit.side(),
                        submit.offset(), submit.type(), TimeInForce.GTC, submit.price(), submit.quantity(), BigDecimal.ZERO,
                        submit.quantity(), null, OrderStatus.SUBMITTED, submit.source(), 1L, 1L));
            }
            return Future.succeededFuture(new io.tradewire.model.view.OrderList(List.of()));
        }, user -> orderBudget.get());
        McpSessions sessions = new McpSessions(McpConfig.DEFAULTS, RateLimits.OFF, TimeSource.SYSTEM);
        session = sessions.open("alice", McpServer.LATEST_VERSION).session();
    }

    private JsonNode handle(String json) throws Exception {
        Future<ObjectNode> response = server.handle(session, ClientJson.readTree(json));
        assertThat(response.succeeded()).isTrue();
        return response.result();
    }

    private static String call(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    @DisplayName("initialize negotiates: a supported version is kept, anything else gets the latest")
    void negotiation() throws Exception {
        assertThat(McpServer.negotiate("2025-03-26")).isEqualTo("2025-03-26");
        assertThat(McpServer.negotiate("2025-06-18")).isEqualTo("2025-06-18");
        assertThat(McpServer.negotiate("2024-11-05")).isEqualTo(McpServer.LATEST_VERSION);
        ObjectNode result = McpServer.initializeResult(ClientJson.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}}"));
        assertThat(result.get("protocolVersion").textValue()).isEqualTo("2025-06-18");
        assertThat(result.at("/capabilities/tools/listChanged").booleanValue()).isFalse();
        assertThat(result.at("/serverInfo/name").textValue()).isEqualTo("tradewire");
    }

    @Test
    @DisplayName("ping answers an empty result with the request's id; notifications are not answered")
    void pingAndNotifications() throws Exception {
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}").toString())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}");
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isNull();
        assertThat(session.initialized()).isTrue();
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}")).as("a response from the client").isNull();
    }

    @Test
    @DisplayName("Malformed requests, unknown methods and wrong params get the JSON-RPC error codes")
    void errors() throws Exception {
        assertThat(handle("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}").at("/error/code").intValue()).isEqualTo(-32600);
        assertThat(handle("[]").at("/error/code").intValue()).isEqualTo(-32600);
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}").at("/error/code").intValue()).isEqualTo(-32600);
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}").at("/error/code").intValue()).isEqualTo(-32600);
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}").at("/error/code").intValue()).isEqualTo(-32600);
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}").at("/error/code").intValue()).isEqualTo(-32601);
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\"x\"}").at("/error/code").intValue()).isEqualTo(-32602);
        assertThat(handle(call("nope", "{}")).at("/error/code").intValue()).isEqualTo(-32602);
        assertThat(handle(call("get_account", "[1]")).at("/error/code").intValue()).isEqualTo(-32602);
        assertThat(handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"x\"}}")
                .at("/error/code").intValue()).as("initialize inside a session").isEqualTo(-32600);
        assertThat(executed).isEmpty();
    }

    @Test
    @DisplayName("place_order becomes a SubmitOrder of the session's user with source MCP; the result has text and structured content")
    void placeOrder() throws Exception {
        JsonNode result = handle(call("place_order", "{\"instrument\":\"IX2301\",\"side\":\"SELL\",\"quantity\":\"2\",\"price\":121.5,"
                + "\"offset\":\"CLOSE\",\"time_in_force\":\"IOC\",\"client_order_id\":\"c1\"}")).get("result");
        assertThat(executed).containsExactly(new SubmitOrder("alice", "c1", "IX2301", Side.SELL, Offset.CLOSE, OrderType.LIMIT,
                TimeInForce.IOC, new BigDecimal("121.5"), new BigDecimal("2"), OrderSource.MCP, false));
        assertThat(result.get("isError").booleanValue()).isFalse();
        assertThat(result.at("/structuredContent/source").textValue()).isEqualTo("MCP");
        assertThat(result.at("/structuredContent/user_id").textValue()).isEqualTo("alice");
        assertThat(result.at("/content/0/text").textValue()).isEqualTo(ClientJson.write(result.get("structuredContent")));
    }

    @Test
    @DisplayName("Bad arguments, venue refusals and a spent order budget are tool errors the model can read; nothing reaches the venue for the first and last")
    void toolErrors() throws Exception {
        JsonNode missing = handle(call("place_order", "{\"instrument\":\"IX2301\",\"quantity\":1,\"price\":1}")).get("result");
        assertThat(missing.get("isError").booleanValue()).isTrue();
        assertThat(missing.at("/content/0/text").textValue()).contains("side");
        JsonNode market = handle(call("place_order", "{\"instrument\":\"IX2301\",\"side\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\","
                + "\"price\":1}")).get("result");
        assertThat(market.at("/structuredContent/error_code").intValue()).isEqualTo(400);
        JsonNode zero = handle(call("place_order", "{\"instrument\":\"IX2301\",\"side\":\"BUY\",\"quantity\":\"0\",\"price\":1}")).get("result");
        assertThat(zero.at("/structuredContent/error_code").intValue()).isEqualTo(400);
        JsonNode smuggled = handle(call("get_account", "{\"user_id\":\"bob\"}")).get("result");
        assertThat(smuggled.get("isError").booleanValue()).isTrue();
        assertThat(executed).isEmpty();

        JsonNode refused = handle(call("cancel_order", "{\"order_id\":\"O9\"}")).get("result");
        assertThat(refused.at("/structuredContent/error_code").intValue()).isEqualTo(1002);
        assertThat(executed).containsExactly(new CancelOrder("alice", "O9"));

        orderBudget.set(false);
        JsonNode limited = handle(call("place_order", "{\"instrument\":\"IX2301\",\"side\":\"BUY\",\"quantity\":1,\"price\":1}")).get("result");
        assertThat(limited.at("/structuredContent/error_code").intValue()).isEqualTo(429);
        assertThat(handle(call("get_account", "{}")).at("/result/isError").booleanValue()).as("queries are not order entry").isFalse();
        assertThat(executed).containsExactly(new CancelOrder("alice", "O9"), new QueryAccount("alice"));
    }

    @Test
    @DisplayName("tools/list lists the six tools with object input schemas that forbid unknown arguments")
    void toolsList() throws Exception {
        JsonNode tools = handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").at("/result/tools");
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> {
            names.add(tool.get("name").textValue());
            assertThat(tool.at("/inputSchema/type").textValue()).isEqualTo("object");
            assertThat(tool.at("/inputSchema/additionalProperties").booleanValue()).isFalse();
        });
        assertThat(names).containsExactly("place_order", "cancel_order", "get_orders", "get_account", "get_positions", "get_book");
    }

    @Test
    @DisplayName("Sessions: only their owner finds them, idle ones are forgotten, per-user and total limits hold")
    void sessions() {
        long[] now = {0};
        TimeSource time = new TimeSource() {
            @Override
            public long nanoTime() {
                return now[0];
            }

            @Override
            public long currentTimeMillis() {
                return now[0] / 1_000_000;
            }
        };
        McpSessions sessions = new McpSessions(new McpConfig(true, 65_536, 3, 2, Duration.ofMinutes(1), 16), RateLimits.OFF, time);
        McpSessions.McpSession a = sessions.open("alice", "2025-11-25").session();
        assertThat(a.id()).matches("[0-9a-f]{32}");
        assertThat(sessions.find(a.id(), "bob")).isEmpty();
        assertThat(sessions.close(a.id(), "bob")).isFalse();
        assertThat(sessions.find(a.id(), "alice")).containsSame(a);
        sessions.open("alice", "2025-11-25");
        assertThat(sessions.open("alice", "2025-11-25").refusal()).isEqualTo(McpSessions.Refusal.TOO_MANY_USER_SESSIONS);
        sessions.open("bob", "2025-11-25");
        assertThat(sessions.open("carol", "2025-11-25").refusal()).isEqualTo(McpSessions.Refusal.TOO_MANY_SESSIONS);
        now[0] += Duration.ofSeconds(59).toNanos();
        assertThat(sessions.find(a.id(), "alice")).as("used within the idle timeout").isPresent();
        now[0] += Duration.ofSeconds(59).toNanos();
        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.open("carol", "2025-11-25").session()).as("the two idle sessions were swept").isNotNull();
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.close(a.id(), "alice")).isTrue();
        assertThat(sessions.find(a.id(), "alice")).isEmpty();
    }

    @Test
    @DisplayName("Mutated messages (seeded) never escape as an exception: each is answered with a JSON-RPC response, or is a notification")
    void survivesMutatedMessages() {
        java.util.Random random = new java.util.Random(20261121L);
        List<String> seeds = List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}",
                call("place_order", "{\"instrument\":\"IX2301\",\"side\":\"BUY\",\"quantity\":\"1\",\"price\":\"120.5\"}"),
                call("get_orders", "{\"order_id\":\"O1\"}"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        int answered = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder mutated = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int m = 0; m < 1 + random.nextInt(3); m++) {
                mutated.setCharAt(random.nextInt(mutated.length()), (char) (32 + random.nextInt(95)));
            }
            JsonNode message;
            try {
                message = ClientJson.readTree(mutated.toString());
            } catch (Exception notJson) {
                continue; // the endpoint answers -32700 before the server sees it
            }
            Future<ObjectNode> response = server.handle(session, message);
            assertThat(response.succeeded()).as(mutated.toString()).isTrue();
            if (response.result() != null) {
                answered++;
                assertThat(response.result().get("jsonrpc").textValue()).isEqualTo("2.0");
                assertThat(response.result().has("result") ^ response.result().has("error")).as(mutated.toString()).isTrue();
            }
        }
        assertThat(answered).isGreaterThan(100);
        executed.forEach(command -> assertThat(command.userId()).isIn("alice", null));
    }

    @Test
    @DisplayName("Accept must cover application/json and text/event-stream")
    void accept() {
        assertThat(McpEndpoint.acceptsBoth("application/json, text/event-stream")).isTrue();
        assertThat(McpEndpoint.acceptsBoth("text/event-stream;q=0.9, application/json;q=1")).isTrue();
        assertThat(McpEndpoint.acceptsBoth("*/*")).isTrue();
        assertThat(McpEndpoint.acceptsBoth("application/json")).isFalse();
        assertThat(McpEndpoint.acceptsBoth(null)).isFalse();
    }
}
