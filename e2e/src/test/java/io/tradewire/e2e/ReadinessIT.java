package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.launcher.Main;
import io.tradewire.launcher.Mesh;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code /ready} and {@code tradewire status} on a node whose gateway starts before its venue: not ready (503, the venue
 * check fails and says why) while live (200), then ready once the venue and notifier are deployed.
 */
class ReadinessIT {

    @Test
    @DisplayName("/ready is 503 until the venue answers, then 200; status prints it and exits 1, then 0; /health stays UP")
    void readyFollowsTheVenue() throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of(), EnumSet.of(Mesh.Part.GATEWAY))) {
            String base = "http://127.0.0.1:" + mesh.port();
            HttpResponse<String> notReady = get(base + "/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            JsonObject body = new JsonObject(notReady.body());
            assertThat(body.getString("status")).isEqualTo("NOT_READY");
            JsonObject checks = body.getJsonObject("checks");
            assertThat(checks.fieldNames()).containsExactly("node", "venue", "cluster", "brokers");
            assertThat(checks.getJsonObject("venue").getString("status")).isEqualTo("FAIL");
            assertThat(checks.getJsonObject("venue").getString("detail")).contains("matching.tradewire", "no venue on the bus");
            assertThat(checks.getJsonObject("cluster").getString("status")).isEqualTo("PASS");
            assertThat(checks.getJsonObject("brokers").getString("detail")).isEqualTo("no broker adapter on this node");
            assertThat(get(base + "/health").statusCode()).isEqualTo(200);

            Run status = status("--url", base);
            assertThat(status.code()).isEqualTo(1);
            assertThat(status.out()).contains("NOT_READY", "venue", "FAIL", "no venue on the bus", "gateway");

            Mesh rest = TestMesh.await(Mesh.start(mesh.vertx(), mesh.config(), EnumSet.of(Mesh.Part.MATCHING, Mesh.Part.NOTIFIER)), 60);
            try {
                HttpResponse<String> ready = get(base + "/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                JsonObject readyBody = new JsonObject(ready.body());
                assertThat(readyBody.getString("status")).isEqualTo("READY");
                readyBody.getJsonObject("checks").forEach(check ->
                        assertThat(((JsonObject) check.getValue()).getString("status")).as(check.getKey()).isEqualTo("PASS"));
                assertThat(readyBody.getJsonObject("checks").getJsonObject("node").getString("detail"))
                        .contains("gateway", "matching.tradewire", "notifier");

                Run ok = status("--url", base + "/");
                assertThat(ok.code()).isZero();
                assertThat(ok.out()).contains("READY", "matching.tradewire", "answered in");
                Run json = status("--url", base, "--json");
                assertThat(json.code()).isZero();
                JsonObject document = new JsonObject(json.out());
                assertThat(document.getJsonObject("ready").getString("status")).isEqualTo("READY");
                assertThat(document.getJsonObject("health").getString("status")).isEqualTo("UP");
            } finally {
                TestMesh.await(rest.stop(), 30);
            }
        }
    }

    @Test
    @DisplayName("status against a port nobody listens on says so and exits 2")
    void statusOfNothing() throws Exception {
        // A port bound but not listening: connections to it are refused, and no other test on this machine can take it
        // while it is held (a port probed free and released could be listened on by then).
        try (Socket held = new Socket()) {
            held.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            Run run = status("--url", "http://127.0.0.1:" + held.getLocalPort(), "--timeout", "2s");
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("not reachable");
        }
    }

    record Run(int code, String out, String err) {
    }

    /** {@code tradewire status ...} in-process, through the same picocli entry point as the jar. */
    static Run status(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "status";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
