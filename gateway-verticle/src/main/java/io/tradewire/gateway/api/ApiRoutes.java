package io.tradewire.gateway.api;

import io.tradewire.gateway.GatewayConfig;
import io.tradewire.gateway.auth.TokenVerifier;
import io.tradewire.gateway.mcp.McpConfig;
import io.tradewire.gateway.mcp.McpEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's API surface beside the dialects: the machine-readable documents at {@value ApiDocs#PATH} (AsyncAPI per
 * dialect, OpenAPI of the REST endpoints) and the MCP endpoint at {@value McpEndpoint#PATH}. The gateway mounts them
 * with one line: {@code ApiRoutes.mount(router, vertx, tokens, config, config())}.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private ApiRoutes() {
    }

    /**
     * @param root the root configuration ({@code mcp.*})
     */
    public static void mount(Router router, Vertx vertx, TokenVerifier tokens, GatewayConfig config, JsonObject root) {
        ApiDocs.mount(router, config.dialects().keySet());
        McpConfig mcp = McpConfig.from(root, LOG);
        McpEndpoint.mount(router, new McpEndpoint.Backend(vertx, config.instruments(), config.venue(), config.requestTimeout()),
                tokens, config.origins(), config.limits().rateLimits(), mcp);
        LOG.info("Serving API documents at {}/ and {}", ApiDocs.PATH,
                mcp.enabled() ? "the MCP endpoint at " + McpEndpoint.PATH : "no MCP endpoint (mcp.enabled: false)");
    }
}
