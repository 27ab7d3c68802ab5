package io.tradewire.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static final Readiness.VenueProbe ANSWERED = new Readiness.VenueProbe("matching.v", true, "answered in 1 ms");
    private static final Readiness.VenueProbe SILENT = new Readiness.VenueProbe("matching.v", false, "no venue on the bus");

    private static JsonObject components(String... nameStatus) {
        JsonObject components = new JsonObject();
        for (int i = 0; i < nameStatus.length; i += 2) {
            components.put(nameStatus[i], new JsonObject().put("status", nameStatus[i + 1]));
        }
        return components;
    }

    @Test
    @DisplayName("Ready when every component is up, the venue answered, and brokers are connected or disabled")
    void ready() {
        Map<String, Readiness.Check> checks = Readiness.checks(
                components("gateway", "UP", "matching.v", "UP", "broker", "UP", "broker.bybit", "DISABLED"), ANSWERED, false);
        assertThat(Readiness.isReady(checks)).isTrue();
        JsonObject body = Readiness.ready(checks);
        assertThat(body.getString("status")).isEqualTo("READY");
        assertThat(body.getJsonObject("checks").fieldNames()).containsExactly("node", "venue", "cluster", "brokers");
        assertThat(body.getJsonObject("checks").getJsonObject("cluster").getString("detail")).contains("single JVM");
        assertThat(body.getJsonObject("checks").getJsonObject("brokers").getString("detail")).contains("broker UP", "broker.bybit DISABLED");
    }

    @Test
    @DisplayName("Not ready while the venue does not answer (not started or still recovering), though live")
    void venueNotRecovered() {
        JsonObject components = components("gateway", "UP");
        Map<String, Readiness.Check> checks = Readiness.checks(components, SILENT, false);
        assertThat(Readiness.isReady(checks)).isFalse();
        assertThat(Readiness.ready(checks).getJsonObject("checks").getJsonObject("venue").getString("status")).isEqualTo("FAIL");
        assertThat(Readiness.live(components)).isTrue();
    }

    @Test
    @DisplayName("A broker adapter that is not connected, or a component down, makes the node not ready")
    void brokerOrComponentDown() {
        Map<String, Readiness.Check> broker = Readiness.checks(components("gateway", "UP", "broker.ib", "STARTING"), ANSWERED, true);
        assertThat(broker.get("brokers").passed()).isFalse();
        assertThat(broker.get("brokers").detail()).contains("broker.ib STARTING");
        assertThat(broker.get("cluster").detail()).contains("joined");
        Map<String, Readiness.Check> down = Readiness.checks(components("gateway", "UP", "matching.v", "DOWN"), ANSWERED, false);
        assertThat(down.get("node").passed()).isFalse();
        assertThat(Readiness.health(components("gateway", "UP", "matching.v", "DOWN")).getString("status")).isEqualTo("DOWN");
        assertThat(Readiness.health(components("gateway", "UP", "broker", "DISABLED")).getString("status")).isEqualTo("UP");
    }
}
