package io.tradewire.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.broker.fake.BrokerHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A broker's REST replies are untrusted: JSON is parsed, anything else and oversized bodies are failures, not crashes. */
class HttpJsonTest {
    private Vertx vertx;
    private HttpServer server;
    private HttpJson http;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = BrokerHarness.await(vertx.createHttpServer().requestHandler(request -> {
            switch (request.path()) {
                case "/json" -> request.response().end(new JsonObject().put("retCode", 0).encode());
                case "/text" -> request.response().end("<html>busy</html>");
                case "/huge" -> {
                    request.response().setChunked(true);
                    Buffer chunk = Buffer.buffer(new byte[1024 * 1024]);
                    for (int i = 0; i < 9; i++) {
                        request.response().write(chunk);
                    }
                    request.response().end();
                }
                default -> request.response().setStatusCode(204).end();
            }
        }).listen(0, "127.0.0.1"));
        http = new HttpJson(vertx.createHttpClient(), 10_000);
    }

    @AfterEach
    void stop() throws Exception {
        BrokerHarness.await(vertx.close());
    }

    /**
     * Sends from a Vert.x context, as the adapters do: from a test thread the response could end before its handlers
     * are set.
     */
    private HttpJson.Reply get(String path) throws Exception {
        io.vertx.core.Promise<HttpJson.Reply> reply = io.vertx.core.Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> http.send(HttpMethod.GET, "http://127.0.0.1:" + server.actualPort() + path, null, null)
                .onComplete(reply));
        return BrokerHarness.await(reply.future());
    }

    @Test
    @DisplayName("JSON is parsed, an empty body is null, a body that is not JSON or larger than 8 MiB fails the request")
    void replies() throws Exception {
        assertThat(get("/json").body()).isEqualTo(new JsonObject().put("retCode", 0));
        assertThat(get("/empty").body()).isNull();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> get("/text"))).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("not JSON");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> get("/huge"))).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("larger than");
        assertThat(get("/json").status()).as("the client still works").isEqualTo(200);
    }
}
