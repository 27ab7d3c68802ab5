package io.tradewire.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.OrderUpdated;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NodeMetricsTest {

    @Test
    @DisplayName("Without an installed registry meters record nothing; with one they land in it, per Vert.x instance")
    void registryPerVertxInstance(Vertx vertx) {
        assertThat(NodeMetrics.installed(vertx)).isEmpty();
        NodeMetrics.registry(vertx).counter("c").increment();
        assertThat(NodeMetrics.registry(vertx).counter("c").count()).isZero();

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeMetrics.install(vertx, registry);
        NodeMetrics.registry(vertx).counter("c").increment();
        assertThat(registry.get("c").counter().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("Type labels are record names in snake case; latency timers share the histogram buckets")
    void namesAndBuckets() {
        assertThat(NodeMetrics.typeName(SubmitOrder.class)).isEqualTo("submit_order");
        assertThat(NodeMetrics.typeName(OrderUpdated.class)).isEqualTo("order_updated");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var timer = NodeMetrics.latency("t", "a timer").register(registry);
        assertThat(timer.takeSnapshot().histogramCounts()).hasSize(16);
    }
}
