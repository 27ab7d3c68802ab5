package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code http.tls.*}: the gateway serves wss:// and https:// with a PEM certificate and key from
 * configuration (a self-signed one, made for this test, that the client trusts), and an optional plain port
 * redirects to https.
 */
class TlsIT {

    @Test
    @DisplayName("wss:// and https:// work with a PEM certificate; plain ws:// to that port does not; the redirect port sends to https")
    void secureListener() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        // Below the ephemeral range: a port from ServerSocket(0) can go to an outgoing connection before the mesh binds it.
        int redirectPort = NodeProcess.freePort();
        Vertx vertx = Vertx.vertx();
        try (TestMesh mesh = TestMesh.start(Map.of(
                "http.tls.enabled", "true",
                "http.tls.cert-file", certificate.certificatePath(),
                "http.tls.key-file", certificate.privateKeyPath(),
                "http.tls.redirect-port", Integer.toString(redirectPort)))) {
            // Trust exactly this certificate; it names localhost, the test connects to 127.0.0.1.
            WebSocketClient secure = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
                    .setTrustOptions(certificate.trustOptions()));
            LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
            WebSocket socket = TestMesh.await(secure.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(mesh.port())
                    .setURI("/ws")).map(ws -> {
                        ws.textMessageHandler(text -> received.add(new JsonObject(text)));
                        return ws;
                    }), 10);
            TestMesh.await(socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", mesh.token("tls-user")).encode()), 10);
            JsonObject auth = received.poll(20, TimeUnit.SECONDS);
            assertThat(auth).as("hang guard").isNotNull();
            assertThat(auth.getBoolean("success")).isTrue();
            TestMesh.await(socket.writeTextMessage("{\"type\":\"ping\"}"), 10);
            JsonObject pong = received.poll(20, TimeUnit.SECONDS);
            assertThat(pong).isNotNull();
            assertThat(pong.getString("type")).isEqualTo("pong");
            TestMesh.await(socket.close(), 10);

            WebSocketClient plain = vertx.createWebSocketClient();
            assertThatThrownBy(() -> TestMesh.await(plain.connect(mesh.port(), "127.0.0.1", "/ws"), 10))
                    .as("no clear-text WebSocket on the TLS port").isNotNull();

            HttpClient https = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
                    .setTrustOptions(certificate.trustOptions()));
            JsonObject health = TestMesh.await(TestMesh.onContext(vertx, () -> https.request(new RequestOptions()
                    .setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(mesh.port()).setURI("/health"))
                    .compose(request -> request.send()).compose(HttpClientResponse::body)), 10).toJsonObject();
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(health.getJsonObject("components").getJsonObject("gateway").getBoolean("tls")).isTrue();

            HttpClient http = vertx.createHttpClient();
            HttpClientResponse redirect = request(vertx, http, redirectPort, "/socket.io/?EIO=4&transport=polling");
            assertThat(redirect.statusCode()).isEqualTo(308);
            assertThat(redirect.getHeader("Location"))
                    .isEqualTo("https://127.0.0.1:" + mesh.port() + "/socket.io/?EIO=4&transport=polling");
        } finally {
            TestMesh.await(vertx.close(), 10);
            certificate.delete();
        }
    }

    private static HttpClientResponse request(Vertx vertx, HttpClient client, int port, String uri) throws Exception {
        return TestMesh.await(TestMesh.onContext(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.GET)
                .setHost("127.0.0.1").setPort(port).setURI(uri).setFollowRedirects(false)).compose(request -> request.send()
                .compose(response -> response.body().map((Buffer body) -> response)))), 10);
    }
}
