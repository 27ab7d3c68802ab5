package io.tradewire.gateway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.exchange.ExchangeCodec;
import io.tradewire.gateway.ib.IbCodec;
import io.tradewire.gateway.socketio.SocketIoCodec;
import io.tradewire.gateway.topics.TopicsCodec;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shapes of the security errors in every dialect, as docs/SECURITY.md lists them: a message refused by the
 * rate limits (429) and the last message before the server closes a session (token expired, rate-limit abuse,
 * too many sessions).
 */
class SecurityErrorShapesTest {
    private static <C extends DialectCodec> C configured(C codec) {
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(),
                ConfigReader.of(new JsonObject(), "gateway." + codec.name())));
        return codec;
    }

    private static JsonObject only(List<String> frames) {
        assertThat(frames).hasSize(1);
        return new JsonObject(frames.get(0));
    }

    private static Outbound.Failure rateLimited(String requestType) {
        return new Outbound.Failure(ErrorCode.RATE_LIMITED, "Too many requests: slow down", requestType);
    }

    @Test
    @DisplayName("exchange: error 429 (order_response error_code 429 for orders); closing: error 401/429 with close_code")
    void exchange() {
        ExchangeCodec codec = configured(new ExchangeCodec());
        TestSession session = TestSession.of("u1");
        JsonObject plain = only(codec.encode(rateLimited(null), session));
        assertThat(plain.getString("type")).isEqualTo("error");
        assertThat(plain.getInteger("code")).isEqualTo(429);
        JsonObject order = only(codec.encode(rateLimited("submit_order"), session));
        assertThat(order.getString("type")).isEqualTo("order_response");
        assertThat(order.getBoolean("success")).isFalse();
        assertThat(order.getInteger("error_code")).isEqualTo(429);
        JsonObject expired = only(codec.encode(new Outbound.Closing(CloseReason.TOKEN_EXPIRED, "Token expired"), session));
        assertThat(expired.getMap()).containsEntry("type", "error").containsEntry("code", 401).containsEntry("close_code", 4001)
                .containsEntry("message", "Token expired");
        JsonObject abuse = only(codec.encode(new Outbound.Closing(CloseReason.RATE_LIMIT_ABUSE, "Rate limit abuse"), session));
        assertThat(abuse.getMap()).containsEntry("code", 429).containsEntry("close_code", 1008);
        JsonObject slow = only(codec.encode(new Outbound.Closing(CloseReason.SLOW_CONSUMER, "Slow consumer"), session));
        assertThat(slow.getMap()).containsEntry("type", "error").containsEntry("code", 503).containsEntry("close_code", 1013);
    }

    @Test
    @DisplayName("ib: error_code RATE_LIMITED; closing: TOKEN_EXPIRED / RATE_LIMITED / TOO_MANY_SESSIONS")
    void ib() {
        IbCodec codec = configured(new IbCodec());
        TestSession session = TestSession.of("u1").withQuery("lang", "en");
        JsonObject refused = only(codec.encode(rateLimited(null), session));
        assertThat(refused.getMap()).containsEntry("type", "error").containsEntry("error_code", "RATE_LIMITED");
        assertThat(only(codec.encode(new Outbound.Closing(CloseReason.TOKEN_EXPIRED, "Token expired"), session))
                .getString("error_code")).isEqualTo("TOKEN_EXPIRED");
        assertThat(only(codec.encode(new Outbound.Closing(CloseReason.RATE_LIMIT_ABUSE, "abuse"), session))
                .getString("error_code")).isEqualTo("RATE_LIMITED");
        assertThat(only(codec.encode(new Outbound.Closing(CloseReason.SESSION_LIMIT, "too many"), session))
                .getString("error_code")).isEqualTo("TOO_MANY_SESSIONS");
        assertThat(only(codec.encode(new Outbound.Closing(CloseReason.SLOW_CONSUMER, "slow"), session))
                .getString("error_code")).isEqualTo("SLOW_CONSUMER");
        TestSession chinese = TestSession.of("u1");
        assertThat(only(codec.encode(rateLimited(null), chinese)).getString("message")).startsWith("请求过于频繁: ");
    }

    @Test
    @DisplayName("topics: error_code rate_limited, for a refusal and before a close")
    void topics() {
        TopicsCodec codec = configured(new TopicsCodec());
        TestSession english = TestSession.anonymous().withQuery("lang", "en");
        JsonObject refused = only(codec.encode(rateLimited(null), english));
        assertThat(refused.getMap()).containsEntry("type", "error").containsEntry("error_code", "rate_limited")
                .containsEntry("error_message", "Too many requests: slow down");
        JsonObject closing = only(codec.encode(new Outbound.Closing(CloseReason.RATE_LIMIT_ABUSE, "Rate limit abuse"), english));
        assertThat(closing.getString("error_code")).isEqualTo("rate_limited");
        assertThat(only(codec.encode(new Outbound.Closing(CloseReason.SLOW_CONSUMER, "Slow consumer"), english))
                .getString("error_code")).isEqualTo("slow_consumer");
        assertThat(only(codec.encode(rateLimited(null), TestSession.anonymous())).getString("error_message")).isEqualTo("请求过于频繁");
    }

    @Test
    @DisplayName("socketio: an error event with code 429; closing: error event + DISCONNECT (41), or CONNECT_ERROR before CONNECT")
    void socketio() {
        SocketIoCodec codec = configured(new SocketIoCodec());
        TestSession session = TestSession.of("u1");
        List<String> refused = codec.encode(rateLimited(null), session);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0)).startsWith("2[\"error\",");
        JsonArray event = new JsonArray(refused.get(0).substring(1));
        assertThat(event.getJsonObject(1).getInteger("code")).isEqualTo(429);

        List<String> beforeConnect = codec.encode(new Outbound.Closing(CloseReason.SESSION_LIMIT, "Too many sessions"), session);
        assertThat(beforeConnect).hasSize(1);
        assertThat(beforeConnect.get(0)).startsWith("4{");
        assertThat(new JsonObject(beforeConnect.get(0).substring(1)).getJsonObject("data").getInteger("code")).isEqualTo(429);

        codec.encode(new Outbound.AuthResult(true, "u1", "ok"), session);
        List<String> expired = codec.encode(new Outbound.Closing(CloseReason.TOKEN_EXPIRED, "Token expired"), session);
        assertThat(expired).hasSize(2);
        JsonArray error = new JsonArray(expired.get(0).substring(1));
        assertThat(error.getString(0)).isEqualTo("error");
        assertThat(error.getJsonObject(1).getInteger("code")).isEqualTo(401);
        assertThat(error.getJsonObject(1).getString("message")).isEqualTo("Token expired");
        assertThat(expired.get(1)).as("Socket.IO DISCONNECT of / (Engine.IO adds the 4)").isEqualTo("1");

        TestSession other = TestSession.of("u2");
        codec.encode(new Outbound.AuthResult(true, "u2", "ok"), other);
        List<String> slow = codec.encode(new Outbound.Closing(CloseReason.SLOW_CONSUMER, "Slow consumer"), other);
        assertThat(slow).hasSize(2);
        assertThat(new JsonArray(slow.get(0).substring(1)).getJsonObject(1).getInteger("code")).isEqualTo(503);
    }

    @Test
    @DisplayName("Close codes: 4001 for an expired token, 1008 for rate-limit abuse and session limits, 1013 for a slow consumer")
    void closeCodes() {
        assertThat(CloseReason.TOKEN_EXPIRED.closeCode()).isEqualTo((short) 4001);
        assertThat(CloseReason.RATE_LIMIT_ABUSE.closeCode()).isEqualTo((short) 1008);
        assertThat(CloseReason.SESSION_LIMIT.closeCode()).isEqualTo((short) 1008);
        assertThat(CloseReason.SLOW_CONSUMER.closeCode()).isEqualTo((short) 1013);
        assertThat(ErrorCode.RATE_LIMITED.code()).isEqualTo(429);
        assertThat(ErrorCode.of(429)).isEqualTo(ErrorCode.RATE_LIMITED);
    }
}
