package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.Side;
import io.tradewire.model.event.Tick;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fan-out path on the wire: one push encoded once and written to many sockets as the same bytes, flushed per
 * batch. Every client gets every push, whole and in order, with and without permessage-deflate.
 */
class FanOutIT {
    private static final int CLIENTS = 20;
    private static final int TICKS = 300;
    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        TestMesh.await(vertx.close(), 10);
    }

    @ParameterizedTest(name = "permessage-deflate {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("Every client gets every push of a burst, identical and in sequence")
    void everyClientGetsEveryPush(boolean compression) throws Exception {
        try (TestMesh mesh = TestMesh.start(Map.of("gateway.websocket-compression", String.valueOf(compression)))) {
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setTryUsePerMessageCompression(compression));
            List<JsonSocket> sockets = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                JsonSocket socket = JsonSocket.connect(client, mesh.port(), "/ws");
                socket.send(new JsonObject().put("type", "subscribe").put("channels", List.of("ticker"))
                        .put("instruments", List.of("IX2301")));
                socket.await(m -> "subscribe_response".equals(m.getString("type")));
                sockets.add(socket);
            }
            String extensions = sockets.get(0).socket.headers().get("Sec-WebSocket-Extensions");
            if (compression) {
                assertThat(extensions).as("negotiated extensions").contains("permessage-deflate");
            } else {
                assertThat(extensions).as("negotiated extensions").isNull();
            }
            for (long i = 1; i <= TICKS; i++) {
                mesh.vertx().eventBus().publish(Addresses.EVENTS, new Tick("T" + i, "IX2301", BigDecimal.valueOf(100 + i % 7),
                        BigDecimal.valueOf(i), Side.SELL, i));
            }
            List<JsonObject> first = null;
            for (JsonSocket socket : sockets) {
                socket.await(m -> "ticker".equals(m.getString("type")) && m.getLong("timestamp") == TICKS);
                List<JsonObject> ticks = socket.taken().stream().filter(m -> "ticker".equals(m.getString("type"))).toList();
                assertThat(ticks).hasSize(TICKS);
                for (int i = 1; i < ticks.size(); i++) {
                    assertThat(ticks.get(i).getLong("seq")).isEqualTo(ticks.get(i - 1).getLong("seq") + 1);
                }
                if (first == null) {
                    first = ticks;
                } else {
                    assertThat(ticks).as("the same frames as the first client").isEqualTo(first);
                }
            }
        }
    }
}
