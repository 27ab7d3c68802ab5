package io.tradewire.gateway;

import io.tradewire.gateway.admin.AdminRoutes;
import io.tradewire.gateway.api.ApiRoutes;
import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.gateway.console.ConsoleRoutes;
import io.tradewire.gateway.ops.OpsRoutes;
import io.tradewire.gateway.qe.QeRoutes;
import io.tradewire.gateway.session.FlushBatch;
import io.tradewire.gateway.session.Handshake;
import io.tradewire.gateway.session.OutboundStats;
import io.tradewire.gateway.session.Session;
import io.tradewire.gateway.session.Sessions;
import io.tradewire.gateway.session.TimeSource;
import io.tradewire.gateway.session.WebSocketConnection;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.HttpTransportCodec;
import io.tradewire.gateway.spi.TransportContext;
import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Printable;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.event.PartitionEpochs;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and WebSocket server: the operator's routes ({@link OpsRoutes}: {@code /health}, {@code /ready},
 * {@code /metrics}), and one WebSocket path per dialect codec found with
 * {@link ServiceLoader} (a codec that brings its own transport, {@link HttpTransportCodec}, gets every
 * request under its path instead). In front of every dialect path: the Origin check (403) and, for a
 * plain WebSocket upgrade, the per-address session limit (429); in front of everything, the declared
 * body size (413). Optionally TLS, with a plain-HTTP listener that redirects to it. Sessions, auth and
 * streams are delegated to {@link Sessions}.
 */
