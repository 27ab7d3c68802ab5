package io.tradewire.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.command.Command;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Model Context Protocol over JSON-RPC 2.0, transport aside: {@code initialize} (version negotiation),
 * {@code ping}, {@code tools/list}, {@code tools/call} and the client's notifications, for a caller whose identity the
 * transport established. A tool call becomes a command for the caller only; a venue refusal, bad arguments or a rate
 * limit are tool results with {@code isError: true} (the model can read and correct them), while malformed messages,
 * unknown methods or tools and wrong params are JSON-RPC errors.
 */
final class McpServer {
    static final String LATEST_VERSION = "2025-11-25";
    /** Protocol versions with the Streamable HTTP transport, newest first. */
    static final List<String> VERSIONS = List.of(LATEST_VERSION, "2025-06-18", "2025-03-26");
    /** The only version that allows JSON-RPC batches. */
    static final String BATCH_VERSION = "2025-03-26";
    static final String SERVER_NAME = "tradewire";
    private static final Logger LOG = LoggerFactory.getLogger(McpServer.class);
    private static final String INSTRUCTIONS = "Trading tools of a Tradewire venue, acting on the account of the user whose "
            + "token authenticates this session. Prices and quantities are decimals (numbers or strings). Orders placed "
            + "here are marked as placed through MCP.";

    /** What a tool does to the world: a command to the venue (or broker) and its reply, or a failure with an ErrorCode. */
    interface Executor {
        Future<Object> execute(Command command);
    }

    /** A failure of a command with the shared error code (venue refusal, timeout, unavailable). */
    static final class CommandFailure extends Exception {
        final ErrorCode code;

