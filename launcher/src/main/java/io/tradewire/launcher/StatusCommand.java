package io.tradewire.launcher;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tradewire status}: the health and readiness of a running node, read from its {@code /ready} and {@code /health}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show whether a running node is ready (venue recovered, cluster joined, brokers connected) and "
                + "what its components report.",
            "Exit status: 0 ready, 1 not ready, 2 not reachable."})
final class StatusCommand implements Callable<Integer> {
    static final int READY = 0;
    static final int NOT_READY = 1;
    static final int UNREACHABLE = 2;

    @Option(names = "--url", paramLabel = "URL", description = "Base URL of the node's gateway (default: ${DEFAULT-VALUE}).")
    String url = "http://localhost:8080";

    @Option(names = "--json", description = "Print the answers of /ready and /health as one JSON document.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
    String timeout = "5s";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        Duration wait = io.tradewire.model.config.ConfigReader.parseDuration(timeout);
        HttpClient client = HttpClient.newBuilder().connectTimeout(wait).build();
        JsonObject ready;
        JsonObject health;
        try {
            ready = get(client, base + "/ready", wait);
            health = get(client, base + "/health", wait);
        } catch (IOException | DecodeException e) {
            err.println("tradewire status: " + base + " is not reachable: " + e.getMessage());
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNREACHABLE;
        }
        boolean isReady = "READY".equals(ready.getString("status"));
        if (json) {
            out.println(new JsonObject().put("url", base).put("ready", ready).put("health", health).encodePrettily());
        } else {
            print(out, base, ready, health);
        }
        out.flush();
        return isReady ? READY : NOT_READY;
    }

    private static JsonObject get(HttpClient client, String url, Duration wait) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(wait).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 503) {
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return new JsonObject(response.body());
    }

    /** A few aligned lines: the verdict, each readiness check, each component. */
    static void print(PrintWriter out, String base, JsonObject ready, JsonObject health) {
        out.println("Tradewire at " + base + ": " + ready.getString("status", "UNKNOWN")
                + " (health " + health.getString("status", "UNKNOWN") + ")");
        out.println("Checks:");
        for (Map.Entry<String, Object> check : ready.getJsonObject("checks", new JsonObject())) {
            JsonObject c = check.getValue() instanceof JsonObject o ? o : new JsonObject();
            out.println(String.format(Locale.ROOT, "  %-10s %-5s %s", check.getKey(), c.getString("status", "?"), c.getString("detail", "")));
        }
        out.println("Components:");
        for (Map.Entry<String, Object> component : health.getJsonObject("components", new JsonObject())) {
            JsonObject c = component.getValue() instanceof JsonObject o ? o.copy() : new JsonObject();
            String status = String.valueOf(c.remove("status"));
            out.println(String.format(Locale.ROOT, "  %-20s %-8s %s", component.getKey(), status, c.encode()));
        }
    }
}
