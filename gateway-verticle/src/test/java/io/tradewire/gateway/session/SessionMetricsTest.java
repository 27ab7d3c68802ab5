package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.exchange.ExchangeCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Future;
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

/** What the sessions report to {@link SessionMetrics}: each frame in by what it was, frames out by type, drops. */
@ExtendWith(VertxExtension.class)
class SessionMetricsTest {
    private final List<String> events = new ArrayList<>();
    private final SessionsTest.RecordingConnection connection = new SessionsTest.RecordingConnection();
    private Sessions sessions;
    private Session session;

    @BeforeEach
    void open(Vertx vertx) {
        sessions = new Sessions(vertx, token -> Future.succeededFuture(new io.tradewire.gateway.auth.VerifiedToken("user001", null)),
                DialectCodecContract.testInstruments(), "tradewire", Duration.ofSeconds(1), SessionLimits.UNLIMITED, OutboundLimits.DEFAULTS,
                TimeSource.SYSTEM, NoNotifier.INSTANCE);
        sessions.useMetrics(recorder());
        ExchangeCodec codec = new ExchangeCodec();
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(), ConfigReader.of(new JsonObject(), "gateway.exchange")));
        session = sessions.open(connection, codec, new DialectSettings("/ws", Duration.ofSeconds(5), Duration.ofSeconds(10)),
                new Handshake(Map.of(), Map.of(), "127.0.0.1"));
    }

    @Test
    @DisplayName("Frames in are counted by request kind (invalid and binary too), frames out by message kind")
    void framesByType() {
        events.clear();
        sessions.received(session, "{\"type\":\"auth\",\"token\":\"t\"}");
        sessions.received(session, "{\"type\":\"ping\"}");
        sessions.received(session, "{\"type\":\"query_account\",\"nonsense\":");
        sessions.receivedBinary(session);
        assertThat(events).containsExactly(
                "in exchange authenticate", "out exchange auth_result 1",
                "in exchange ping", "out exchange pong 1",
                "in exchange invalid", "out exchange failure 1",
                "in exchange binary", "out exchange failure 1");
        assertThat(connection.written).hasSize(4);
    }

    @Test
    @DisplayName("Frames waiting for a full socket count as sent once; those still waiting when a slow consumer is closed as dropped")
    void slowConsumerDrops(Vertx vertx) {
        Sessions tight = new Sessions(vertx, token -> Future.succeededFuture(new io.tradewire.gateway.auth.VerifiedToken("user001", null)),
                DialectCodecContract.testInstruments(), "tradewire", Duration.ofSeconds(1), SessionLimits.UNLIMITED,
                new OutboundLimits(1, 1_048_576, 65_536), TimeSource.SYSTEM, NoNotifier.INSTANCE);
        tight.useMetrics(recorder());
        ExchangeCodec codec = new ExchangeCodec();
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(), ConfigReader.of(new JsonObject(), "gateway.exchange")));
        SessionsTest.RecordingConnection full = new SessionsTest.RecordingConnection();
        Session slow = tight.open(full, codec, new DialectSettings("/ws", Duration.ofSeconds(5), Duration.ofSeconds(10)),
                new Handshake(Map.of(), Map.of(), "127.0.0.1"));
        events.clear();
        full.queueFull = true;
        tight.received(slow, "{\"type\":\"ping\"}");
        assertThat(events).containsExactly("in exchange ping", "out exchange pong 1");
        assertThat(slow.queuedFrames()).isEqualTo(1);
        tight.received(slow, "{\"type\":\"ping\"}");
        assertThat(events).containsExactly("in exchange ping", "out exchange pong 1", "in exchange ping", "out exchange pong 1",
                "drop exchange slow_consumer 2");
        assertThat(full.closedWith).startsWith("1013");
    }

    private SessionMetrics recorder() {
        return new SessionMetrics() {
            @Override
            public void received(String dialect, String type) {
                events.add("in " + dialect + " " + type);
            }

            @Override
            public void sent(String dialect, String type, int frames) {
                events.add("out " + dialect + " " + type + " " + frames);
            }

            @Override
            public void dropped(String dialect, String reason, int frames) {
                events.add("drop " + dialect + " " + reason + " " + frames);
            }
        };
    }
}
