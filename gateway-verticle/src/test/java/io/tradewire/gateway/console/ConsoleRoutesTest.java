package io.tradewire.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.OnContext;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's routes on a real HTTP server, with the files the {@code console} module built: the redirect,
 * the security and cache headers of every file, conditional requests, {@code setup.json}, and requests that
 * try to leave the console's folder or list it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class ConsoleRoutesTest {
    private Vertx vertx;
    private HttpClient client;
    private int port;

    /** Status, headers and body of one answer. */
    private record Answer(int status, MultiMap headers, String body) {
    }

    @BeforeEach
    void start(Vertx vertx, VertxTestContext testContext) {
        this.vertx = vertx;
        Map<DialectCodec, DialectSettings> dialects = new LinkedHashMap<>();
        for (DialectCodec codec : ServiceLoader.load(DialectCodec.class)) {
            dialects.put(codec, new DialectSettings(codec.defaults().path(), codec.defaults().pingInterval(), codec.defaults().idleTimeout()));
        }
        InstrumentDirectory instruments = new InstrumentDirectory(List.of(
                new Instrument("IX2301", InstrumentKind.FUTURES, Instrument.VENUE_ROUTE, new BigDecimal("0.1"), BigDecimal.ONE,
                        new BigDecimal("300"), new BigDecimal("0.12"), "USD", new BigDecimal("120"), "CN"),
                new Instrument("AAPL", InstrumentKind.STOCK, Instrument.VENUE_ROUTE, new BigDecimal("0.01"), BigDecimal.ONE,
                        BigDecimal.ONE, BigDecimal.ONE, "USD", new BigDecimal("190"), "US")));
        Router router = Router.router(vertx);
        ConsoleRoutes.mount(router, instruments, dialects);
        client = vertx.createHttpClient();
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .onComplete(testContext.succeeding(server -> {
                    port = server.actualPort();
                    testContext.completeNow();
                }));
    }

    private Future<Answer> call(HttpMethod method, String uri, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
        headers.forEach(options::putHeader);
        return OnContext.call(vertx, () -> client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), response.headers(), body.toString()))));
    }

    private Future<Answer> get(String uri) {
        return call(HttpMethod.GET, uri, Map.of());
    }

    @Test
    @DisplayName("/console redirects to /console/, which serves the page with a same-origin CSP and no-cache")
    void page(VertxTestContext testContext) {
        Future.all(get("/console"), get("/console/"), get("/console/index.html"))
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    Answer redirect = all.resultAt(0);
                    assertThat(redirect.status()).isEqualTo(302);
                    assertThat(redirect.headers().get("Location")).isEqualTo("/console/");
                    for (Answer page : List.<Answer>of(all.resultAt(1), all.resultAt(2))) {
                        assertThat(page.status()).isEqualTo(200);
                        assertThat(page.headers().get("Content-Type")).startsWith("text/html");
                        assertThat(page.body()).contains("<script type=\"module\" src=\"js/main.js\"></script>");
                        assertSecurityHeaders(page);
                        assertThat(page.headers().get("Cache-Control")).isEqualTo("no-cache");
                        assertThat(page.headers().get("Last-Modified")).isNotBlank();
                    }
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("Every module the page imports is served as JavaScript; the npm libraries are cached for a day")
    void scripts(VertxTestContext testContext) {
        List<String> app = List.of("/console/js/main.js", "/console/js/connection.js", "/console/js/dialects.js",
                "/console/js/store.js", "/console/js/candles.js", "/console/js/depth.js", "/console/console.css");
        List<String> vendor = List.of("/console/vendor/lightweight-charts/lightweight-charts.standalone.production.mjs",
                "/console/vendor/socket.io-client/socket.io.esm.min.js");
        List<Future<Answer>> calls = new java.util.ArrayList<>();
        app.forEach(uri -> calls.add(get(uri)));
        vendor.forEach(uri -> calls.add(get(uri)));
        Future.all(calls).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            for (int i = 0; i < calls.size(); i++) {
                Answer answer = all.resultAt(i);
                String uri = i < app.size() ? app.get(i) : vendor.get(i - app.size());
                assertThat(answer.status()).as(uri).isEqualTo(200);
                assertThat(answer.headers().get("Content-Type")).as(uri).startsWith(uri.endsWith(".css") ? "text/css" : "text/javascript");
                assertSecurityHeaders(answer);
                assertThat(answer.headers().get("Cache-Control")).as(uri)
                        .isEqualTo(i < app.size() ? ConsoleRoutes.APP_CACHE : ConsoleRoutes.VENDOR_CACHE);
            }
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("A file the browser already has is answered 304 when unchanged (If-Modified-Since)")
    void conditional(VertxTestContext testContext) {
        get("/console/js/main.js")
                .compose(first -> call(HttpMethod.GET, "/console/js/main.js", Map.of("If-Modified-Since", first.headers().get("Last-Modified"))))
                .onComplete(testContext.succeeding(second -> testContext.verify(() -> {
                    assertThat(second.status()).isEqualTo(304);
                    assertThat(second.body()).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("setup.json lists each dialect's path and the instruments with their kind, grid and region")
    void setup(VertxTestContext testContext) {
        get("/console/setup.json").onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers().get("Content-Type")).isEqualTo("application/json");
            assertSecurityHeaders(answer);
            JsonObject setup = new JsonObject(answer.body());
            assertThat(setup.getJsonObject("dialects").getMap()).containsEntry("exchange", "/ws")
                    .containsEntry("ib", "/websocket/ws").containsEntry("topics", "/api/v1/ws/:client_id")
                    .containsEntry("socketio", "/socket.io/");
            JsonArray instruments = setup.getJsonArray("instruments");
            assertThat(instruments).hasSize(2);
            assertThat(instruments.getJsonObject(0).getMap()).containsEntry("symbol", "IX2301").containsEntry("kind", "futures")
                    .containsEntry("tick_size", "0.1").containsEntry("reference_price", "120").containsEntry("region", "CN")
                    .containsEntry("venue", true);
            assertThat(instruments.getJsonObject(1).getMap()).containsEntry("symbol", "AAPL").containsEntry("kind", "stock");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("Paths out of the console's folder, folder listings, hidden or unknown files and other methods get no file")
    void hostile(VertxTestContext testContext) {
        List<String> uris = List.of(
                "/console/../pom.xml",
                "/console/%2e%2e/%2e%2e/io/tradewire/gateway/console/ConsoleRoutes.class",
                "/console/..%2f..%2fMETA-INF/MANIFEST.MF",
                "/console/vendor/",
                "/console/js/",
                "/console/.hidden",
                "/console/missing.js",
                "/console/js/main.js%00.html",
                "/console/" + "a/".repeat(2_000) + "x.js");
        List<Future<Answer>> calls = new java.util.ArrayList<>();
        uris.forEach(uri -> calls.add(get(uri)));
        calls.add(call(HttpMethod.POST, "/console/js/main.js", Map.of()));
        calls.add(call(HttpMethod.DELETE, "/console/", Map.of()));
        Future.all(calls).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            for (int i = 0; i < calls.size(); i++) {
                Answer answer = all.resultAt(i);
                String what = i < uris.size() ? uris.get(i) : (i == uris.size() ? "POST main.js" : "DELETE /console/");
                assertThat(answer.status()).as(what).isIn(400, 404, 405, 414, 431);
                assertThat(answer.body()).as(what).doesNotContain("import ", "<!doctype html>", "Manifest-Version", "<project", "class ConsoleRoutes");
            }
            testContext.completeNow();
        })));
    }

    private static void assertSecurityHeaders(Answer answer) {
        assertThat(answer.headers().get("Content-Security-Policy")).isEqualTo(ConsoleRoutes.CONTENT_SECURITY_POLICY);
        assertThat(answer.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.headers().get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
    }
}
