package io.tradewire.launcher;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradewire run}: starts the verticles of this node and serves until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the mesh (by default every verticle in one JVM: the embedded demo) and serve until Ctrl-C. "
                + "With --cluster, join a cluster of nodes (docs/CLUSTER.md).")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--http-port", paramLabel = "N",
            description = "HTTP port of the gateway (all dialects), or of /health on a node without a gateway. Same as --set http.port=N.")
    Integer httpPort;

    @Option(names = "--verticles", paramLabel = "LIST", split = ",",
            description = "Verticles to deploy on this node: gateway,notifier,matching,broker,algo (default: all).")
    List<String> verticles;

    @Option(names = "--cluster", description = "Join a cluster (Hazelcast over TCP/IP). Same as --set cluster.enabled=true.")
    boolean cluster;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This node's name, unique in the cluster (default: the host name). Same as --set cluster.node-name=NAME.")
    String nodeName;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Address or host name the cluster binds to (default 127.0.0.1). Same as --set cluster.host=HOST.")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "N",
            description = "Hazelcast member port (default 5701). Same as --set cluster.port=N.")
    Integer clusterPort;

    @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...",
            description = "Members to join, host:port each (no port ranges). Same as --set cluster.members=LIST.")
    String clusterMembers;

    @Override
    public Integer call() throws Exception {
        JsonObject config;
        Set<Mesh.Part> parts;
        ClusterConfig clusterConfig;
        try {
            config = ConfigLoader.loadNow(configOptions.configFile(), System.getenv(), overrides());
            List<String> names = verticles != null ? verticles
                    : ConfigReader.of(config, "").stringList("verticles", List.of("all"));
            parts = Mesh.Part.parse(names);
            NodeVertx.metricsEnabled(config); // an invalid value fails here, before any Vert.x instance exists
            clusterConfig = ClusterConfig.from(config, ClusterConfig.localHostName());
            if (clusterConfig.enabled()) {
                requireSharedSigningKey(config);
                clusterConfig.resolvedHost();
            }
        } catch (Exception e) {
            LOG.error("Tradewire failed to start: {}", e.getMessage());
            return 1;
        }
        Vertx vertx;
        try {
            vertx = node(config, clusterConfig, parts);
        } catch (Exception e) {
            LOG.error("Tradewire failed to start: {}", rootMessage(e));
            return 1;
        }
        Mesh mesh;
        try {
            mesh = Mesh.startNode(vertx, config, parts).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Tradewire is up: {} (Ctrl-C to stop)", parts);
        } catch (Exception e) {
            LOG.error("Tradewire failed to start: {}", rootMessage(e));
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

    /** The {@code --set} pairs with the command's own options applied over them. */
    Map<String, String> overrides() {
        Map<String, String> sets = configOptions.overrides();
        if (httpPort != null) {
            sets.put("http.port", httpPort.toString());
        }
        if (cluster) {
            sets.put("cluster.enabled", "true");
        }
        if (nodeName != null) {
            sets.put("cluster.node-name", nodeName);
        }
        if (clusterHost != null) {
            sets.put("cluster.host", clusterHost);
        }
        if (clusterPort != null) {
            sets.put("cluster.port", clusterPort.toString());
        }
        if (clusterMembers != null) {
            sets.put("cluster.members", clusterMembers);
        }
        return sets;
    }

    /** The node's Vert.x instance: clustered (joined, its view installed) or local with a view of itself alone. */
    static Vertx node(JsonObject config, ClusterConfig cluster, Set<Mesh.Part> parts) throws Exception {
        List<String> partNames = parts.stream().map(Mesh.Part::wireName).toList();
        if (!cluster.enabled()) {
            Vertx vertx = NodeVertx.create(config);
            ClusterView.install(vertx, ClusterView.single(cluster.nodeName(), Set.copyOf(partNames)));
            return vertx;
        }
        return ClusterNode.start(config, cluster, partNames).toCompletionStage().toCompletableFuture()
                .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Cluster nodes must verify each other's tokens: a key generated per node (the demo profile's fallback) would make a
     * token minted through one gateway worthless on another, so a clustered node that would verify HS256 tokens needs
     * a configured secret, in every profile.
     */
    static void requireSharedSigningKey(JsonObject config) {
        AuthConfig auth = AuthConfig.from(config);
        if (auth.secret() == null && auth.algorithms().contains(AuthConfig.HS256) && auth.demo()) {
            throw new ConfigException("auth.jwt.secret", "a clustered node needs the signing key every node shares: set "
                    + "TRADEWIRE_AUTH_JWT_SECRET (or auth.jwt.secret), at least 32 bytes, to the same value on every node "
                    + "(the demo profile's generated key is per node, so a token from one gateway would fail on another)");
        }
    }

    private static String rootMessage(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }
}
