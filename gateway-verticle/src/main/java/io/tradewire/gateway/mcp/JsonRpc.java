package io.tradewire.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;

/** JSON-RPC 2.0 messages: the standard error codes and the shapes of responses. */
final class JsonRpc {
    static final String VERSION = "2.0";
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** Implementation-defined server errors (-32000 to -32099). */
    static final int SERVER_ERROR = -32000;
    static final int SESSION_NOT_FOUND = -32001;
    static final int RATE_LIMITED = -32029;

    private JsonRpc() {
    }

    /** A valid request id (a string or an integer), or null. MCP forbids null ids. */
    static JsonNode id(JsonNode message) {
        JsonNode id = message == null ? null : message.get("id");
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = ClientJson.object().put("jsonrpc", VERSION);
        response.set("id", id);
        response.set("result", result);
        return response;
    }

    /** An error response; {@code id} null when the request's id could not be read. */
    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode response = ClientJson.object().put("jsonrpc", VERSION);
        response.set("id", id);
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }

    /** A JSON-RPC error raised while handling a message. */
    static final class Failure extends Exception {
        final int code;

        Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