public final class GatewayVerticle extends VerticleBase {
    public static final String COMPONENT = "gateway";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
    /** A host name or address we are willing to echo in a redirect. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

    private GatewayConfig config;
    private TokenService tokens;
    private Sessions sessions;
    private FlushBatch flushes;
    private HttpServer server;
    private HttpServer redirect;

    @Override
    public Future<?> start() {
        BusCodecs.ensureRegistered(vertx);
        List<DialectCodec> codecs = StreamSupport.stream(ServiceLoader.load(DialectCodec.class).spliterator(), false)
                .collect(Collectors.toList());
        AuthConfig auth = AuthConfig.from(config());
        config = GatewayConfig.from(config(), codecs, auth.clockSkew(), LOG);
        return serverOptions()
                .compose(options -> TokenService.start(vertx, auth).compose(started -> {
                    tokens = started;
                    flushes = new FlushBatch(context);
                    sessions = new Sessions(vertx, tokens, config.instruments(), config.venue(), config.requestTimeout(),
                            config.limits(), config.outbound(), TimeSource.SYSTEM);
                    vertx.setPeriodic(GatewayConfig.HEARTBEAT_SWEEP.toMillis(), id -> sessions.heartbeat());
                    vertx.eventBus().<PartitionEpochs>consumer(Addresses.NOTIFIER_EPOCHS, message -> sessions.partitionEpochs(message.body()));
                    return vertx.createHttpServer(options).requestHandler(router()).listen(config.port(), config.host());
                }))
                .compose(this::listenRedirect)
                .onSuccess(this::announce);
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        if (sessions != null) {
            sessions.closeAll();
        }
        if (tokens != null) {
            tokens.close();
        }
        Future<Void> redirected = redirect == null ? Future.succeededFuture() : redirect.close();
        return Future.join(redirected, server == null ? Future.succeededFuture() : server.close());
    }

    /** Frame and message limits, permessage-deflate only when enabled, TLS with the PEM files read off the event loop. */
    private Future<HttpServerOptions> serverOptions() {
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketFrameSize(config.maxFrameBytes())
                .setMaxWebSocketMessageSize(config.maxMessageBytes())
                .setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(config.webSocketCompression())
                .setDecompressionSupported(false);
        GatewayConfig.Tls tls = config.tls();
        if (!tls.enabled()) {
            return Future.succeededFuture(options);
        }
        return Future.all(pem(tls.certFile(), "http.tls.cert-file"), pem(tls.keyFile(), "http.tls.key-file"))
                .map(files -> options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(files.resultAt(0)).setKeyValue(files.resultAt(1))));
    }

    private Future<Buffer> pem(String path, String key) {
        return vertx.fileSystem().readFile(path)
                .recover(e -> Future.failedFuture(new ConfigException(key, "cannot read " + path + ": " + e.getMessage())));
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::bodyLimit);
        OpsRoutes.mount(router, vertx, sessions, codecNames(), config.venue(), config.instruments());
        AdminRoutes.mount(router, vertx, tokens, config.venue(), config.requestTimeout());
        QeRoutes.mount(router, vertx, config(), config.requestTimeout());
        ConsoleRoutes.mount(router, config.instruments(), config.dialects());
        ApiRoutes.mount(router, vertx, tokens, config, config());
        config.dialects().forEach((codec, settings) -> {
            if (codec instanceof HttpTransportCodec transport) {
                String under = settings.path().endsWith("/") ? settings.path() : settings.path() + "/";
                router.route(under + "*").handler(this::checkOrigin).handler(transport.httpTransport(
                        new TransportContext(vertx, sessions, settings, config.outbound().socketBytes())));
            } else {
                router.route(settings.path()).handler(this::checkOrigin).handler(ctx -> upgrade(ctx, codec, settings));
            }
        });
        return router;
    }

    /** A request that declares a body over {@code gateway.max-http-body-bytes} is answered 413 before it is read. */
    private void bodyLimit(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = Long.MAX_VALUE;
        }
        if (declared > config.maxHttpBodyBytes()) {
            ctx.response().setStatusCode(413).putHeader("Connection", "close").putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .end("Request body larger than gateway.max-http-body-bytes\n");
            return;
        }
        ctx.next();
    }

    /** Cross-site WebSocket hijacking: a browser page from an origin not allowed gets 403 before any upgrade. */
    private void checkOrigin(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader("Origin");
        HostAndPort authority = request.authority();
        if (config.origins().allows(origin, authority == null ? null : authority.host(), authority == null ? -1 : authority.port())) {
            ctx.next();
            return;
        }
        LOG.debug("Refused {} {} from origin {}", request.method(), request.path(), Printable.of(origin));
        ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=UTF-8").end("Origin not allowed\n");
    }

    private void upgrade(RoutingContext ctx, DialectCodec codec, DialectSettings settings) {
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        if (!sessions.admitsAddress(address)) {
            ctx.response().setStatusCode(429).putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .end("Too many sessions from this address\n");
            return;
        }
        Handshake handshake = Handshake.of(ctx.queryParams(), ctx.pathParams(), ctx.request().headers(), address);
        ctx.request().toWebSocket()
                .onSuccess(socket -> {
                    WebSocketConnection connection = WebSocketConnection.of(socket, ctx.request().connection(), flushes,
                            config.outbound().socketBytes(), config.maxFrameBytes());
                    Session session = sessions.open(connection, codec, settings, handshake);
                    WebSocketConnection.attach(socket, sessions, session, connection);
                })
                .onFailure(e -> {
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(400).end("This path expects a WebSocket upgrade\n");
                    }
                });
    }

    /** With TLS and {@code http.tls.redirect-port}: a plain listener that sends every request to https (308). */
    private Future<HttpServer> listenRedirect(HttpServer listening) {
        GatewayConfig.Tls tls = config.tls();
        if (!tls.enabled() || tls.redirectPort() == 0) {
            return Future.succeededFuture(listening);
        }
        int tlsPort = listening.actualPort();
        return vertx.createHttpServer(new HttpServerOptions().setDecompressionSupported(false))
                .requestHandler(request -> {
                    HostAndPort authority = request.authority();
                    String host = authority != null && HOST.matcher(authority.host()).matches() ? authority.host() : publicHost();
                    request.response().setStatusCode(308)
                            .putHeader("Location", "https://" + host + (tlsPort == 443 ? "" : ":" + tlsPort) + request.uri())
                            .putHeader("Connection", "close").end();
                })
                .listen(tls.redirectPort(), config.host())
                .map(started -> {
                    redirect = started;
                    return listening;
                });
    }

    private List<String> codecNames() {
        return config.dialects().keySet().stream().map(DialectCodec::name).toList();
    }

    private String publicHost() {
        return config.host().equals("0.0.0.0") ? "localhost" : config.host();
    }

    private void announce(HttpServer listening) {
        this.server = listening;
        int port = listening.actualPort();
        String host = publicHost();
        boolean tls = config.tls().enabled();
        config.dialects().forEach((codec, settings) ->
                LOG.info("Listening: {} dialect at {}://{}:{}{}", codec.name(),
                        codec instanceof HttpTransportCodec ? (tls ? "https" : "http") : (tls ? "wss" : "ws"), host, port, settings.path()));
        LOG.info("Listening: health at {}://{}:{}/health", tls ? "https" : "http", host, port);
        if (redirect != null) {
            LOG.info("Listening: redirect to https at http://{}:{}", host, redirect.actualPort());
        }
        if (config.origins().allowsAll()) {
            LOG.warn("gateway.allowed-origins is '*': any web page may open connections to this gateway");
        }
        reportHealth(port);
        vertx.setPeriodic(1_000, id -> reportHealth(port));
    }

    private void reportHealth(int port) {
        HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject()
                .put("port", port)
                .put("tls", config.tls().enabled())
                .put("sessions", new JsonObject(new HashMap<>(sessions.countsByDialect())))
                .put("streams", sessions.streamCount())
                .put("outbound", outbound(sessions.outboundStats())));
    }

    /** The slow-consumer figures ({@code gateway.outbound.*}) as {@code /health} shows them. */
    private static JsonObject outbound(OutboundStats stats) {
        return new JsonObject()
                .put("queued_messages", stats.queuedMessages())
                .put("queued_bytes", stats.queuedBytes())
                .put("conflated", stats.conflated())
                .put("throttled", stats.throttled())
                .put("dropped", stats.dropped())
                .put("closed_slow", stats.closedSlow());
    }
}
