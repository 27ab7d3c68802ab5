package io.tradewire.bench.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The servers' loopback control endpoints (bench driver, peers): memory and health, from the harness. */
final class Control {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Control() {
    }

    static JsonObject get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 && response.statusCode() != 503) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return new JsonObject(response.body());
    }

    /** Heap after a full collection (and RSS for the Node peers), as the server reports it. */
    static JsonObject memory(Target target) throws IOException, InterruptedException {
        return get(target.control() + "/memory");
    }
}
