package io.tradewire.gateway.socketio.engine;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.session.Handshake;
import io.tradewire.gateway.session.Session;
import io.tradewire.gateway.session.Sessions;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.TransportContext;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Engine.IO 4 server on the gateway's router: every request under the dialect's path comes here.
 * <ul>
 *   <li>{@code GET ?EIO=4&transport=polling} without {@code sid}: handshake, answered with the open packet;</li>
 *   <li>{@code GET/POST ?EIO=4&transport=polling&sid=S}: long-poll / send packets ({@code \x1e}-separated);</li>
 *   <li>{@code GET ?EIO=4&transport=websocket} (an upgrade): a new WebSocket session, or with {@code sid=S}
 *       the upgrade of a polling session ({@code 2probe} → {@code 3probe}, then {@code 5}).</li>
 * </ul>
 * Errors are socket.io's own: HTTP 400 with {@code {"code":1,"message":"Session ID unknown"}} and friends.
 * Each Engine.IO socket carries one gateway session ({@link Sessions#open}); it is forgotten when either
 * side closes it or the client stops answering pings. Runs on the gateway's event loop only.
 */
public final class EngineIoServer implements Handler<RoutingContext> {
    /** Session state key: the {@link Handshake} of the WebSocket request that upgraded a polling session. */
    public static final String UPGRADE_HANDSHAKE = "engineio.upgrade";

    static final int UNKNOWN_TRANSPORT = 0;
    static final int UNKNOWN_SID = 1;
    static final int BAD_HANDSHAKE_METHOD = 2;
    static final int BAD_REQUEST = 3;
    static final int UNSUPPORTED_PROTOCOL_VERSION = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EngineIoServer.class);
    private static final String[] MESSAGES = {
        "Transport unknown", "Session ID unknown", "Bad handshake method", "Bad request", "Forbidden",
        "Unsupported protocol version"};

    private final Vertx vertx;
    private final Sessions sessions;
    private final DialectCodec codec;
    private final DialectSettings settings;
    private final EngineLimits limits;
    private final Map<String, EngineSocket> sockets = new HashMap<>();

    /**
     * @param pingTimeout    a PING unanswered this long closes the socket
     * @param connectTimeout a socket whose session has not authenticated (accepted CONNECT) this long after it
     *                       opened is closed
     * @param maxPayload     largest long-polling POST body, in bytes
     */
    public EngineIoServer(TransportContext context, DialectCodec codec, Duration pingTimeout, Duration connectTimeout,
            int maxPayload) {
        this.vertx = context.vertx();
        this.sessions = context.sessions();
        this.codec = codec;
        this.settings = context.settings();
        this.limits = new EngineLimits(settings.pingInterval(), pingTimeout, connectTimeout, maxPayload,
                context.socketBytes());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String transport = request.getParam("transport");
        String sid = request.getParam("sid");
        boolean isUpgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (!"4".equals(request.getParam("EIO"))) {
            error(ctx, UNSUPPORTED_PROTOCOL_VERSION);
        } else if (!"polling".equals(transport) && !"websocket".equals(transport)) {
            error(ctx, UNKNOWN_TRANSPORT);
        } else if ("websocket".equals(transport) != isUpgrade) {
            error(ctx, BAD_REQUEST);
        } else if (sid == null) {
            handshake(ctx, transport);
        } else {
            EngineSocket socket = sockets.get(sid);
            if (socket == null) {
                error(ctx, UNKNOWN_SID);
            } else if (isUpgrade) {
                upgrade(ctx, socket);
            } else if (!socket.isPolling()) {
                error(ctx, BAD_REQUEST);
            } else if (request.method() == HttpMethod.GET) {
                socket.poll(ctx);
            } else if (request.method() == HttpMethod.POST) {
                socket.post(ctx);
            } else {
                error(ctx, BAD_REQUEST);
            }
        }
    }

    private void handshake(RoutingContext ctx, String transport) {
        if (ctx.request().method() != HttpMethod.GET) {
            error(ctx, BAD_HANDSHAKE_METHOD);
            return;
        }
        Handshake handshake = handshakeOf(ctx);
        if (!sessions.admitsAddress(handshake.remoteAddress())) {
            // gateway.max-sessions-per-ip: refused before any Engine.IO session exists.
            ctx.response().setStatusCode(429).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("code", 4).put("message", "Too many sessions from this address").encode());
            return;
        }
        if (transport.equals("polling")) {
            EngineSocket socket = open(handshake, true);
            socket.poll(ctx);
            return;
        }
        ctx.request().toWebSocket()
                .onSuccess(webSocket -> {
                    webSocket.setWriteQueueMaxSize(limits.socketBytes());
                    EngineSocket socket = open(handshake, false);
                    socket.useWebSocket(webSocket);
                })
                .onFailure(e -> respondIfOpen(ctx, BAD_REQUEST));
    }

    /** A new Engine.IO socket: its open packet first, then the gateway session on it. */
    private EngineSocket open(Handshake handshake, boolean polling) {
        String sid = EngineIds.next();
        EngineSocket socket = new EngineSocket(vertx, this, sid, limits);
        sockets.put(sid, socket);
        JsonObject open = new JsonObject()
                .put("sid", sid)
                .put("upgrades", polling ? new io.vertx.core.json.JsonArray().add("websocket") : new io.vertx.core.json.JsonArray())
                .put("pingInterval", limits.pingInterval().toMillis())
                .put("pingTimeout", limits.pingTimeout().toMillis())
                .put("maxPayload", limits.maxPayload());
        socket.send(EnginePacket.OPEN + open.encode());
        Session session = sessions.open(socket, codec, settings, handshake);
        socket.attach(sessions, session);
        return socket;
    }

    private void upgrade(RoutingContext ctx, EngineSocket socket) {
        if (!socket.canUpgrade()) {
            error(ctx, BAD_REQUEST);
            return;
        }
        Handshake handshake = handshakeOf(ctx);
        ctx.request().toWebSocket()
                .onSuccess(webSocket -> {
                    webSocket.setWriteQueueMaxSize(limits.socketBytes());
                    socket.probe(webSocket, handshake);
                })
                .onFailure(e -> respondIfOpen(ctx, BAD_REQUEST));
    }

    void forget(String sid) {
        sockets.remove(sid);
    }

    /** Number of live Engine.IO sockets (for tests and diagnostics). */
    public int size() {
        return sockets.size();
    }

    private static Handshake handshakeOf(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        return Handshake.of(ctx.queryParams(), Map.of(), request.headers(),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    private static void respondIfOpen(RoutingContext ctx, int code) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
            error(ctx, code);
        }
    }

    /** socket.io's error answer: HTTP 400 with {@code {"code":N,"message":"..."}}. */
    static void error(RoutingContext ctx, int code) {
        LOG.debug("Engine.IO request refused: {} {}", code, MESSAGES[code]);
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("code", code).put("message", MESSAGES[code]).encode());
    }
}
