package io.tradewire.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadSpecTest {

    @Test
    @DisplayName("clients are shared out over the event loops, the remainder to the first ones")
    void shares() {
        assertThat(IntStream.range(0, 3).map(i -> LoadSpec.share(10, 3, i)).toArray()).containsExactly(4, 3, 3);
        assertThat(IntStream.range(0, 4).map(i -> LoadSpec.share(2, 4, i)).toArray()).containsExactly(1, 1, 0, 0);
        assertThat(IntStream.range(0, 7).map(i -> LoadSpec.share(1_001, 7, i)).sum()).isEqualTo(1_001);
    }

    @Test
    @DisplayName("user ids are added to the URL's query, which may already have one")
    void userInQuery() {
        LoadSpec exchange = new LoadSpec("ws://127.0.0.1:1/ws", null, Protocol.EXCHANGE, 1, 0, 1, 0, null, 1, 0);
        assertThat(exchange.connectOptions("u1", 0).getURI()).isEqualTo("/ws?user_id=u1");
        LoadSpec sio = new LoadSpec("ws://127.0.0.1:1/socket.io/?EIO=4&transport=websocket", null, Protocol.SOCKETIO, 1, 0, 1, 0,
                null, 1, 0);
        assertThat(sio.connectOptions(null, 0).getURI()).isEqualTo("/socket.io/?EIO=4&transport=websocket");
        assertThat(sio.connectOptions("u2", 1).getURI()).endsWith("&user_id=u2");
    }

    @Test
    @DisplayName("with several gateways, consecutive clients (the two sides of a pair) go to different gateways, in turn")
    void severalGateways() {
        LoadSpec spec = new LoadSpec("ws://127.0.0.1:8080/ws,ws://127.0.0.1:8082/ws", null, Protocol.EXCHANGE, 4, 0, 1, 0, null, 1, 0);
        assertThat(IntStream.range(0, 4).mapToObj(i -> spec.connectOptions("u" + i, i))
                .map(o -> o.getPort() + o.getURI()).toList())
                .containsExactly("8080/ws?user_id=u0", "8082/ws?user_id=u1", "8080/ws?user_id=u2", "8082/ws?user_id=u3");
    }

    @Test
    @DisplayName("the subscribe and auth messages are the exchange dialect's")
    void messages() {
        assertThat(Protocol.subscribeTicker("IX2301")).isEqualTo("{\"type\":\"subscribe\",\"channels\":[\"ticker\"],\"instruments\":[\"IX2301\"]}");
        assertThat(Protocol.auth("u", "t")).isEqualTo("{\"type\":\"auth\",\"user_id\":\"u\",\"token\":\"t\"}");
    }
}
