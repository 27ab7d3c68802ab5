package io.tradewire.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ComponentMetersTest {

    @Test
    @DisplayName("Components get an up gauge when first seen; broker adapters and reporting components a reconnects counter")
    void followsTheHealthRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ComponentMeters meters = new ComponentMeters(registry);
        meters.refresh(new JsonObject()
                .put("matching.v", new JsonObject().put("status", "UP"))
                .put("broker", new JsonObject().put("status", "STARTING")));
        assertThat(registry.get(ComponentMeters.UP).tag("component", "matching.v").gauge().value()).isEqualTo(1);
        assertThat(registry.get(ComponentMeters.UP).tag("component", "broker").gauge().value()).isZero();
        assertThat(registry.get(ComponentMeters.RECONNECTS).tag("component", "broker").functionCounter().count()).isZero();
        assertThat(registry.find(ComponentMeters.RECONNECTS).tag("component", "matching.v").functionCounter()).isNull();

        meters.refresh(new JsonObject()
                .put("broker", new JsonObject().put("status", "UP").put("reconnects", 3))
                .put("feed", new JsonObject().put("status", "DISABLED").put("reconnects", 1)));
        assertThat(registry.get(ComponentMeters.UP).tag("component", "broker").gauge().value()).isEqualTo(1);
        assertThat(registry.get(ComponentMeters.RECONNECTS).tag("component", "broker").functionCounter().count()).isEqualTo(3);
        assertThat(registry.get(ComponentMeters.RECONNECTS).tag("component", "feed").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get(ComponentMeters.UP).tag("component", "feed").gauge().value()).isEqualTo(1);
        assertThat(registry.get(ComponentMeters.UP).tag("component", "matching.v").gauge().value()).as("gone").isZero();
    }
}
