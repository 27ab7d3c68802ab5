package io.tradewire.launcher;

import io.tradewire.broker.BrokerAdapterVerticle;
import io.tradewire.broker.algo.AlgoVerticle;
import io.tradewire.gateway.GatewayVerticle;
import io.tradewire.gateway.ops.OpsVerticle;
import io.tradewire.matching.MatchingVerticle;
import io.tradewire.model.HealthRegistry;
import io.tradewire.notifier.NotifierVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Deploys a subset of the verticles on one Vert.x instance, in dependency order, with the root configuration. */
public final class Mesh {

    /** The deployable verticles, in the order they start (the gateway last, so it serves a ready mesh). */
    public enum Part {
        MATCHING(MatchingVerticle::new),
        NOTIFIER(NotifierVerticle::new),
        BROKER(BrokerAdapterVerticle::new),
        /** The algorithmic execution engine (master orders): an order source next to the broker adapters. */
        ALGO(AlgoVerticle::new),
        GATEWAY(GatewayVerticle::new);

        private final Supplier<io.vertx.core.Deployable> factory;

        Part(Supplier<io.vertx.core.Deployable> factory) {
            this.factory = factory;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code gateway,notifier,matching,broker,algo} (any order; {@code all} for every part). */
        public static Set<Part> parse(Collection<String> names) {
            Set<Part> parts = new LinkedHashSet<>();
            for (String name : names) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (trimmed.equals("all")) {
                    parts.addAll(Arrays.asList(values()));
                    continue;
                }
                parts.add(Arrays.stream(values()).filter(p -> p.wireName().equals(trimmed)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown verticle '" + name + "': expected one of "
                                + Arrays.stream(values()).map(Part::wireName).collect(Collectors.joining(",")))));
            }
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("no verticle to deploy");
            }
            return parts;
        }
    }

    private final Vertx vertx;
    private final List<String> deployments;

    private Mesh(Vertx vertx, List<String> deployments) {
        this.vertx = vertx;
        this.deployments = deployments;
    }

    /** Deploys the parts one after the other; fails (and undeploys what started) if any part fails. */
    public static Future<Mesh> start(Vertx vertx, JsonObject config, Set<Part> parts) {
        List<String> ids = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Part part : Part.values()) {
            if (parts.contains(part)) {
                chain = chain.compose(v -> vertx.deployVerticle(part.factory, new DeploymentOptions().setConfig(config))
                        .recover(e -> Future.failedFuture(new IllegalStateException(
                                part.wireName() + " verticle failed to start: " + e.getMessage(), e)))
                        .map(id -> {
                            ids.add(id);
                            return null;
                        }));
            }
        }
        return chain.map(v -> new Mesh(vertx, ids))
                .recover(e -> undeploy(vertx, ids).transform(ignored -> Future.failedFuture(e)));
    }

    /**
     * A node: the parts, and when they include no gateway, the {@link OpsVerticle} on {@code http.port} so that the
     * node still answers {@code /health}, {@code /ready} and {@code /metrics}.
     */
    public static Future<Mesh> startNode(Vertx vertx, JsonObject config, Set<Part> parts) {
        return start(vertx, config, parts).compose(mesh -> parts.contains(Part.GATEWAY) ? Future.succeededFuture(mesh)
                : vertx.deployVerticle(OpsVerticle::new, new DeploymentOptions().setConfig(config))
                        .recover(e -> mesh.stop().transform(stopped -> Future.failedFuture(
                                new IllegalStateException("ops HTTP server failed to start: " + e.getMessage(), e))))
                        .map(id -> {
                            mesh.deployments.add(id);
                            return mesh;
                        }));
    }

    /** The HTTP port the gateway (or else the ops server) listens on, or -1 when this node serves no HTTP. */
    public int httpPort() {
        JsonObject health = HealthRegistry.snapshot(vertx);
        JsonObject server = health.getJsonObject(GatewayVerticle.COMPONENT, health.getJsonObject(OpsVerticle.COMPONENT));
        return server == null ? -1 : server.getInteger("port", -1);
    }

    public Future<Void> stop() {
        return undeploy(vertx, deployments);
    }

    private static Future<Void> undeploy(Vertx vertx, List<String> ids) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = ids.size() - 1; i >= 0; i--) {
            String id = ids.get(i);
            chain = chain.compose(v -> vertx.undeploy(id));
        }
        return chain;
    }
}
