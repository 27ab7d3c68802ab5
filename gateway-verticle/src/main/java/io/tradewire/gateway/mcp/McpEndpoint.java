package io.tradewire.gateway.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.OriginPolicy;
import io.tradewire.gateway.auth.Bearer;
import io.tradewire.gateway.auth.TokenVerifier;
import io.tradewire.gateway.auth.VerifiedToken;
import io.tradewire.gateway.session.CommandRouter;
import io.tradewire.gateway.session.RateLimits;
import io.tradewire.gateway.session.TimeSource;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.RejectedException;
import io.tradewire.model.command.Command;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP endpoint, {@value #PATH}: the Streamable HTTP transport of the Model Context Protocol (2025-03-26 and later)
 * in front of {@link McpServer}. A small implementation of its own rather than the MCP Java SDK: the SDK's server
 * transports are built for Servlet containers and Spring (blocking or Reactor), while this one answers on the Vert.x
 * event loop with the gateway's own auth, Origin policy, limits and bus requests; the protocol surface it needs (four
 * methods, two notifications, one transport) is small. See {@code docs/MCP.md}.
 *
 * <ul>
 *   <li>{@code POST}: one JSON-RPC message (a batch only with protocol version 2025-03-26). Requests are answered
 *       {@code 200 application/json}; notifications and responses alone {@code 202} with no body. The client must
 *       accept {@code application/json} and {@code text/event-stream} (406 otherwise) and send
 *       {@code application/json} (415).</li>
 *   <li>{@code initialize} opens a session: its id comes back in {@code Mcp-Session-Id}, which every later request
 *       carries (400 without; 404 for an unknown, expired or another user's session: initialize again). A
 *       {@code MCP-Protocol-Version} header other than the negotiated version is refused (400).</li>
 *   <li>{@code GET}: 405 (this server sends no messages of its own); {@code DELETE} ends the session (204).</li>
 *   <li>Every request needs {@code Authorization: Bearer <JWT>} (401 otherwise); the session belongs to the token's
 *       user and every tool acts for that user only. A browser {@code Origin} outside {@code gateway.allowed-origins}
 *       gets 403 (DNS rebinding). Bodies are bounded by {@code mcp.max-body-bytes} (413).</li>
 * </ul>
 */
public final class McpEndpoint {
    public static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
    private static final String JSON = "application/json";
    private static final String USER = "mcp.user";

    private final TokenVerifier tokens;
    private final OriginPolicy origins;
    private final McpConfig config;
    private final McpSessions sessions;
    private final McpServer server;

    private McpEndpoint(TokenVerifier tokens, OriginPolicy origins, McpConfig config, McpSessions sessions, McpServer server) {
        this.tokens = tokens;
        this.origins = origins;
        this.config = config;
        this.sessions = sessions;
        this.server = server;
    }

    /** The venue and broker connection of the tools: commands routed like every dialect's, with the gateway's timeout. */
    public record Backend(Vertx vertx, InstrumentDirectory instruments, String venue, Duration requestTimeout) {
    }

    /** Adds {@code /mcp} to the router (nothing when {@code mcp.enabled} is false). */
    public static void mount(Router router, Backend backend, TokenVerifier tokens, OriginPolicy origins, RateLimits rates,
            McpConfig config) {
        if (!config.enabled()) {
            return;
        }
        McpSessions sessions = new McpSessions(config, rates, TimeSource.SYSTEM);
        McpServer server = new McpServer(McpTools.load(), executor(backend), sessions::admitOrder);
        McpEndpoint endpoint = new McpEndpoint(tokens, origins, config, sessions, server);
        router.route(PATH).handler(endpoint::checkOrigin);
        // The body is read before the (asynchronous) token check, so that none of it arrives unread in between.
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes())).failureHandler(McpEndpoint::failure);
        router.route(PATH).handler(endpoint::authenticate);
        router.post(PATH).handler(endpoint::post);
        router.delete(PATH).handler(endpoint::delete);
        router.route(PATH).handler(ctx -> ctx.response().putHeader("Allow", "POST, DELETE")
                .setStatusCode(405).end());
    }

    private static McpServer.Executor executor(Backend backend) {
        CommandRouter router = new CommandRouter(backend.instruments(), backend.venue());
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(backend.requestTimeout().toMillis());
        return command -> {
            String address;
            try {
                address = router.addressFor(command);
            } catch (RejectedException e) {
                return Future.failedFuture(new McpServer.CommandFailure(e.code(), e.getMessage()));
            }
            return backend.vertx().eventBus().request(address, command, options)
                    .<Object>map(reply -> reply.body())
                    .recover(cause -> Future.failedFuture(commandFailure(command, cause)));
        };
    }

    private static Throwable commandFailure(Command command, Throwable cause) {
        if (cause instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case RECIPIENT_FAILURE -> new McpServer.CommandFailure(ErrorCode.of(reply.failureCode()), reply.getMessage());
                case TIMEOUT -> new McpServer.CommandFailure(ErrorCode.TIMEOUT,
                        "The venue did not answer in time: the outcome is unknown, check with get_orders");
                default -> new McpServer.CommandFailure(ErrorCode.UNAVAILABLE, "The venue is not available");
            };
        }
        LOG.warn("MCP command {} failed", command.getClass().getSimpleName(), cause);
        return cause;
    }

    // ---------------------------------------------------------------- in front of every method

    /** DNS rebinding: a browser page from an origin not allowed gets 403. */
    private void checkOrigin(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HostAndPort authority = request.authority();
        if (origins.allows(request.getHeader("Origin"), authority == null ? null : authority.host(),
                authority == null ? -1 : authority.port())) {
            ctx.next();
        } else {
            reject(ctx, 403, JsonRpc.SERVER_ERROR, "Origin not allowed");
        }
    }

    private void authenticate(RoutingContext ctx) {
        String token = Bearer.token(ctx.request().getHeader("Authorization"));
        if (token == null) {
            unauthenticated(ctx);
            return;
        }
        Future<VerifiedToken> verified;
        try {
            verified = tokens.verify(token);
        } catch (RuntimeException e) {
            verified = Future.failedFuture(e);
        }
        verified.onComplete(result -> {
            if (result.failed()) {
                unauthenticated(ctx);
            } else {
                ctx.put(USER, result.result().userId());
                ctx.next();
            }
        });
    }

    private static void unauthenticated(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        reject(ctx, 401, JsonRpc.SERVER_ERROR, "Not authenticated: send Authorization: Bearer <token>");
    }

    // ---------------------------------------------------------------- POST

    private void post(RoutingContext ctx) {
        String user = ctx.get(USER);
        if (!acceptsBoth(ctx.request().getHeader("Accept"))) {
            reject(ctx, 406, JsonRpc.SERVER_ERROR, "Not acceptable: the client must accept application/json and text/event-stream");
            return;
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            reject(ctx, 415, JsonRpc.SERVER_ERROR, "Unsupported media type: send application/json");
            return;
        }
        JsonNode body;
        try {
            body = ClientJson.readTree(ctx.body().buffer() == null ? "" : ctx.body().asString(StandardCharsets.UTF_8.name()));
        } catch (JsonProcessingException | RuntimeException e) {
            reject(ctx, 400, JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON (or exceeds the JSON limits)");
            return;
        }
        if (body == null || body.isMissingNode()) {
            reject(ctx, 400, JsonRpc.PARSE_ERROR, "Parse error: empty body");
            return;
        }
        if (McpServer.isInitialize(body)) {
            initialize(ctx, user, body);
            return;
        }
        McpSessions.McpSession session = session(ctx, user);
        if (session == null) {
            return;
        }
        if (!sessions.admitMessage(user)) {
            ctx.response().putHeader("Retry-After", "1");
            reject(ctx, 429, JsonRpc.RATE_LIMITED, "Too many requests: slow down (message rate limit)");
            return;
        }
        if (body.isArray()) {
            batch(ctx, session, (ArrayNode) body);
        } else {
            server.handle(session, body).onComplete(done -> answer(ctx, done.succeeded() ? done.result() : internal(done.cause())));
        }
    }

    private void initialize(RoutingContext ctx, String user, JsonNode message) {
        ObjectNode result;
        try {
            result = McpServer.initializeResult(message);
        } catch (JsonRpc.Failure failure) {
            respond(ctx, 400, JsonRpc.error(JsonRpc.id(message), failure.code, failure.getMessage()));
            return;
        }
        McpSessions.Result opened = sessions.open(user, result.get("protocolVersion").textValue());
        if (opened.session() == null) {
            String why = opened.refusal() == McpSessions.Refusal.TOO_MANY_USER_SESSIONS
                    ? "Too many MCP sessions for this user (at most " + config.maxSessionsPerUser() + "): end one with DELETE"
                    : "Too many MCP sessions on this gateway";
            respond(ctx, 429, JsonRpc.error(JsonRpc.id(message), JsonRpc.RATE_LIMITED, why));
            return;
        }
        LOG.info("MCP session opened for {} (protocol {})", user, opened.session().protocolVersion());
        ctx.response().putHeader(SESSION_HEADER, opened.session().id());
        respond(ctx, 200, JsonRpc.result(JsonRpc.id(message), result));
    }

    /** A batch (protocol 2025-03-26 only): bounded, without initialize, answered as an array of the responses. */
    private void batch(RoutingContext ctx, McpSessions.McpSession session, ArrayNode batch) {
        String refusal = null;
        if (!McpServer.BATCH_VERSION.equals(session.protocolVersion())) {
            refusal = "Invalid request: protocol version " + session.protocolVersion() + " has no batches, send one message per POST";
        } else if (batch.isEmpty()) {
            refusal = "Invalid request: empty batch";
        } else if (batch.size() > config.maxBatch()) {
            refusal = "Invalid request: a batch holds at most " + config.maxBatch() + " messages";
        } else if (batch.valueStream().anyMatch(McpServer::isInitialize)) {
            refusal = "Invalid request: initialize cannot be part of a batch";
        }
        if (refusal != null) {
            respond(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, refusal));
            return;
        }
        List<Future<ObjectNode>> responses = new ArrayList<>();
        batch.forEach(message -> responses.add(server.handle(session, message)));
        Future.all(responses).onComplete(done -> {
            if (done.failed()) {
                answer(ctx, internal(done.cause()));
                return;
            }
            ArrayNode array = ClientJson.MAPPER.createArrayNode();
            responses.forEach(response -> {
                if (response.result() != null) {
                    array.add(response.result());
                }
            });
            answer(ctx, array.isEmpty() ? null : array);
        });
    }

    private static JsonNode internal(Throwable cause) {
        LOG.warn("MCP request failed", cause);
        return JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "Internal error");
    }

    /** 200 with the response(s), or 202 when there is nothing to answer (notifications, responses). */
    private static void answer(RoutingContext ctx, JsonNode responses) {
        if (responses == null) {
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(202).end();
            }
            return;
        }
        respond(ctx, 200, responses);
    }

    // ---------------------------------------------------------------- sessions, DELETE

    /** The caller's session of this request, or null after answering 400 / 404. */
    private McpSessions.McpSession session(RoutingContext ctx, String user) {
        String id = ctx.request().getHeader(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            reject(ctx, 400, JsonRpc.INVALID_REQUEST, "Bad request: missing " + SESSION_HEADER + " header (send initialize first)");
            return null;
        }
        McpSessions.McpSession session = sessions.find(id.trim(), user).orElse(null);
        if (session == null) {
            reject(ctx, 404, JsonRpc.SESSION_NOT_FOUND, "Session not found: initialize a new session");
            return null;
        }
        String version = ctx.request().getHeader(VERSION_HEADER);
        if (version != null && !version.trim().equals(session.protocolVersion())) {
            reject(ctx, 400, JsonRpc.INVALID_REQUEST, "Bad request: " + VERSION_HEADER + " does not match the session's version "
                    + session.protocolVersion());
            return null;
        }
        return session;
    }

    private void delete(RoutingContext ctx) {
        String user = ctx.get(USER);
        String id = ctx.request().getHeader(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            reject(ctx, 400, JsonRpc.INVALID_REQUEST, "Bad request: missing " + SESSION_HEADER + " header");
        } else if (sessions.close(id.trim(), user)) {
            LOG.info("MCP session closed by {}", user);
            ctx.response().setStatusCode(204).end();
        } else {
            reject(ctx, 404, JsonRpc.SESSION_NOT_FOUND, "Session not found");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Whether an Accept header lists both media types (or wildcards that cover them). */
    static boolean acceptsBoth(String accept) {
        if (accept == null) {
            return false;
        }
        boolean json = false;
        boolean events = false;
        for (String part : accept.split(",")) {
            String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            json |= type.equals(JSON) || type.equals("application/*") || type.equals("*/*");
            events |= type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*");
        }
        return json && events;
    }

    /** A body over {@code mcp.max-body-bytes} (413), or another failure of the route. */
    private static void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            reject(ctx, 413, JsonRpc.INVALID_REQUEST, "Request body too large (mcp.max-body-bytes)");
        } else {
            if (ctx.failure() != null) {
                LOG.warn("MCP request failed", ctx.failure());
            }
            reject(ctx, 500, JsonRpc.INTERNAL_ERROR, "Internal error");
        }
    }

    private static void reject(RoutingContext ctx, int status, int code, String message) {
        respond(ctx, status, JsonRpc.error(null, code, message));
    }

    private static void respond(RoutingContext ctx, int status, JsonNode body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(ClientJson.write(body));
    }
}
