package io.tradewire.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tradewire.model.NodeMetrics;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * Builds the Vert.x instance of a node. With {@code metrics.enabled} (the default) it carries Micrometer
 * metrics: a Prometheus registry of its own (several nodes in one JVM, as in tests, never share counters)
 * with Vert.x's meters (event bus, worker pools, with Vert.x's default labels only: no event-bus address, so
 * no stream key and no user id) and the JVM's, installed as the node's {@link NodeMetrics} registry for the
 * verticles' own meters.
 *
 * <pre>{@code
 * Vertx local = NodeVertx.create(config);
 * NodeVertx node = NodeVertx.of(config, options);           // a clustered node:
 * node.builder().withClusterManager(manager).buildClustered().map(node::installed);
 * }</pre>
 */
public final class NodeVertx {
    private final VertxOptions options;
    private final PrometheusMeterRegistry registry;

    private NodeVertx(VertxOptions options, PrometheusMeterRegistry registry) {
        this.options = options;
        this.registry = registry;
    }

    /** Whether {@code metrics.enabled}; fails with the key named on an invalid value. */
    public static boolean metricsEnabled(JsonObject config) {
        return ConfigReader.of(config, "metrics").bool("enabled", true);
    }

    /** The node's Vert.x options: {@code base} with the metrics options when metrics are enabled. */
    public static NodeVertx of(JsonObject config, VertxOptions base) {
        VertxOptions options = new VertxOptions(base);
        if (!metricsEnabled(config)) {
            return new NodeVertx(options, null);
        }
        options.setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setRegistryName("tradewire-" + UUID.randomUUID()));
        return new NodeVertx(options, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** A local (not clustered) node. */
    public static Vertx create(JsonObject config) {
        NodeVertx node = of(config, new VertxOptions());
        return node.installed(node.builder().build());
    }

    /** A builder with the node's options and metrics; build it, then pass the instance to {@link #installed}. */
    public VertxBuilder builder() {
        VertxBuilder builder = Vertx.builder().with(options);
        return registry == null ? builder : builder.withMetrics(new MicrometerMetricsFactory(registry));
    }

    /** Makes the registry the built instance's {@link NodeMetrics} registry (before any verticle is deployed). */
    public Vertx installed(Vertx vertx) {
        if (registry != null) {
            NodeMetrics.install(vertx, registry);
        }
        return vertx;
    }
}
