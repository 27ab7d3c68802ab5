package io.tradewire.gateway.qe;

import io.tradewire.gateway.session.Handshake;
import io.tradewire.gateway.session.Session;
import io.tradewire.gateway.session.Sessions;
import io.tradewire.gateway.session.WebSocketConnection;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.DialectDefaults;
import io.tradewire.gateway.spi.HttpTransportCodec;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.gateway.spi.TransportContext;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.Push;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The {@code qe} dialect (seed 002, the QE Connector SDK's user-data stream; see {@code docs/dialects/qe.md}). A
 * WebSocket at {@code /api/ws} and {@code /api/ws/v2} opened with {@code ?listen_key=} (created over the signed REST
 * API, {@link QeRoutes}): a missing, unknown or expired key is refused with HTTP 401 before the upgrade. The socket
 * then carries, for the key's user only, frames {@code {"type","messageId","userId","data"}}: {@code status}
 * {@code "connected"} first, then {@code master_data} and {@code order_data} for every change of the user's master
 * orders and their child orders (stream {@code user.<uid>.algo}), with {@code data} a JSON-encoded string in
 * snake_case. The client sends nothing at the application level (a text {@code ping} is answered {@code pong}, which
 * the SDK skips); WebSocket pings are answered by the transport.
 *
 * <p>{@code messageId} of a push is {@code <epoch>-<seq>} of its stream: stable (the same message always has the
 * same id, so a client can de-duplicate) and unique within the user's stream; other frames get a random UUID.
 */
public final class QeCodec implements HttpTransportCodec {
    public static final String NAME = "qe";
    public static final String DEFAULT_PATH = "/api/ws";
    static final String V2 = "/v2";
    static final String LISTEN_KEY = "listen_key";

    private QeConfig config = QeConfig.from(io.tradewire.model.config.ConfigReader.of(new JsonObject(), ""));

    @Override
    public String name() {
        return NAME;
    }

    /** The SDK pings every second (the seed's example every 30 s); the server pings too, and waits 90 s of silence. */
    @Override
    public DialectDefaults defaults() {
        return new DialectDefaults(DEFAULT_PATH, Duration.ofSeconds(20), Duration.ofSeconds(90));
    }

    @Override
    public void configure(DialectContext context) {
        config = QeConfig.from(context.section());
    }

    @Override
    public Handler<RoutingContext> httpTransport(TransportContext context) {
        ListenKeys keys = new ListenKeys(context.vertx(), config.listenKeyTtl(), System::currentTimeMillis);
        String path = context.settings().path().endsWith("/")
                ? context.settings().path().substring(0, context.settings().path().length() - 1) : context.settings().path();
        return ctx -> upgrade(ctx, context, keys, path);
    }

    private void upgrade(RoutingContext ctx, TransportContext context, ListenKeys keys, String path) {
        HttpServerRequest request = ctx.request();
        if (!request.path().equals(path) && !request.path().equals(path + V2)) {
            plain(ctx, 404, "Not found: the QE stream is at " + path + " and " + path + V2 + "\n");
            return;
        }
        if (request.method() != HttpMethod.GET || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            plain(ctx, 400, "This path expects a WebSocket upgrade\n");
            return;
        }
        Sessions sessions = context.sessions();
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (!sessions.admitsAddress(address)) {
            plain(ctx, 429, "Too many sessions from this address\n");
            return;
        }
        request.pause();
        keys.userOf(request.getParam(LISTEN_KEY)).onComplete(lookup -> {
            String user = lookup.succeeded() ? lookup.result() : null;
            if (user == null) {
                request.resume();
                ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("code", 401).put("reason", "INVALID_LISTEN_KEY")
                                .put("message", "The listen key is missing, unknown or expired").encode());
                return;
            }
            Handshake handshake = Handshake.of(ctx.queryParams(), ctx.pathParams(), request.headers(), address);
            request.toWebSocket()
                    .onSuccess(socket -> {
                        WebSocketConnection connection = WebSocketConnection.of(socket, context.socketBytes());
                        Session session = sessions.openAs(connection, this, context.settings(), handshake, user);
                        WebSocketConnection.attach(socket, sessions, session, connection);
                    })
                    .onFailure(e -> {
                        if (!ctx.response().ended()) {
                            plain(ctx, 400, "This path expects a WebSocket upgrade\n");
                        }
                    });
        });
    }

    private static void plain(RoutingContext ctx, int status, String text) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=UTF-8").end(text);
    }

    // ---------------------------------------------------------------- decode / encode

    @Override
    public List<String> streamsAfterAuthentication(SessionView session) {
        return session.principal().map(user -> List.of(StreamKeys.userAlgo(user))).orElse(List.of());
    }

    /**
     * The SDK sends nothing. A text {@code ping} (or {@code {"type":"ping"}}) gets {@code pong}; other JSON is
     * UNSUPPORTED, anything else MALFORMED — each answered with an {@code error} frame, the socket stays open.
     */
    @Override
    public Inbound decode(String frame, SessionView session) throws DecodeException {
        if (frame.trim().equalsIgnoreCase("ping")) {
            return new Inbound.Ping();
        }
        ObjectNode message = ClientJson.parseObject(frame);
        if ("ping".equals(message.path("type").asText())) {
            return new Inbound.Ping();
        }
        throw new DecodeException(ErrorCode.UNSUPPORTED, "This stream takes no messages: it pushes the listen key's user data", null);
    }

    @Override
    public List<String> encode(Outbound message, SessionView session) {
        if (message instanceof Outbound.Delivery delivery) {
            return delivery.snapshot() ? List.of() : push(delivery.push());
        }
        String user = session.principal().orElse("");
        if (message instanceof Outbound.AuthResult auth && auth.success()) {
            return List.of(frame("status", UUID.randomUUID().toString(), user, "connected"));
        }
        if (message instanceof Outbound.Pong) {
            return List.of("pong");
        }
        if (message instanceof Outbound.Failure failure) {
            return List.of(frame("error", UUID.randomUUID().toString(), user, failure.message()));
        }
        if (message instanceof Outbound.Closing closing) {
            return List.of(frame("error", UUID.randomUUID().toString(), user, closing.message()));
        }
        return List.of();
    }

    /** A live push, the same for every session of its stream (whose owner is the user): no session needed. */
    private static List<String> push(Push push) {
        String user = StreamKeys.ownerOf(push.stream());
        String id = push.epoch() + "-" + push.seq();
        if (push.event() instanceof MasterOrderUpdated update) {
            return List.of(frame("master_data", id, user, QeJson.masterData(update.master()).encode()));
        }
        if (push.event() instanceof AlgoOrderUpdated update) {
            return List.of(frame("order_data", id, user, QeJson.orderData(update).encode()));
        }
        return List.of();
    }

    /**
     * A push of {@code user.<uid>.algo} reaches only that user's sessions and renders the same for each of them (the
     * gateway then encodes it once, without a session).
     */
    @Override
    public boolean encodesAlike(Push push) {
        return push.event() instanceof MasterOrderUpdated || push.event() instanceof AlgoOrderUpdated;
    }

    private static String frame(String type, String messageId, String userId, String data) {
        return new JsonObject().put("type", type).put("messageId", messageId).put("userId", userId).put("data", data).encode();
    }
}