        CommandFailure(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final McpTools tools;
    private final Executor executor;
    private final Predicate<String> admitOrder;

    /**
     * @param admitOrder charges one order-entry call to a user's order budget; false when it is spent
     */
    McpServer(McpTools tools, Executor executor, Predicate<String> admitOrder) {
        this.tools = tools;
        this.executor = executor;
        this.admitOrder = admitOrder;
    }

    /** The version to answer an {@code initialize} that asked for {@code requested}: the same if supported, else the latest. */
    static String negotiate(String requested) {
        return VERSIONS.contains(requested) ? requested : LATEST_VERSION;
    }

    /** Whether {@code message} is an {@code initialize} request (possibly a malformed one). */
    static boolean isInitialize(JsonNode message) {
        return message != null && message.isObject() && "initialize".equals(message.path("method").textValue());
    }

    /**
     * The result of an {@code initialize} request, after checking it.
     *
     * @throws JsonRpc.Failure for a malformed request or params
     */
    static ObjectNode initializeResult(JsonNode message) throws JsonRpc.Failure {
        checkEnvelope(message);
        if (JsonRpc.id(message) == null) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "initialize must be a request with an id");
        }
        JsonNode version = params(message).get("protocolVersion");
        if (version == null || !version.isTextual()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "initialize needs params.protocolVersion (a string)");
        }
        ObjectNode result = ClientJson.object().put("protocolVersion", negotiate(version.textValue()));
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", SERVER_NAME).put("title", "Tradewire").put("version", serverVersion());
        return result.put("instructions", INSTRUCTIONS);
    }

    /**
     * Handles one message of an initialized session.
     *
     * @return the response, or null for a notification or a client's response (nothing to answer)
     */
    Future<ObjectNode> handle(McpSessions.McpSession session, JsonNode message) {
        JsonNode id = JsonRpc.id(message);
        try {
            checkEnvelope(message);
            JsonNode method = message.get("method");
            if (method == null) {
                if (id != null && (message.has("result") || message.has("error"))) {
                    return Future.succeededFuture(); // a response to a request of ours: we send none, nothing to do
                }
                throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "Invalid request: no method");
            }
            if (!method.isTextual()) {
                throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "Invalid request: method must be a string");
            }
            if (!message.has("id")) {
                notification(session, method.textValue());
                return Future.succeededFuture();
            }
            if (id == null) {
                throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "Invalid request: id must be a string or an integer");
            }
            return request(session, method.textValue(), params(message)).map(result -> JsonRpc.result(id, result));
        } catch (JsonRpc.Failure failure) {
            return Future.succeededFuture(JsonRpc.error(id, failure.code, failure.getMessage()));
        }
    }

    private static void checkEnvelope(JsonNode message) throws JsonRpc.Failure {
        if (message == null || !message.isObject()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "Invalid request: a JSON-RPC message is a JSON object");
        }
        if (!JsonRpc.VERSION.equals(message.path("jsonrpc").textValue())) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "Invalid request: jsonrpc must be \"2.0\"");
        }
    }

    private static JsonNode params(JsonNode message) throws JsonRpc.Failure {
        JsonNode params = message.get("params");
        if (params == null || params.isNull()) {
            return ClientJson.object();
        }
        if (!params.isObject()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "Invalid params: params must be an object");
        }
        return params;
    }

    private static void notification(McpSessions.McpSession session, String method) {
        if ("notifications/initialized".equals(method)) {
            session.markInitialized();
        }
        // notifications/cancelled and others: every request here is answered at once, nothing to cancel.
    }

    private Future<JsonNode> request(McpSessions.McpSession session, String method, JsonNode params) throws JsonRpc.Failure {
        switch (method) {
            case "ping":
                return Future.succeededFuture(ClientJson.object());
            case "initialize":
                throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "This session is initialized already");
            case "tools/list":
                return Future.succeededFuture(tools.listResult());
            case "tools/call":
                return call(session.user(), params);
            default:
                throw new JsonRpc.Failure(JsonRpc.METHOD_NOT_FOUND, "Method not found: " + printable(method));
        }
    }

    private Future<JsonNode> call(String user, JsonNode params) throws JsonRpc.Failure {
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "Invalid params: tools/call needs a tool name");
        }
        McpTools.Tool tool = tools.find(name.textValue())
                .orElseThrow(() -> new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "Unknown tool: " + printable(name.textValue())));
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "Invalid params: arguments must be an object");
        }
        Command command;
        try {
            command = McpTools.command(tool, user, arguments);
        } catch (McpTools.InvalidArguments e) {
            return Future.succeededFuture(toolError(ErrorCode.MALFORMED, e.getMessage()));
        }
        if (tool.orderEntry() && !admitOrder.test(user)) {
            return Future.succeededFuture(toolError(ErrorCode.RATE_LIMITED, "Too many requests: slow down (order rate limit)"));
        }
        return executor.execute(command)
                .<JsonNode>map(reply -> {
                    logOrderEntry(user, tool, reply);
                    return toolResult(McpTools.structured(reply));
                })
                .recover(failure -> failure instanceof CommandFailure refused
                        ? Future.succeededFuture(toolError(refused.code, refused.getMessage()))
                        : Future.failedFuture(failure));
    }

    private static void logOrderEntry(String user, McpTools.Tool tool, Object reply) {
        if (tool.orderEntry() && reply instanceof OrderView order) {
            LOG.info("MCP {} by {}: order {} {} {} {}", tool.name(), user, order.orderId(), order.side(),
                    order.quantity().toPlainString(), order.instrument());
        }
    }

    static ObjectNode toolResult(ObjectNode structured) {
        ObjectNode result = ClientJson.object();
        result.putArray("content").addObject().put("type", "text").put("text", ClientJson.write(structured));
        result.set("structuredContent", structured);
        return result.put("isError", false);
    }

    static ObjectNode toolError(ErrorCode code, String message) {
        String text = message == null || message.isBlank() ? code.defaultMessage() : message;
        ObjectNode result = ClientJson.object();
        result.putArray("content").addObject().put("type", "text").put("text", "Error " + code.code() + ": " + text);
        result.putObject("structuredContent").put("error_code", code.code()).put("error_message", text);
        return result.put("isError", true);
    }

    private static String printable(String text) {
        return io.tradewire.model.Printable.of(text);
    }

    static String serverVersion() {
        return Optional.ofNullable(McpServer.class.getPackage().getImplementationVersion()).orElse("0.1.0");
    }
}
