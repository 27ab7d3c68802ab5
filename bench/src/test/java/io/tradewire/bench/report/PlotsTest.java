package io.tradewire.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    static JsonObject run(String target, int clients, long perSecond, long p99) {
        return new JsonObject().put("target", target).put("clients", clients).put("delivered_per_s", perSecond)
                .put("latency", new JsonObject().put("count", 10).put("p99_us", p99));
    }

    static final JsonArray RUNS = new JsonArray().add(run("tradewire", 1000, 150_000, 3_000)).add(run("ws", 1000, 180_000, 2_000))
            .add(run("tradewire", 100, 20_000, 1_000)).add(run("ws", 100, 20_000, 900));

    @Test
    @DisplayName("each server becomes one series of (clients, value), sorted by client count")
    void series() {
        Map<String, List<double[]>> series = Plots.series(RUNS, run -> run.getLong("delivered_per_s"));
        assertThat(series).containsOnlyKeys("tradewire", "ws");
        assertThat(series.get("tradewire")).extracting(p -> p[0]).containsExactly(100.0, 1000.0);
        assertThat(series.get("ws")).extracting(p -> p[1]).containsExactly(20_000.0, 180_000.0);
    }

    @Test
    @DisplayName("the throughput and latency plots are written as PNG files")
    void png(@TempDir Path dir) throws Exception {
        JsonObject report = new JsonObject().put("runs", RUNS)
                .put("params", new JsonObject().put("rate", 100.0).put("payload_bytes", 200));
        List<String> files = Plots.fanout(report, dir);
        assertThat(files).containsExactly("fanout-throughput.png", "fanout-latency.png");
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(dir.resolve(file));
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        }
    }
}
