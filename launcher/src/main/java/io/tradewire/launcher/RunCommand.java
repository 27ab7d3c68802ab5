package io.tradewire.launcher;

import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradewire run}: starts the verticles of this node and serves until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the mesh (by default every verticle in one JVM: the embedded demo) and serve until Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP port of the gateway (all dialects). Same as --set http.port=N.")
    Integer httpPort;

    @Option(names = "--verticles", paramLabel = "LIST", split = ",",
            description = "Verticles to deploy on this node: gateway,notifier,matching,broker,algo (default: all).")
    List<String> verticles;

    @Override
    public Integer call() throws Exception {
        Map<String, String> sets = configOptions.overrides();
        if (httpPort != null) {
            sets.put("http.port", httpPort.toString());
        }
        JsonObject config;
        Set<Mesh.Part> parts;
        try {
            config = ConfigLoader.loadNow(configOptions.configFile(), System.getenv(), sets);
            List<String> names = verticles != null ? verticles
                    : ConfigReader.of(config, "").stringList("verticles", List.of("all"));
            parts = Mesh.Part.parse(names);
            NodeVertx.metricsEnabled(config); // an invalid value fails here, before any Vert.x instance exists
        } catch (Exception e) {
            LOG.error("Tradewire failed to start: {}", e.getMessage());
            return 1;
        }
        Vertx vertx = NodeVertx.create(config);
        Mesh mesh;
        try {
            mesh = Mesh.start(vertx, config, parts).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            LOG.info("Tradewire is up: {} (Ctrl-C to stop)", parts);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.error("Tradewire failed to start: {}", cause.getMessage());
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            try {
                mesh.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
                LOG.info("Tradewire stopped");
            } catch (Exception e) {
                LOG.warn("Unclean shutdown: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }, "tradewire-shutdown"));
        stopped.await();
        return 0;
    }
}
