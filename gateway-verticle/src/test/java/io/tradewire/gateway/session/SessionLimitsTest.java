package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.DialectSettings;
import io.tradewire.gateway.auth.VerifiedToken;
import io.tradewire.gateway.exchange.ExchangeCodec;
import io.tradewire.gateway.ib.IbCodec;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.model.Addresses;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Session limits with a hand-driven clock: rate limits (per session, per user, orders apart), the close for
 * rate-limit abuse, sessions per user and per address, streams per session, and the close at token expiry
 * unless a fresh token arrives in-band. Every token "expires" on the test clock, never on the wall clock.
 */
@ExtendWith(VertxExtension.class)
class SessionLimitsTest {
    private static final DialectSettings SETTINGS = new DialectSettings("/ws", Duration.ofSeconds(5), Duration.ofHours(1));
    private static final long START_WALL = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private final FakeTime time = new FakeTime();
    private Vertx vertx;
    private MessageConsumer<Object> venue;

    /** A test clock: monotonic nanos and wall millis advance together. */
    static final class FakeTime implements TimeSource {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        final AtomicLong wall = new AtomicLong(START_WALL);

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
            wall.addAndGet(duration.toMillis());
        }

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public long currentTimeMillis() {
            return wall.get();
        }
    }

    /** A transport that records frames (thread-safe: venue replies arrive on the event loop); its buffer is full while {@code full}. */
    static final class Recorder implements Connection {
        final List<String> written = new CopyOnWriteArrayList<>();
        volatile String closedWith;
        volatile boolean full;

        @Override
        public boolean isOpen() {
            return closedWith == null;
        }

        @Override
        public void write(String text) {
            written.add(text);
        }

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(short code, String reason) {
            closedWith = code + " " + reason;
        }

        JsonObject last() {
            return new JsonObject(written.get(written.size() - 1));
        }

        long count(java.util.function.Predicate<JsonObject> matching) {
            return written.stream().map(JsonObject::new).filter(matching).count();
        }
    }

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        BusCodecs.ensureRegistered(vertx);
        // The venue refuses every order at once, so that only the gateway's own 429s are synchronous.
        venue = vertx.eventBus().consumer(Addresses.matching("tradewire"), message -> message.fail(1004, "Unknown instrument"));
        venue.completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        venue.unregister().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Tokens are "user" (never expires) or "user@epochSecond" (expires then); anything else is refused. */
    private static Future<VerifiedToken> verify(String token) {
        int at = token.indexOf('@');
        if (token.startsWith("bad")) {
            return Future.failedFuture("Invalid credentials");
        }
        return Future.succeededFuture(at < 0 ? new VerifiedToken(token, null)
                : new VerifiedToken(token.substring(0, at), Instant.ofEpochSecond(Long.parseLong(token.substring(at + 1)))));
    }

    private Sessions sessions(SessionLimits limits) {
        return new Sessions(vertx, SessionLimitsTest::verify, DialectCodecContract.testInstruments(), "tradewire",
                Duration.ofSeconds(5), limits, OutboundLimits.DEFAULTS, time, NoNotifier.INSTANCE);
    }

    private static SessionLimits limits(RateLimits rates) {
        return new SessionLimits(0, 0, 0, rates, Duration.ZERO, 65_536);
    }

    private static RateLimits rates(RateLimits.Rate messages, RateLimits.Rate orders, RateLimits.Rate userMessages,
            RateLimits.Rate userOrders, int abuse, Duration window) {
        return new RateLimits(true, messages, orders, userMessages, userOrders, abuse, window);
    }

    private static final RateLimits.Rate PLENTY = new RateLimits.Rate(1_000, 1_000);

    private static DialectCodec configured(DialectCodec codec) {
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(),
                ConfigReader.of(new JsonObject(), "gateway." + codec.name())));
        return codec;
    }

    private Session open(Sessions sessions, Recorder connection, String address) {
        return sessions.open(connection, configured(new ExchangeCodec()), SETTINGS, new Handshake(Map.of(), Map.of(), address));
    }

    private Session authenticated(Sessions sessions, Recorder connection, String token) {
        Session session = open(sessions, connection, "127.0.0.1");
        sessions.received(session, new JsonObject().put("type", "auth").put("token", token).encode());
        assertThat(connection.last().getBoolean("success")).as("authenticated as %s", token).isTrue();
        return session;
    }

    private static String ping() {
        return "{\"type\":\"ping\"}";
    }

    private static String order() {
        return new JsonObject().put("type", "submit_order").put("instrument_id", "IX2301").put("direction", "BUY")
                .put("volume", 1).put("price", "120.0").encode();
    }

    private static boolean is429(JsonObject frame) {
        return "error".equals(frame.getString("type")) && Integer.valueOf(429).equals(frame.getInteger("code"));
    }

    @Test
    @DisplayName("A session gets its burst, then 429 errors; the bucket refills with time on the monotonic clock")
    void messageBudget() {
        Sessions sessions = sessions(limits(rates(new RateLimits.Rate(2, 5), PLENTY, PLENTY, PLENTY, 0, Duration.ofSeconds(10))));
        Recorder connection = new Recorder();
        Session session = open(sessions, connection, "127.0.0.1");
        for (int i = 0; i < 5; i++) {
            sessions.received(session, ping());
            assertThat(connection.last().getString("type")).isEqualTo("pong");
        }
        sessions.received(session, ping());
        assertThat(connection.last().getInteger("code")).isEqualTo(429);
        assertThat(connection.last().getString("type")).isEqualTo("error");
        time.advance(Duration.ofMillis(499));
        sessions.received(session, ping());
        assertThat(is429(connection.last())).as("0.998 tokens are not a token").isTrue();
        time.advance(Duration.ofMillis(1));
        sessions.received(session, ping());
        assertThat(connection.last().getString("type")).isEqualTo("pong");
        time.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            sessions.received(session, ping());
        }
        assertThat(connection.count(SessionLimitsTest::is429)).as("the bucket holds at most its burst").isEqualTo(2);
        sessions.received(session, ping());
        assertThat(connection.count(SessionLimitsTest::is429)).isEqualTo(3);
        assertThat(connection.closedWith).isNull();
    }

    @Test
    @DisplayName("A session refused abuse-refusals times within abuse-window is told why and closed with 1008")
    void abuseCloses() {
        Sessions sessions = sessions(limits(rates(new RateLimits.Rate(0.001, 1), PLENTY, PLENTY, PLENTY, 3, Duration.ofSeconds(10))));
        Recorder connection = new Recorder();
        Session session = open(sessions, connection, "127.0.0.1");
        sessions.received(session, ping());
        sessions.received(session, ping());
        sessions.received(session, ping());
        assertThat(connection.closedWith).isNull();
        sessions.received(session, ping());
        assertThat(connection.closedWith).isEqualTo("1008 Rate limit abuse");
        JsonObject last = connection.last();
        assertThat(last.getString("type")).isEqualTo("error");
        assertThat(last.getInteger("code")).isEqualTo(429);
        assertThat(last.getInteger("close_code")).isEqualTo(1008);
        int before = connection.written.size();
        sessions.received(session, ping());
        assertThat(connection.written).as("nothing is answered after the close").hasSize(before);
    }

    @Test
    @DisplayName("Refusals spread wider than abuse-window do not close the session")
    void abuseWindow() {
        Sessions sessions = sessions(limits(rates(new RateLimits.Rate(0.001, 1), PLENTY, PLENTY, PLENTY, 3, Duration.ofSeconds(1))));
        Recorder connection = new Recorder();
        Session session = open(sessions, connection, "127.0.0.1");
        sessions.received(session, ping());
        for (int round = 0; round < 5; round++) {
            sessions.received(session, ping());
            sessions.received(session, ping());
            time.advance(Duration.ofMillis(1_100));
        }
        assertThat(connection.count(SessionLimitsTest::is429)).isEqualTo(10);
        assertThat(connection.closedWith).isNull();
    }

    @Test
    @DisplayName("Orders have their own budget: refused orders get order_response 429 while pings still pass")
    void ordersApart() {
        Sessions sessions = sessions(limits(rates(new RateLimits.Rate(0.001, 10), new RateLimits.Rate(0.001, 2), PLENTY, PLENTY,
                0, Duration.ofSeconds(10))));
        Recorder connection = new Recorder();
        Session session = authenticated(sessions, connection, "u1");
        for (int i = 0; i < 5; i++) {
            sessions.received(session, order());
        }
        long refusedOrders = connection.count(frame -> "order_response".equals(frame.getString("type"))
                && Integer.valueOf(429).equals(frame.getInteger("error_code")));
        assertThat(refusedOrders).isEqualTo(3);
        for (int i = 0; i < 9; i++) {
            sessions.received(session, ping());
        }
        assertThat(connection.count(frame -> "pong".equals(frame.getString("type"))))
                .as("auth + 9 pings fit the messages burst of 10: orders did not use it").isEqualTo(9);
        sessions.received(session, order());
        assertThat(is429(connection.last())).as("an exhausted messages budget refuses before decoding: a plain error").isTrue();
    }

    @Test
    @DisplayName("A user's budget is shared by all of the user's sessions")
    void perUserBudget() {
        Sessions sessions = sessions(limits(rates(PLENTY, PLENTY, new RateLimits.Rate(0.001, 4), PLENTY, 0, Duration.ofSeconds(10))));
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Recorder other = new Recorder();
        Session a = authenticated(sessions, first, "u1");
        Session b = authenticated(sessions, second, "u1");
        Session c = authenticated(sessions, other, "u2");
        sessions.received(a, ping());
        sessions.received(a, ping());
        sessions.received(b, ping());
        sessions.received(b, ping());
        assertThat(first.count(SessionLimitsTest::is429) + second.count(SessionLimitsTest::is429)).isZero();
        sessions.received(b, ping());
        assertThat(is429(second.last())).isTrue();
        sessions.received(a, ping());
        assertThat(is429(first.last())).isTrue();
        sessions.received(c, ping());
        assertThat(other.last().getString("type")).as("another user has its own budget").isEqualTo("pong");
    }

    @Test
    @DisplayName("A user past max-sessions-per-user is told why (429) and closed with 1008; a closed session frees a place")
    void sessionsPerUser() {
        Sessions sessions = sessions(new SessionLimits(0, 2, 0, RateLimits.OFF, Duration.ZERO, 65_536));
        Session a = authenticated(sessions, new Recorder(), "u1");
        authenticated(sessions, new Recorder(), "u1");
        authenticated(sessions, new Recorder(), "u2");
        assertThat(sessions.sessionsOf("u1")).isEqualTo(2);
        Recorder third = new Recorder();
        Session refused = open(sessions, third, "127.0.0.1");
        sessions.received(refused, new JsonObject().put("type", "auth").put("token", "u1").encode());
        assertThat(third.closedWith).isEqualTo("1008 Too many sessions");
        assertThat(third.last().getInteger("code")).isEqualTo(429);
        assertThat(third.last().getString("message")).contains("at most 2");
        assertThat(refused.principal()).isEmpty();
        sessions.closed(refused);
        assertThat(sessions.sessionsOf("u1")).isEqualTo(2);
        sessions.closed(a);
        assertThat(sessions.sessionsOf("u1")).isEqualTo(1);
        authenticated(sessions, new Recorder(), "u1");
        assertThat(sessions.sessionsOf("u1")).isEqualTo(2);
    }

    @Test
    @DisplayName("Re-authenticating the same session does not count as another session")
    void reauthenticationIsNotASession() {
        Sessions sessions = sessions(new SessionLimits(0, 1, 0, RateLimits.OFF, Duration.ZERO, 65_536));
        Recorder connection = new Recorder();
        Session session = authenticated(sessions, connection, "u1");
        sessions.received(session, new JsonObject().put("type", "auth").put("token", "u1").encode());
        assertThat(connection.last().getBoolean("success")).isTrue();
        assertThat(sessions.sessionsOf("u1")).isEqualTo(1);
        assertThat(connection.closedWith).isNull();
    }

    @Test
    @DisplayName("max-sessions-per-ip: transports are told before the upgrade; a session opened anyway is closed with 1008")
    void sessionsPerAddress() {
        Sessions sessions = sessions(new SessionLimits(0, 0, 2, RateLimits.OFF, Duration.ZERO, 65_536));
        assertThat(sessions.admitsAddress("10.0.0.1")).isTrue();
        Session a = open(sessions, new Recorder(), "10.0.0.1");
        open(sessions, new Recorder(), "10.0.0.1");
        assertThat(sessions.admitsAddress("10.0.0.1")).isFalse();
        assertThat(sessions.admitsAddress("10.0.0.2")).isTrue();
        Recorder third = new Recorder();
        open(sessions, third, "10.0.0.1");
        assertThat(third.closedWith).isEqualTo("1008 Too many sessions");
        sessions.closed(a);
        assertThat(sessions.admitsAddress("10.0.0.1")).as("the refused one still counts until its transport closes").isFalse();
    }

    @Test
    @DisplayName("max-subscriptions-per-session: a subscription past it is refused whole (403) and changes nothing")
    void subscriptionsPerSession() {
        Sessions sessions = sessions(new SessionLimits(3, 0, 0, RateLimits.OFF, Duration.ZERO, 65_536));
        Recorder connection = new Recorder();
        Session session = open(sessions, connection, "127.0.0.1");
        assertThat(session.maxSubscriptions()).isEqualTo(3);
        sessions.received(session, new JsonObject().put("type", "subscribe").put("channels", List.of("orderbook", "ticker"))
                .put("instruments", List.of("IX2301", "AAPL")).encode());
        JsonObject refused = connection.last();
        assertThat(refused.getString("type")).isEqualTo("subscribe_response");
        assertThat(refused.getBoolean("success")).isFalse();
        assertThat(refused.getInteger("error_code")).isEqualTo(403);
        assertThat(session.streams()).isEmpty();
        sessions.received(session, new JsonObject().put("type", "subscribe").put("channels", List.of("orderbook", "ticker"))
                .put("instruments", List.of("IX2301")).encode());
        assertThat(connection.count(frame -> "subscribe_response".equals(frame.getString("type")) && frame.getBoolean("success")))
                .isEqualTo(1);
        assertThat(session.streams()).hasSize(2);
    }

    @Test
    @DisplayName("At its token's expiry (plus the clock skew) a session gets a 401 error and close 4001 'Token expired'")
    void expiryCloses() {
        Sessions sessions = sessions(new SessionLimits(0, 0, 0, RateLimits.OFF, Duration.ofSeconds(5), 65_536));
        Recorder connection = new Recorder();
        long exp = START_WALL / 1000 + 2;
        authenticated(sessions, connection, "u1@" + exp);
        time.advance(Duration.ofMillis(6_999));
        sessions.heartbeat();
        assertThat(connection.closedWith).isNull();
        time.advance(Duration.ofMillis(1));
        sessions.heartbeat();
        assertThat(connection.closedWith).isEqualTo("4001 Token expired");
        JsonObject last = connection.last();
        assertThat(last.getString("type")).isEqualTo("error");
        assertThat(last.getInteger("code")).isEqualTo(401);
        assertThat(last.getInteger("close_code")).isEqualTo(4001);
        assertThat(last.getString("message")).startsWith("Token expired");
    }

    @Test
    @DisplayName("exchange: a new auth message with a fresh token for the same user before expiry keeps the session open")
    void inBandRefresh() {
        Sessions sessions = sessions(new SessionLimits(0, 0, 0, RateLimits.OFF, Duration.ZERO, 65_536));
        Recorder connection = new Recorder();
        long start = START_WALL / 1000;
        Session session = authenticated(sessions, connection, "u1@" + (start + 2));
        time.advance(Duration.ofMillis(1_500));
        sessions.received(session, new JsonObject().put("type", "auth").put("token", "u1@" + (start + 60)).encode());
        assertThat(connection.last().getBoolean("success")).isTrue();
        time.advance(Duration.ofSeconds(10));
        sessions.heartbeat();
        assertThat(connection.closedWith).isNull();
        sessions.received(session, new JsonObject().put("type", "auth").put("token", "u2@" + (start + 600)).encode());
        assertThat(connection.last().getBoolean("success")).as("another user's token refreshes nothing").isFalse();
        time.advance(Duration.ofMillis(48_499)); // 59.999 s after the first token: the fresh one expires at 60 s
        sessions.heartbeat();
        assertThat(connection.closedWith).isNull();
        time.advance(Duration.ofMillis(1));
        sessions.heartbeat();
        assertThat(connection.closedWith).isEqualTo("4001 Token expired");
    }

    @Test
    @DisplayName("ib: a connection logged in with ?token= is closed at expiry with a TOKEN_EXPIRED error")
    void ibExpiry() {
        Sessions sessions = sessions(new SessionLimits(0, 0, 0, RateLimits.OFF, Duration.ZERO, 65_536));
        Recorder connection = new Recorder();
        long exp = START_WALL / 1000 + 30;
        sessions.open(connection, configured(new IbCodec()), SETTINGS,
                new Handshake(Map.of("token", "u1@" + exp, "lang", "en"), Map.of(), "127.0.0.1"));
        time.advance(Duration.ofSeconds(29));
        sessions.heartbeat();
        assertThat(connection.closedWith).isNull();
        time.advance(Duration.ofSeconds(1));
        sessions.heartbeat();
        assertThat(connection.closedWith).isEqualTo("4001 Token expired");
        assertThat(connection.last().getString("error_code")).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    @DisplayName("A token that never expires (no exp known) never closes the session")
    void noExpiry() {
        Sessions sessions = sessions(new SessionLimits(0, 0, 0, RateLimits.OFF, Duration.ZERO, 65_536));
        Recorder connection = new Recorder();
        authenticated(sessions, connection, "u1");
        time.advance(Duration.ofDays(400));
        sessions.heartbeat();
        assertThat(connection.closedWith).as("idle timeout is an hour here, so only the expiry could close it")
                .isEqualTo("1001 Idle timeout: nothing received for 3600s");
    }

    @Test
    @DisplayName("A message longer than max-message-bytes (only possible with permessage-deflate) closes with 1009")
    void inflatedMessage() {
        Sessions sessions = sessions(new SessionLimits(0, 0, 0, RateLimits.OFF, Duration.ZERO, 100));
        Recorder connection = new Recorder();
        Session session = open(sessions, connection, "127.0.0.1");
        sessions.received(session, "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(100) + "\"}");
        assertThat(connection.closedWith).startsWith("1009");
    }
}
