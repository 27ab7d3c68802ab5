package io.tradewire.gateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradewire.gateway.session.Handshake;
import io.tradewire.gateway.socketio.engine.EngineIoServer;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Push;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The socketio codec. The contract's assumptions hold as they are: Socket.IO packets are text, text
 * that is not a packet (no type digit, broken JSON) is a MALFORMED decode failure, and every failure
 * renders as a frame (an {@code error} event, or CONNECT_ERROR for a refused CONNECT). Its deep-nesting
 * check sends a JSON object, which is not a Socket.IO packet at all; {@link #rejectsDeeplyNestedEvents}
 * checks the same inside a real EVENT packet. Frames here are Socket.IO packets as the codec sees them:
 * the Engine.IO transport strips and adds the message prefix {@code 4} ({@code 42[...]} on the wire is
 * {@code 2[...]} here).
 */
class SocketIoCodecTest extends DialectCodecContract {
    private static final String USER = "u1";
    private static final long T0 = 1_762_765_200_000L; // 2025-11-10T09:00:00Z
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);

    @Override
    protected DialectCodec newCodec() {
        return new SocketIoCodec(CLOCK);
    }

    @Override
    protected List<String> sampleFrames() {
        return List.of(
                "0",
                "0{\"token\":\"abc\"}",
                "0/,{\"token\":\"abc\"}",
                "2[\"subscribe_trading\",{\"types\":[\"balance\",\"positions\",\"pnl\",\"orders\"]}]",
                "21[\"subscribe_trading\",{\"subscribeTypes\":[\"pnl\"]}]",
                "20[\"unsubscribe_trading\",{\"types\":[\"balance\",\"orders\"]}]",
                "1",
                "31[{\"ok\":true}]");
    }

    private SocketIoCodec socketIo() {
        return (SocketIoCodec) codec;
    }

    /** A session whose CONNECT was accepted. */
    private FakeSession connected() throws DecodeException {
        FakeSession session = FakeSession.anonymous();
        assertThat(codec.decode("0{\"token\":\"T\"}", session)).isEqualTo(new Inbound.Authenticate("T", null));
        session.authenticate(USER);
        codec.encode(new Outbound.AuthResult(true, USER, "Authentication successful"), session);
        return session;
    }

    private static JsonNode json(String text) {
        try {
            return ClientJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static DecodeException failure(String frame, SessionView session, DialectCodec codec) {
        try {
            codec.decode(frame, session);
        } catch (DecodeException e) {
            return e;
        }
        throw new AssertionError("expected a DecodeException for " + frame);
    }

    // ------------------------------------------------------------------ CONNECT and auth

    @Test
    @DisplayName("The three CONNECT spellings (40, 40{...}, 40/,{...}; the codec sees them without Engine.IO's 4) all authenticate")
    void connectSpellings() throws DecodeException {
        assertThat(codec.decode("0{\"token\":\"T1\"}", FakeSession.anonymous())).isEqualTo(new Inbound.Authenticate("T1", null));
        assertThat(codec.decode("0/,{\"token\":\"T2\"}", FakeSession.anonymous())).isEqualTo(new Inbound.Authenticate("T2", null));
        assertThat(codec.decode("0", FakeSession.anonymous().withHeader("Authorization", "Bearer T3")))
                .isEqualTo(new Inbound.Authenticate("T3", null));
        assertThat(codec.decode("0{}", FakeSession.anonymous().withQuery("token", "T4")))
                .isEqualTo(new Inbound.Authenticate("T4", null));
    }

    @Test
    @DisplayName("The auth payload wins over the header, the header over the URL; Bearer prefixes are stripped")
    void tokenPrecedence() throws DecodeException {
        FakeSession all = FakeSession.anonymous().withHeader("Authorization", "Bearer H").withQuery("token", "Q");
        assertThat(codec.decode("0{\"token\":\"Bearer A\"}", all)).isEqualTo(new Inbound.Authenticate("A", null));
        assertThat(codec.decode("0", all)).isEqualTo(new Inbound.Authenticate("H", null));
        assertThat(codec.decode("0", FakeSession.anonymous().withQuery("token", "Q"))).isEqualTo(new Inbound.Authenticate("Q", null));
        FakeSession upgraded = FakeSession.anonymous();
        upgraded.state().put(EngineIoServer.UPGRADE_HANDSHAKE,
                new Handshake(Map.of(), Map.of("authorization", "Bearer U"), "127.0.0.1"));
        assertThat(codec.decode("0", upgraded)).as("the WebSocket upgrade request's header").isEqualTo(new Inbound.Authenticate("U", null));
    }

    @Test
    @DisplayName("A CONNECT without any token is refused with CONNECT_ERROR 44{message}")
    void connectWithoutToken() {
        DecodeException e = failure("0", FakeSession.anonymous(), codec);
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        List<String> frames = codec.encode(new Outbound.Failure(e.code(), e.getMessage(), e.requestType(), e.detail()), FakeSession.anonymous());
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).startsWith("4{\"message\":\"Authentication required");
        assertThat(json(frames.get(0).substring(1)).get("data").get("code").intValue()).isEqualTo(401);
        assertThat(failure("0{\"token\":42}", FakeSession.anonymous(), codec).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    @DisplayName("A bad token's AuthResult renders as CONNECT_ERROR, a good one as 40{sid} then the connected event")
    void authResults() {
        assertThat(codec.encode(new Outbound.AuthResult(false, null, "Invalid credentials"), FakeSession.anonymous()))
                .containsExactly("4{\"message\":\"Invalid credentials\",\"data\":{\"code\":401}}");
        FakeSession session = FakeSession.of("4");
        List<String> frames = codec.encode(new Outbound.AuthResult(true, "4", "Authentication successful"), session);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        String sid = json(frames.get(0).substring(1)).get("sid").textValue();
        assertThat(frames.get(1)).isEqualTo("2[\"connected\",{\"message\":\"Connected\",\"user_id\":4,\"sid\":\"" + sid
                + "\",\"timestamp\":\"2025-11-10T09:00:00\"}]");
    }

    @Test
    @DisplayName("Other namespaces are refused with CONNECT_ERROR in that namespace; their events are ignored")
    void otherNamespaces() throws DecodeException {
        DecodeException e = failure("0/admin,{\"token\":\"T\"}", FakeSession.anonymous(), codec);
        assertThat(codec.encode(new Outbound.Failure(e.code(), e.getMessage(), e.requestType(), e.detail()), FakeSession.anonymous()))
                .containsExactly("4/admin,{\"message\":\"Invalid namespace\",\"data\":{\"code\":415}}");
        assertThat(codec.decode("2/admin,[\"subscribe_trading\"]", connected())).isInstanceOf(Inbound.Ping.class);
    }

    // ------------------------------------------------------------------ events and acks

    @Test
    @DisplayName("Events before an accepted CONNECT are refused (not connected)")
    void eventsNeedConnect() {
        DecodeException e = failure("2[\"subscribe_trading\",{\"types\":[\"balance\"]}]", FakeSession.of(USER), codec);
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(e.requestType()).isEqualTo("subscribe_trading");
    }

    @Test
    @DisplayName("subscribe_trading maps types (or subscribeTypes) to the user's private streams, with snapshots")
    void subscribeMapsTypesToStreams() throws DecodeException {
        FakeSession session = connected();
        Inbound.Subscribe all = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\",{\"types\":"
                + "[\"balance\",\"positions\",\"pnl\",\"orders\"]}]", session);
        assertThat(all.streams()).containsExactly("user.u1.account", "user.u1.positions", "user.u1.orders");
        assertThat(all.snapshot()).isTrue();
        Inbound.Subscribe pnl = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\",{\"subscribeTypes\":[\"pnl\"]}]", session);
        assertThat(pnl.streams()).containsExactly("user.u1.account");
        Inbound.Subscribe none = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\"]", session);
        assertThat(none.streams()).as("no types = all").containsExactly("user.u1.account", "user.u1.positions", "user.u1.orders");
        Inbound.Subscribe empty = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\",{\"types\":[]}]", session);
        assertThat(empty.streams()).hasSize(3);
    }

    @Test
    @DisplayName("Bad subscriptions are MALFORMED: unknown type, non-list, non-object argument")
    void badSubscriptions() throws DecodeException {
        FakeSession session = connected();
        for (String frame : List.of("2[\"subscribe_trading\",{\"types\":[\"balance\",\"candles\"]}]",
                "2[\"subscribe_trading\",{\"types\":\"balance\"}]", "2[\"subscribe_trading\",{\"types\":[1]}]",
                "2[\"subscribe_trading\",\"balance\"]", "2[\"unsubscribe_trading\",[\"balance\"]]")) {
            DecodeException e = failure(frame, session, codec);
            assertThat(e.code()).as(frame).isEqualTo(ErrorCode.MALFORMED);
        }
        assertThat(failure("2[\"place_order\",{}]", session, codec).code()).isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    @DisplayName("subscribed answers with the types, and with an ACK carrying the same payload when asked (ids from 0 and 1)")
    void subscribedAndAcks() throws DecodeException {
        FakeSession session = connected();
        for (long ackId : new long[] {0, 1}) {
            Inbound.Subscribe request = (Inbound.Subscribe) codec.decode(
                    "2" + ackId + "[\"subscribe_trading\",{\"types\":[\"balance\",\"pnl\"]}]", session);
            List<String> frames = codec.encode(new Outbound.SubscriptionResult(request, true, "Subscribed successfully"), session);
            String payload = "{\"types\":[\"balance\",\"pnl\"],\"message\":\"Subscribed successfully\",\"user_id\":\"u1\","
                    + "\"timestamp\":\"2025-11-10T09:00:00\"}";
            assertThat(frames).containsExactly("2[\"subscribed\"," + payload + "]", "3" + ackId + "[" + payload + "]");
        }
        Inbound.Subscribe noAck = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\",{\"types\":[\"orders\"]}]", session);
        assertThat(codec.encode(new Outbound.SubscriptionResult(noAck, true, "ok"), session)).hasSize(1);
    }

    @Test
    @DisplayName("A failed event is answered with an error event, and with an ACK when the client asked for one")
    void errorsWithAcks() throws DecodeException {
        FakeSession session = connected();
        DecodeException e = failure("27[\"subscribe_trading\",{\"types\":[\"candles\"]}]", session, codec);
        List<String> frames = codec.encode(new Outbound.Failure(e.code(), e.getMessage(), e.requestType(), e.detail()), session);
        String payload = "{\"message\":\"Unknown type: candles (expected balance, positions, pnl, orders)\",\"code\":400,"
                + "\"event\":\"subscribe_trading\",\"timestamp\":\"2025-11-10T09:00:00\"}";
        assertThat(frames).containsExactly("2[\"error\"," + payload + "]", "37[" + payload + "]");
        assertThat(codec.encode(new Outbound.Failure(ErrorCode.MALFORMED, "x", null), session))
                .as("a failure that did not come from a packet has no ACK").hasSize(1);
    }

    @Test
    @DisplayName("unsubscribe_trading drops only streams no remaining type reads, and answers unsubscribed")
    void unsubscribeKeepsSharedStreams() throws DecodeException {
        FakeSession session = connected();
        Inbound.Subscribe subscribe = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\",{\"types\":[\"balance\",\"pnl\",\"orders\"]}]", session);
        codec.encode(new Outbound.SubscriptionResult(subscribe, true, "ok"), session);
        Inbound.Unsubscribe balance = (Inbound.Unsubscribe) codec.decode("2[\"unsubscribe_trading\",{\"types\":[\"balance\"]}]", session);
        assertThat(balance.streams()).as("pnl still reads the account").isEmpty();
        assertThat(codec.encode(new Outbound.SubscriptionResult(balance, true, "ok"), session)).containsExactly(
                "2[\"unsubscribed\",{\"types\":[\"balance\"],\"message\":\"Unsubscribed successfully\",\"user_id\":\"u1\","
                        + "\"timestamp\":\"2025-11-10T09:00:00\"}]");
        Inbound.Unsubscribe rest = (Inbound.Unsubscribe) codec.decode("21[\"unsubscribe_trading\"]", session);
        assertThat(rest.streams()).containsExactly("user.u1.account", "user.u1.orders");
        assertThat(codec.encode(new Outbound.SubscriptionResult(rest, true, "ok"), session)).hasSize(2).last().asString()
                .startsWith("31[{\"types\":[\"pnl\",\"orders\"]");
    }

    @Test
    @DisplayName("DISCONNECT (41) leaves every stream and ends the namespace connection; a client's ACK needs nothing")
    void disconnectAndClientAcks() throws DecodeException {
        FakeSession session = connected();
        Inbound.Subscribe subscribe = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\"]", session);
        codec.encode(new Outbound.SubscriptionResult(subscribe, true, "ok"), session);
        Inbound.Unsubscribe disconnect = (Inbound.Unsubscribe) codec.decode("1", session);
        assertThat(disconnect.streams()).containsExactlyInAnyOrder("user.u1.account", "user.u1.positions", "user.u1.orders");
        assertThat(codec.encode(new Outbound.SubscriptionResult(disconnect, true, "ok"), session)).isEmpty();
        assertThat(failure("2[\"subscribe_trading\"]", session, codec).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(codec.decode("31[{\"ok\":true}]", session)).isInstanceOf(Inbound.Ping.class);
        assertThat(codec.encode(new Outbound.Pong(T0), session)).isEmpty();
    }

    @Test
    @DisplayName("Deeply nested JSON inside an EVENT is refused before it is built")
    void rejectsDeeplyNestedEvents() throws DecodeException {
        FakeSession session = connected();
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(failure("2[\"subscribe_trading\"," + deep + "]", session, codec).code()).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    @DisplayName("Binary events are refused with an error the client can read")
    void binaryPlaceholderRefused() throws DecodeException {
        FakeSession session = connected();
        DecodeException e = failure("51-[\"subscribe_trading\",{\"_placeholder\":true,\"num\":0}]", session, codec);
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(codec.encode(new Outbound.Failure(e.code(), e.getMessage(), e.requestType(), e.detail()), session).get(0))
                .startsWith("2[\"error\",{\"message\":\"Binary attachments are not supported");
    }

    // ------------------------------------------------------------------ pushes

    private static final AccountView ACCOUNT = new AccountView(USER, "USD", new BigDecimal("10000.00"), new BigDecimal("7950.00"),
            new BigDecimal("50.00"), new BigDecimal("2000.00"), new BigDecimal("450.00"), new BigDecimal("400.00"),
            new BigDecimal("50.00"), new BigDecimal("0.20"), T0);
    private static final PositionView POSITION = new PositionView(USER, "BTCUSDT", new BigDecimal("0.1"), new BigDecimal("50000.00"),
            BigDecimal.ZERO, null, new BigDecimal("5000.00"), BigDecimal.ZERO, new BigDecimal("50.00"), new BigDecimal("50500.00"), T0);
    private static final OrderView ORDER = new OrderView("O17251234567890000001", null, USER, "BTCUSDT", Side.BUY, Offset.OPEN,
            OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("49000.00"), new BigDecimal("0.1"), BigDecimal.ZERO,
            new BigDecimal("0.1"), null, OrderStatus.SUBMITTED, OrderSource.API, T0, T0);

    private static Outbound.Delivery delivery(String stream, Event event, boolean snapshot) {
        return new Outbound.Delivery(new Push(stream, 1, 1, event), snapshot);
    }

    /** A connected session subscribed to every type, with its snapshots on their way. */
    private FakeSession subscribedToAll() throws DecodeException {
        FakeSession session = connected();
        Inbound.Subscribe subscribe = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\"]", session);
        session.streams.addAll(subscribe.streams());
        session.pending.addAll(subscribe.streams());
        codec.encode(new Outbound.SubscriptionResult(subscribe, true, "ok"), session);
        return session;
    }

    private List<String> heartbeat(FakeSession session, long at) {
        return codec.encode(new Outbound.Heartbeat(at), session);
    }

    @Test
    @DisplayName("A broker notice on the orders stream is emitted as an error event right away")
    void brokerNoticeIsAnError() throws DecodeException {
        FakeSession session = subscribedToAll();
        List<String> frames = codec.encode(delivery("user.u1.orders",
                new BrokerNotice("u1", "bybit", "AUTH_FAILED", "broker bybit is AUTH_FAILED: bybit refused the API key", 1L), false), session);
        assertThat(frames).containsExactly("2[\"error\",{\"message\":\"broker bybit is AUTH_FAILED: bybit refused the API key\","
                + "\"code\":503,\"timestamp\":\"2025-11-10T09:00:00\"}]");
    }

    @Test
    @DisplayName("The pushes wait for the snapshots, then all four go out at once with the seed's fields")
    void firstPushesAfterSnapshots() throws DecodeException {
        FakeSession session = subscribedToAll();
        assertThat(heartbeat(session, T0)).as("snapshots still on their way").isEmpty();
        session.pending.remove("user.u1.account");
        codec.encode(delivery("user.u1.account", new AccountChanged(ACCOUNT), true), session);
        assertThat(heartbeat(session, T0)).extracting(f -> json(f.substring(1)).get(0).textValue())
                .as("balance and pnl are complete, positions and orders are not")
                .containsExactly("balance_update", "pnl_update");
        session.pending.clear();
        codec.encode(delivery("user.u1.positions", new PositionChanged(POSITION), true), session);
        codec.encode(delivery("user.u1.orders", new OrderUpdated(ORDER), true), session);
        List<String> frames = heartbeat(session, T0 + 250);
        assertThat(frames).containsExactly(
                "2[\"positions_update\",{\"type\":\"positions_update\",\"data\":[{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                        + "\"size\":0.1,\"entry_price\":50000.00,\"mark_price\":50500.00,\"unrealized_pnl\":50.00}],"
                        + "\"timestamp\":\"2025-11-10T09:00:00\",\"user_id\":\"u1\"}]",
                "2[\"orders_update\",{\"type\":\"orders_update\",\"data\":[{\"order_id\":\"O17251234567890000001\","
                        + "\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"quantity\":0.1,\"price\":49000.00,\"status\":\"New\"}],"
                        + "\"timestamp\":\"2025-11-10T09:00:00\",\"user_id\":\"u1\"}]");
    }

    @Test
    @DisplayName("balance_update and pnl_update: total = equity = available + used margin; today = total PnL")
    void balanceAndPnlGolden() throws DecodeException {
        FakeSession session = subscribedToAll();
        session.pending.clear();
        codec.encode(delivery("user.u1.account", new AccountChanged(ACCOUNT), true), session);
        List<String> frames = heartbeat(session, T0);
        assertThat(frames).contains(
                "2[\"balance_update\",{\"type\":\"balance_update\",\"data\":{\"total_balance\":10050.00,"
                        + "\"available_balance\":7950.00,\"used_margin\":2050.00},\"timestamp\":\"2025-11-10T09:00:00\",\"user_id\":\"u1\"}]",
                "2[\"pnl_update\",{\"type\":\"pnl_update\",\"data\":{\"total_pnl\":450.00,\"today_pnl\":450.00,"
                        + "\"unrealized_pnl\":50.00,\"realized_pnl\":400.00},\"timestamp\":\"2025-11-10T09:00:00\",\"user_id\":\"u1\"}]",
                "2[\"positions_update\",{\"type\":\"positions_update\",\"data\":[],\"timestamp\":\"2025-11-10T09:00:00\",\"user_id\":\"u1\"}]");
    }

    @Test
    @DisplayName("Only what changed is pushed again, at its own interval; unchanged data is never re-sent")
    void onlyChangesArePushed() throws DecodeException {
        FakeSession session = subscribedToAll();
        session.pending.clear();
        codec.encode(delivery("user.u1.account", new AccountChanged(ACCOUNT), true), session);
        assertThat(heartbeat(session, T0)).hasSize(4);
        long positionsInterval = socketIo().config().intervals().get(TradingType.POSITIONS).toMillis();
        long ordersInterval = socketIo().config().intervals().get(TradingType.ORDERS).toMillis();
        for (long t = T0; t <= T0 + 60_000; t += 250) {
            assertThat(heartbeat(session, t)).as("nothing changed at %s", t).isEmpty();
        }
        long now = T0 + 60_000;
        codec.encode(delivery("user.u1.orders", new OrderUpdated(ORDER), false), session);
        List<String> pushed = new ArrayList<>();
        for (long t = now + 250; t <= now + ordersInterval; t += 250) {
            pushed.addAll(heartbeat(session, t));
        }
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0)).startsWith("2[\"orders_update\"").contains("O17251234567890000001");
        // A filled order leaves the working orders: a change again.
        OrderView filled = new OrderView(ORDER.orderId(), null, USER, "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, ORDER.price(), ORDER.quantity(), ORDER.quantity(), BigDecimal.ZERO, ORDER.price(),
                OrderStatus.FILLED, OrderSource.API, T0, T0 + 1);
        codec.encode(delivery("user.u1.orders", new OrderUpdated(filled), false), session);
        codec.encode(delivery("user.u1.positions", new PositionChanged(POSITION), false), session);
        pushed.clear();
        now += ordersInterval;
        for (long t = now + 250; t <= now + ordersInterval + positionsInterval; t += 250) {
            pushed.addAll(heartbeat(session, t));
        }
        assertThat(pushed).extracting(f -> json(f.substring(1)).get(0).textValue())
                .containsExactlyInAnyOrder("orders_update", "positions_update");
    }

    @Test
    @DisplayName("Both sides of a position are reported apart, each with its own unrealized PnL")
    void twoSidedPosition() throws DecodeException {
        FakeSession session = subscribedToAll();
        session.pending.clear();
        PositionView hedged = new PositionView(USER, "IX2301", new BigDecimal("2"), new BigDecimal("120.0"), new BigDecimal("1"),
                new BigDecimal("125.0"), new BigDecimal("100.00"), BigDecimal.ZERO, new BigDecimal("3000.00"),
                new BigDecimal("122.0"), T0);
        codec.encode(delivery("user.u1.positions", new PositionChanged(hedged), true), session);
        String positions = heartbeat(session, T0).stream().filter(f -> f.contains("positions_update")).findFirst().orElseThrow();
        JsonNode data = json(positions.substring(1)).get(1).get("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).get("side").textValue()).isEqualTo("Buy");
        assertThat(data.get(0).get("unrealized_pnl").decimalValue()).isEqualByComparingTo("1200"); // (122-120)*2*300
        assertThat(data.get(1).get("side").textValue()).isEqualTo("Sell");
        assertThat(data.get(1).get("unrealized_pnl").decimalValue()).isEqualByComparingTo("900"); // (125-122)*1*300
    }

    // ------------------------------------------------------------------ connection state recovery

    /** A session connected with {@code auth}, authenticated as USER; returns the CONNECT answer and connected event. */
    private List<String> connectWith(FakeSession session, String auth) throws DecodeException {
        codec.decode("0" + auth, session);
        session.authenticate(USER);
        return codec.encode(new Outbound.AuthResult(true, USER, "Authentication successful"), session);
    }

    private static JsonNode packet(String frame) {
        return json(frame.substring(1));
    }

    @Test
    @DisplayName("Without asking, a client gets no pid and no offsets: every event keeps its one argument")
    void noRecoveryUnlessAsked() throws DecodeException {
        FakeSession session = FakeSession.anonymous();
        List<String> frames = connectWith(session, "{\"token\":\"T\"}");
        assertThat(packet(frames.get(0)).has("pid")).isFalse();
        assertThat(packet(frames.get(1)).get(1).has("recovered")).isFalse();
        Inbound.Subscribe subscribe = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\"]", session);
        session.streams.addAll(subscribe.streams());
        assertThat(codec.encode(new Outbound.SubscriptionResult(subscribe, true, "ok"), session).get(0)).satisfies(f ->
                assertThat(packet(f)).hasSize(2));
        codec.encode(delivery("user.u1.account", new AccountChanged(ACCOUNT), true), session);
        assertThat(heartbeat(session, T0)).isNotEmpty().allSatisfy(f -> assertThat(packet(f)).hasSize(2));
    }

    @Test
    @DisplayName("Recovery: pid in the CONNECT answer, an offset on each event; coming back with them restores the types "
            + "and pushes only what changed")
    void recovery() throws DecodeException {
        FakeSession first = FakeSession.anonymous();
        List<String> frames = connectWith(first, "{\"token\":\"T\",\"recovery\":true}");
        String pid = packet(frames.get(0)).get("pid").textValue();
        assertThat(pid).isNotBlank();
        assertThat(packet(frames.get(1)).get(1).get("recovered").booleanValue()).isFalse();
        Inbound.Subscribe subscribe = (Inbound.Subscribe) codec.decode("2[\"subscribe_trading\",{\"types\":[\"balance\",\"orders\"]}]", first);
        first.streams.addAll(subscribe.streams());
        JsonNode subscribed = packet(codec.encode(new Outbound.SubscriptionResult(subscribe, true, "ok"), first).get(0));
        assertThat(subscribed.get(2).isTextual()).as("the offset is the last argument").isTrue();
        codec.encode(delivery("user.u1.account", new AccountChanged(ACCOUNT), true), first);
        codec.encode(delivery("user.u1.orders", new OrderUpdated(ORDER), true), first);
        List<String> pushes = heartbeat(first, T0);
        assertThat(pushes).extracting(f -> packet(f).get(0).textValue()).containsExactly("balance_update", "orders_update");
        String offset = packet(pushes.get(1)).get(2).textValue();

        // The client comes back (a new connection) with its pid and last offset; meanwhile its order was filled.
        FakeSession second = FakeSession.anonymous();
        frames = connectWith(second, "{\"token\":\"T\",\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
        assertThat(packet(frames.get(0)).get("pid").textValue()).isEqualTo(pid);
        assertThat(packet(frames.get(1)).get(1).get("recovered").booleanValue()).isTrue();
        List<Inbound> again = codec.afterAuthentication(second);
        assertThat(again).singleElement().isInstanceOfSatisfying(Inbound.Subscribe.class, recover -> {
            assertThat(recover.streams()).containsExactly("user.u1.account", "user.u1.orders");
            second.streams.addAll(recover.streams());
            second.pending.add("user.u1.orders");
            assertThat(codec.encode(new Outbound.SubscriptionResult(recover, true, "ok"), second)).as("no subscribed event").isEmpty();
        });
        codec.encode(delivery("user.u1.account", new AccountChanged(ACCOUNT), true), second);
        assertThat(heartbeat(second, T0 + 250)).as("orders not complete yet, the balance unchanged").isEmpty();
        second.pending.remove("user.u1.orders");
        codec.encode(delivery("user.u1.orders", new OrderUpdated(new OrderView(ORDER.orderId(), null, USER, "BTCUSDT", Side.BUY,
                Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC, ORDER.price(), ORDER.quantity(), ORDER.quantity(), BigDecimal.ZERO,
                ORDER.price(), OrderStatus.FILLED, OrderSource.API, T0, T0 + 1)), true), second);
        List<String> missed = heartbeat(second, T0 + 500);
        assertThat(missed).extracting(f -> packet(f).get(0).textValue()).containsExactly("orders_update");
        assertThat(packet(missed.get(0)).get(1).get("data")).isEmpty();
    }

    @Test
    @DisplayName("Another user's offset, a garbled one or recovery switched off recovers nothing and hands out a new pid")
    void recoveryRefused() throws DecodeException {
        String offset = new RecoveryOffset(RecoveryOffset.userTag("someone-else"), java.util.EnumSet.allOf(TradingType.class),
                java.util.EnumSet.noneOf(TradingType.class), new long[4]).encode();
        for (String claimed : List.of(offset, "1AAAA", "garbage", "")) {
            FakeSession session = FakeSession.anonymous();
            List<String> frames = connectWith(session, "{\"token\":\"T\",\"pid\":\"abc\",\"offset\":\"" + claimed + "\"}");
            assertThat(packet(frames.get(0)).get("pid").textValue()).as(claimed).isNotEqualTo("abc");
            assertThat(packet(frames.get(1)).get(1).get("recovered").booleanValue()).isFalse();
            assertThat(codec.afterAuthentication(session)).isEmpty();
        }
        SocketIoCodec off = new SocketIoCodec(CLOCK);
        off.configure(new DialectContext(testInstruments(), ConfigReader.of(new JsonObject().put("gateway", new JsonObject()
                .put("socketio", new JsonObject().put("connection-state-recovery", "off"))), "gateway.socketio")));
        FakeSession session = FakeSession.anonymous();
        off.decode("0{\"token\":\"T\",\"recovery\":true}", session);
        session.authenticate(USER);
        assertThat(packet(off.encode(new Outbound.AuthResult(true, USER, "ok"), session).get(0)).has("pid")).isFalse();
    }

    @Test
    @DisplayName("gateway.socketio intervals, ping-timeout, max-http-buffer-size and zone are read from configuration")
    void configuration() {
        SocketIoCodec configured = new SocketIoCodec(CLOCK);
        JsonObject root = new JsonObject().put("gateway", new JsonObject().put("socketio", new JsonObject()
                .put("ping-timeout", "5s").put("max-http-buffer-size", 4096).put("zone", "Asia/Shanghai")
                .put("intervals", new JsonObject().put("balance", "300ms").put("orders", "1s"))));
        configured.configure(new DialectContext(testInstruments(), ConfigReader.of(root, "gateway.socketio")));
        assertThat(configured.config().pingTimeout()).hasSeconds(5);
        assertThat(configured.config().maxHttpBufferSize()).isEqualTo(4096);
        assertThat(configured.config().intervals().get(TradingType.BALANCE)).hasMillis(300);
        assertThat(configured.config().intervals().get(TradingType.ORDERS)).hasSeconds(1);
        assertThat(configured.config().intervals().get(TradingType.PNL)).hasSeconds(5);
        assertThat(configured.config().zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(configured.encode(new Outbound.AuthResult(false, null, "x"), FakeSession.anonymous())).hasSize(1);
        FakeSession session = FakeSession.of(USER);
        assertThat(configured.encode(new Outbound.AuthResult(true, USER, "ok"), session).get(1))
                .as("timestamps in the configured zone").contains("\"timestamp\":\"2025-11-10T17:00:00\"");
        JsonObject badZone = new JsonObject().put("gateway", new JsonObject().put("socketio", new JsonObject().put("zone", "Mars/Base")));
        assertThatThrownBy(() -> configured.configure(new DialectContext(testInstruments(), ConfigReader.of(badZone, "gateway.socketio"))))
                .hasMessageContaining("gateway.socketio.zone");
        JsonObject bad = new JsonObject().put("gateway", new JsonObject().put("socketio", new JsonObject()
                .put("intervals", new JsonObject().put("pnl", "1ms"))));
        assertThatThrownBy(() -> configured.configure(new DialectContext(testInstruments(), ConfigReader.of(bad, "gateway.socketio"))))
                .hasMessageContaining("gateway.socketio.intervals.pnl");
    }
}
