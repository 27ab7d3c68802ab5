package io.tradewire.gateway.mcp;

import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * {@code mcp.*}: the MCP endpoint at {@code /mcp}. Its rate limits are the order-entry ones of every other client
 * ({@code gateway.rate-limit.user-*}), its Origin allow-list is {@code gateway.allowed-origins}.
 *
 * @param enabled            serve {@code /mcp} at all
 * @param maxBodyBytes       largest request body (413 above)
 * @param maxSessions        MCP sessions open on this gateway (0 = unlimited)
 * @param maxSessionsPerUser MCP sessions open for one user (0 = unlimited)
 * @param sessionIdleTimeout a session unused this long is forgotten (its next request gets 404: initialize again)
 * @param maxBatch           largest JSON-RPC batch (protocol version 2025-03-26 only; later versions have no batches)
 */
public record McpConfig(boolean enabled, int maxBodyBytes, int maxSessions, int maxSessionsPerUser, Duration sessionIdleTimeout,
        int maxBatch) {

    public static final McpConfig DEFAULTS = new McpConfig(true, 65_536, 10_000, 16, Duration.ofMinutes(30), 16);

    public static McpConfig from(JsonObject root, Logger log) {
        ConfigReader mcp = ConfigReader.of(root, "mcp");
        McpConfig config = new McpConfig(
                mcp.bool("enabled", DEFAULTS.enabled),
                mcp.integer("max-body-bytes", DEFAULTS.maxBodyBytes, 1_024, 16 * 1_048_576),
                mcp.integer("max-sessions", DEFAULTS.maxSessions, 0, 10_000_000),
                mcp.integer("max-sessions-per-user", DEFAULTS.maxSessionsPerUser, 0, 1_000_000),
                mcp.duration("session-idle-timeout", DEFAULTS.sessionIdleTimeout, Duration.ofSeconds(1), Duration.ofDays(7)),
                mcp.integer("max-batch", DEFAULTS.maxBatch, 1, 1_000));
        mcp.warnUnknown(log);
        return config;
    }
}
