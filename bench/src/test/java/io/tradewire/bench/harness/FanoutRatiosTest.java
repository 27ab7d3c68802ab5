package io.tradewire.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FanoutRatiosTest {

    static JsonObject run(String target, int clients, long perSecond, long p99, Double cpuPerMessage) {
        return new JsonObject().put("target", target).put("clients", clients).put("delivered_per_s", perSecond)
                .put("latency", new JsonObject().put("count", 100).put("p99_us", p99)).put("server_cpu_us_per_msg", cpuPerMessage);
    }

    static final JsonArray RUNS = new JsonArray()
            .add(run("tradewire", 200, 40_000, 900, 6.0))
            .add(run("ws", 200, 40_000, 1_000, 5.0))
            .add(run("tradewire", 1000, 150_000, 4_000, 6.0))
            .add(run("ws", 1000, 180_000, 2_000, 5.0))
            .add(run("socketio", 1000, 75_000, 8_000, null));

    @Test
    @DisplayName("each peer is compared with Tradewire at the same client count only")
    void ratios() {
        JsonArray ratios = FanoutBench.ratios(RUNS);
        assertThat(ratios).hasSize(3);
        JsonObject ws1000 = ratios.getJsonObject(1);
        assertThat(ws1000.getInteger("clients")).isEqualTo(1000);
        assertThat(ws1000.getString("peer")).isEqualTo("ws");
        assertThat(ws1000.getDouble("throughput")).isEqualTo(0.83);
        assertThat(ws1000.getDouble("p99")).isEqualTo(2.0);
        assertThat(ws1000.getDouble("cpu_per_msg")).isEqualTo(1.2);
        assertThat(ratios.getJsonObject(2).getDouble("throughput")).isEqualTo(2.0);
        assertThat(ratios.getJsonObject(2).getValue("cpu_per_msg")).as("unknown CPU gives no ratio").isNull();
    }

    @Test
    @DisplayName("the goals are judged at 1,000 clients: 2× Socket.IO, 1× ws, p99 and CPU per message no worse")
    void goals() {
        FanoutBench.Spec spec = FanoutBench.Spec.of(List.of(200, 1000), 180, 10, 2, 200, null, List.of("all"), 20_000);
        JsonArray goals = FanoutBench.goals(spec, RUNS);
        assertThat(goals.stream().map(g -> ((JsonObject) g).getString("goal")))
                .anyMatch(g -> g.startsWith("delivered msgs/s ≥ 1× ws"))
                .anyMatch(g -> g.startsWith("delivered msgs/s ≥ 2× socketio"));
        assertThat(goals.stream().map(g -> (JsonObject) g).filter(g -> g.getString("goal").startsWith("delivered msgs/s ≥ 2× socketio"))
                .findFirst().orElseThrow().getBoolean("met")).isTrue();
        assertThat(goals.stream().map(g -> (JsonObject) g).filter(g -> g.getString("goal").startsWith("delivered msgs/s ≥ 1× ws"))
                .findFirst().orElseThrow().getBoolean("met")).isFalse();
        assertThat(goals.stream().map(g -> (JsonObject) g).filter(g -> g.getString("goal").startsWith("server CPU"))
                .findFirst().orElseThrow().getBoolean("met")).isFalse();
    }
}
