package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.auth.VerifiedToken;
import io.tradewire.gateway.exchange.ExchangeCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Session handling with a recording transport and an authenticator the test completes by hand. */
@ExtendWith(VertxExtension.class)
class SessionsTest {
    private final List<Promise<String>> checks = new ArrayList<>();
    private final RecordingConnection connection = new RecordingConnection();
    private Sessions sessions;
    private Session session;

    static final class RecordingConnection implements Connection {
        final List<String> written = new ArrayList<>();
        boolean open = true;
        boolean queueFull;
        String closedWith;

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void write(String text) {
            if (!open) {
                throw new IllegalStateException("WebSocket is closed");
            }
            written.add(text);
        }

        @Override
        public boolean writeQueueFull() {
            if (!open) {
                throw new IllegalStateException("WebSocket is closed");
            }
            return queueFull;
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(short code, String reason) {
            closedWith = code + " " + reason;
            open = false;
        }

        List<String> types() {
            List<String> types = new ArrayList<>();
            written.forEach(frame -> types.add(new JsonObject(frame).getString("type")));
            return types;
        }
    }

    @BeforeEach
    void open(Vertx vertx) {
        sessions = new Sessions(vertx, token -> {
            Promise<String> check = Promise.promise();
            checks.add(check);
            return check.future().map(user -> new VerifiedToken(user, null));
        }, DialectCodecContract.testInstruments(), "tradewire", Duration.ofSeconds(1), SessionLimits.UNLIMITED,
                OutboundLimits.DEFAULTS, TimeSource.SYSTEM, NoNotifier.INSTANCE);
        ExchangeCodec codec = new ExchangeCodec();
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(), ConfigReader.of(new JsonObject(), "gateway.exchange")));
        session = sessions.open(connection, codec, new DialectSettings("/ws", Duration.ofSeconds(5), Duration.ofSeconds(10)),
                new Handshake(Map.of(), Map.of(), "127.0.0.1"));
    }

    @Test
    @DisplayName("Frames sent while a token is being checked wait, then run in order after the auth answer")
    void framesWaitForAuthentication() {
        sessions.received(session, "{\"type\":\"auth\",\"token\":\"t\"}");
        sessions.received(session, "{\"type\":\"ping\"}");
        sessions.received(session, "{\"type\":\"query_account\",\"nonsense\":");
        assertThat(connection.written).isEmpty();
        checks.get(0).complete("user001");
        assertThat(connection.types()).containsExactly("auth_response", "pong", "error");
        assertThat(session.principal()).contains("user001");
    }

    @Test
    @DisplayName("A failed check answers auth_response false, and the held frames are still answered (anonymously)")
    void heldFramesAfterFailure() {
        sessions.received(session, "{\"type\":\"auth\",\"token\":\"t\"}");
        sessions.received(session, "{\"type\":\"query_account\"}");
        checks.get(0).fail("Invalid credentials");
        assertThat(connection.types()).containsExactly("auth_response", "error");
        assertThat(new JsonObject(connection.written.get(1)).getInteger("code")).isEqualTo(401);
    }

    @Test
    @DisplayName("Flooding a session while it authenticates closes it instead of buffering without bound")
    void boundedHolding() {
        sessions.received(session, "{\"type\":\"auth\",\"token\":\"t\"}");
        for (int i = 0; i <= Session.MAX_HELD_FRAMES; i++) {
            sessions.received(session, "{\"type\":\"ping\"}");
        }
        assertThat(connection.closedWith).startsWith("1008");
    }

    @Test
    @DisplayName("An answer that arrives after the client closed is dropped, not written to a closed socket")
    void noWritesAfterClose() {
        sessions.received(session, "{\"type\":\"auth\",\"token\":\"t\"}");
        connection.open = false; // the client closed; the close handler has not run yet
        checks.get(0).complete("user001");
        assertThat(connection.written).isEmpty();
    }

    @Test
    @DisplayName("A fragmented message over max-message-bytes (Vert.x's IllegalStateException) closes with 1009; other errors do not close")
    void fragmentedMessageTooBig() {
        sessions.failed(session, new IllegalStateException("WebSocket is closed"));
        assertThat(connection.closedWith).isNull();
        // What Vert.x 5.1.6's WebSocketImplBase.FrameAggregator raises (seen in HostileInputIT).
        sessions.failed(session, new IllegalStateException("Cannot process text frame of size 40000, it would cause message "
                + "buffer (size 80000) to overflow max message size of 65536"));
        assertThat(connection.closedWith).isEqualTo("1009 Message too big");
    }
}
