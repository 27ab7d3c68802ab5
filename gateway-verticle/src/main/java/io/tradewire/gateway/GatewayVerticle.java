package io.tradewire.gateway;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.SigningKeys;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.gateway.session.Handshake;
import io.tradewire.gateway.session.Session;
import io.tradewire.gateway.session.Sessions;
import io.tradewire.gateway.session.WebSocketConnection;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.HttpTransportCodec;
import io.tradewire.gateway.spi.TransportContext;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.bus.BusCodecs;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket server: {@code /health}, and one WebSocket path per dialect codec found with
 * {@link ServiceLoader} (a codec that brings its own transport, {@link HttpTransportCodec}, gets every
 * request under its path instead). Sessions, auth and streams are delegated to {@link Sessions}.
 */
public final class GatewayVerticle extends VerticleBase {
    public static final String COMPONENT = "gateway";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

    private GatewayConfig config;
    private Sessions sessions;
    private HttpServer server;

    @Override
    public Future<?> start() {
        BusCodecs.ensureRegistered(vertx);
        List<DialectCodec> codecs = StreamSupport.stream(ServiceLoader.load(DialectCodec.class).spliterator(), false)
                .collect(Collectors.toList());
        config = GatewayConfig.from(config(), codecs, LOG);
        AuthConfig auth = AuthConfig.from(config());
        return vertx.executeBlocking(() -> SigningKeys.resolve(auth))
                .compose(key -> {
                    TokenService tokens = new TokenService(vertx, auth, key);
                    sessions = new Sessions(vertx, tokens, config.instruments(), config.venue(), config.requestTimeout());
                    vertx.setPeriodic(GatewayConfig.HEARTBEAT_SWEEP.toMillis(), id -> sessions.heartbeat());
                    return vertx.createHttpServer(serverOptions()).requestHandler(router()).listen(config.port(), config.host());
                })
                .onSuccess(this::announce);
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        if (sessions != null) {
            sessions.closeAll();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    private HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setMaxWebSocketFrameSize(config.maxFrameBytes())
                .setMaxWebSocketMessageSize(config.maxMessageBytes())
                .setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false);
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        config.dialects().forEach((codec, settings) -> {
            if (codec instanceof HttpTransportCodec transport) {
                String under = settings.path().endsWith("/") ? settings.path() : settings.path() + "/";
                router.route(under + "*").handler(transport.httpTransport(
                        new TransportContext(vertx, sessions, settings, config.maxQueuedBytes())));
            } else {
                router.route(settings.path()).handler(ctx -> upgrade(ctx, codec, settings));
            }
        });
        return router;
    }

    private void upgrade(RoutingContext ctx, DialectCodec codec, DialectSettings settings) {
        Handshake handshake = Handshake.of(ctx.queryParams(), ctx.pathParams(), ctx.request().headers(),
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
        ctx.request().toWebSocket()
                .onSuccess(socket -> {
                    socket.setWriteQueueMaxSize(config.maxQueuedBytes());
                    Session session = sessions.open(WebSocketConnection.of(socket), codec, settings, handshake);
                    WebSocketConnection.attach(socket, sessions, session);
                })
                .onFailure(e -> {
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(400).end("This path expects a WebSocket upgrade\n");
                    }
                });
    }

    private void health(RoutingContext ctx) {
        JsonObject components = HealthRegistry.snapshot(vertx);
        boolean up = components.stream().allMatch(e -> e.getValue() instanceof JsonObject c && "UP".equals(c.getString("status")));
        ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
                .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("components", components).encodePrettily());
    }

    private void announce(HttpServer listening) {
        this.server = listening;
        int port = listening.actualPort();
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        config.dialects().forEach((codec, settings) ->
                LOG.info("Listening: {} dialect at {}://{}:{}{}", codec.name(),
                        codec instanceof HttpTransportCodec ? "http" : "ws", host, port, settings.path()));
        LOG.info("Listening: health at http://{}:{}/health", host, port);
        reportHealth(port);
        vertx.setPeriodic(1_000, id -> reportHealth(port));
    }

    private void reportHealth(int port) {
        HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject()
                .put("port", port)
                .put("sessions", new JsonObject(new HashMap<>(sessions.countsByDialect())))
                .put("streams", sessions.streamCount()));
    }
}
