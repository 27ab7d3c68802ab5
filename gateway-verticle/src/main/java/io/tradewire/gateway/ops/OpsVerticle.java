package io.tradewire.gateway.ops;

import io.tradewire.model.HealthRegistry;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's routes ({@link OpsRoutes}: {@code /health}, {@code /ready}, {@code /metrics}) on {@code http.host} /
 * {@code http.port} of a node that runs no gateway, so that every node answers its health checks. Plain HTTP only
 * (no TLS, no dialects, no login): bind it to a private interface.
 */
public final class OpsVerticle extends VerticleBase {
    public static final String COMPONENT = "ops";
    static final String DEFAULT_HOST = "0.0.0.0";
    static final int DEFAULT_PORT = 8080;
    private static final Logger LOG = LoggerFactory.getLogger(OpsVerticle.class);

    private HttpServer server;

    @Override
    public Future<?> start() {
        BusCodecs.ensureRegistered(vertx);
        ConfigReader http = ConfigReader.of(config(), "http");
        String host = http.string("host", DEFAULT_HOST);
        int port = http.integer("port", DEFAULT_PORT, 0, 65_535);
        InstrumentDirectory instruments = InstrumentDirectory.fromConfig(ConfigReader.of(config(), ""));
        String venue = ConfigReader.of(config(), "matching").string("venue", "tradewire");
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, vertx, venue, instruments);
        return vertx.createHttpServer(new HttpServerOptions().setDecompressionSupported(false))
                .requestHandler(router)
                .listen(port, host)
                .onSuccess(listening -> {
                    server = listening;
                    HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject().put("port", listening.actualPort()));
                    LOG.info("Listening: health at http://{}:{}/health (no gateway on this node)",
                            host.equals(DEFAULT_HOST) ? "localhost" : host, listening.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        return server == null ? Future.succeededFuture() : server.close();
    }
}
