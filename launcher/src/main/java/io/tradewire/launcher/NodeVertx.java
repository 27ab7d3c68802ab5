package io.tradewire.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tradewire.model.NodeMetrics;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * Builds the Vert.x instance of a node. With {@code metrics.enabled} (the default) it carries Micrometer
 * metrics: a Prometheus registry of its own (several nodes in one JVM, as in tests, never share counters)
 * with Vert.x's meters (HTTP server, event bus, worker pools, with Vert.x's default labels only: no
 * event-bus address, so no stream key and no user id) and the JVM's, installed as the node's
 * {@link NodeMetrics} registry for the verticles' own meters.
 */
public final class NodeVertx {
    private NodeVertx() {
    }

    public static boolean metricsEnabled(JsonObject config) {
        return ConfigReader.of(config, "metrics").bool("enabled", true);
    }

    public static Vertx create(JsonObject config) {
        if (!metricsEnabled(config)) {
            return Vertx.vertx();
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setRegistryName("tradewire-" + UUID.randomUUID());
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        NodeMetrics.install(vertx, registry);
        return vertx;
    }
}
