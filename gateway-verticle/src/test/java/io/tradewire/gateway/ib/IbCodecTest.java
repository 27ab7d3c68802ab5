package io.tradewire.gateway.ib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.TestSession;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IbCodecTest extends DialectCodecContract {
    /** The seed's example instant, 2023-03-15T10:30:45.123456 at +08:00. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2023-03-15T02:30:45.123456Z"), ZoneOffset.UTC);
    private static final String NOW = "2023-03-15T10:30:45.123456";
    /** 2023-03-15T02:30:45.123Z: event times are epoch milliseconds. */
    private static final long EVENT_TIME = 1678847445123L;
    private static final String EVENT_TS = "2023-03-15T10:30:45.123000";
    private static final String ORDERS = "user.u1.orders";

    @Override
    protected DialectCodec newCodec() {
        return new IbCodec(CLOCK);
    }

    @Override
    protected List<String> sampleFrames() {
        return List.of(
                "{\"type\":\"subscribe\",\"message_types\":[\"order_update\",\"order_notification\",\"mcp_order\"]}",
                "{\"type\":\"unsubscribe\",\"message_types\":[\"order_update\"]}",
                "{\"type\":\"subscribe\",\"message_types\":[\"market_data\"],\"symbols\":[\"IX2301\"]}",
                "{\"type\":\"ping\"}",
                "{\"type\":\"get_orders\"}");
    }

    /** Timestamps at +08:00 so that the golden frames read like the seed's example. */
    @BeforeEach
    void configureZone() {
        configure(Map.of("zone", "+08:00"));
    }

    private void configure(Map<String, Object> section) {
        JsonObject root = new JsonObject().put("gateway", new JsonObject().put("ib", new JsonObject(Map.copyOf(section))));
        codec.configure(new DialectContext(testInstruments(), ConfigReader.of(root, "gateway.ib")));
    }

    private Inbound decode(String frame, TestSession session) throws DecodeException {
        return codec.decode(frame, session);
    }

    private static DecodeException failure(ThrowingDecode decode) {
        try {
            decode.run();
        } catch (DecodeException e) {
            return e;
        }
        throw new AssertionError("expected a DecodeException");
    }

    private interface ThrowingDecode {
        void run() throws DecodeException;
    }

    /** Decodes a frame that must fail and renders the failure as the gateway would. */
    private List<String> refused(String frame, TestSession session) {
        DecodeException e = failure(() -> decode(frame, session));
        return codec.encode(new Outbound.Failure(e.code(), e.getMessage(), e.requestType()), session);
    }

    private JsonNode single(Outbound message, TestSession session) throws Exception {
        List<String> frames = codec.encode(message, session);
        assertThat(frames).hasSize(1);
        return ClientJson.MAPPER.readTree(frames.get(0));
    }

    private static String subscribe(String... types) {
        return "{\"type\":\"subscribe\",\"message_types\":[\"" + String.join("\",\"", types) + "\"]}";
    }

    private static String unsubscribe(String... types) {
        return "{\"type\":\"unsubscribe\",\"message_types\":[\"" + String.join("\",\"", types) + "\"]}";
    }

    private static OrderView order(String id, OrderStatus status, String price, String quantity, String filled, String avg,
            OrderType type, OrderSource source) {
        BigDecimal q = new BigDecimal(quantity);
        BigDecimal f = new BigDecimal(filled);
        return new OrderView(id, null, "u1", "AAPL", Side.BUY, Offset.OPEN, type, TimeInForce.GTC,
                price == null ? null : new BigDecimal(price), q, f, q.subtract(f), avg == null ? null : new BigDecimal(avg),
                status, source, EVENT_TIME - 1000, EVENT_TIME);
    }

    private static OrderView submitted(OrderSource source) {
        return order("O16788474451230000001", OrderStatus.SUBMITTED, "150.25", "100", "0", null, OrderType.LIMIT, source);
    }

    @Test
    @DisplayName("subscribe may carry positions of the streams its types read: those resume instead of a snapshot")
    void subscribeWithPositions() throws Exception {
        TestSession session = TestSession.of("u1");
        Inbound request = decode("{\"type\":\"subscribe\",\"message_types\":[\"order_update\",\"account_update\"],"
                + "\"positions\":[{\"stream\":\"user.u1.orders\",\"epoch\":7,\"seq\":12}]}", session);
        assertThat(request).isInstanceOfSatisfying(Inbound.Subscribe.class, subscribe -> {
            assertThat(subscribe.streams()).containsExactly("user.u1.account");
            assertThat(subscribe.resume()).containsExactly(new io.tradewire.model.event.StreamPosition("user.u1.orders", 7, 12));
        });
        DecodeException other = failure(() -> decode("{\"type\":\"subscribe\",\"message_types\":[\"order_update\"],"
                + "\"positions\":[{\"stream\":\"user.u2.orders\",\"epoch\":7,\"seq\":12}]}", TestSession.of("u1")));
        assertThat(other.code()).isEqualTo(ErrorCode.MALFORMED);
        DecodeException negative = failure(() -> decode("{\"type\":\"subscribe\",\"message_types\":[\"order_update\"],"
                + "\"positions\":[{\"stream\":\"user.u1.orders\",\"epoch\":7,\"seq\":-1}]}", TestSession.of("u1")));
        assertThat(negative.code()).isEqualTo(ErrorCode.MALFORMED);
        Inbound.Subscribe subscribe = (Inbound.Subscribe) request;
        JsonNode resumed = single(new Outbound.Resumed(subscribe, List.of(new Outbound.Resumed.Result("user.u1.orders", false))), session);
        assertThat(resumed.get("type").textValue()).isEqualTo("resumed");
        assertThat(resumed.get("results").get(0).get("recovered").booleanValue()).isFalse();
        JsonNode resync = single(new Outbound.Resync("user.u1.orders", 8, 3), session);
        assertThat(resync.get("type").textValue()).isEqualTo("resync");
        assertThat(resync.get("seq").longValue()).isEqualTo(3);
    }

    /**
     * A delivery's frames in the seed's shape: the extension fields every push carries ({@code stream}, {@code epoch},
     * {@code seq}) are checked against the delivery, then left out.
     */
    private List<String> encodeSeed(Outbound.Delivery delivery, TestSession session) {
        List<String> frames = new java.util.ArrayList<>();
        for (String frame : codec.encode(delivery, session)) {
            com.fasterxml.jackson.databind.node.ObjectNode node;
            try {
                node = (com.fasterxml.jackson.databind.node.ObjectNode) ClientJson.readTree(frame);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(e);
            }
            assertThat(node.remove("stream").textValue()).isEqualTo(delivery.push().stream());
            assertThat(node.remove("epoch").longValue()).isEqualTo(delivery.push().epoch());
            assertThat(node.remove("seq").longValue()).isEqualTo(delivery.push().seq());
            frames.add(ClientJson.write(node));
        }
        return frames;
    }

    private static Outbound.Delivery live(String stream, long seq, Event event) {
        return new Outbound.Delivery(new Push(stream, 7, seq, event), false);
    }

    private static Outbound.Delivery snapshot(String stream, long seq, Event event) {
        return new Outbound.Delivery(new Push(stream, 7, seq, event), true);
    }

    // -- connection -------------------------------------------------------------------------------

    @Test
    @DisplayName("The seed's path; a token on connect comes from the Bearer header first, then ?token=; none means anonymous")
    void authenticatesOnOpen() {
        assertThat(codec.name()).isEqualTo("ib");
        assertThat(codec.defaults().path()).isEqualTo("/websocket/ws");
        assertThat(codec.onOpen(TestSession.anonymous())).isEmpty();
        assertThat(codec.onOpen(TestSession.anonymous().withQuery("token", "q.t.k")))
                .containsExactly(new Inbound.Authenticate("q.t.k", null));
        assertThat(codec.onOpen(TestSession.anonymous().withHeader("Authorization", "Bearer h.t.k")))
                .containsExactly(new Inbound.Authenticate("h.t.k", null));
        assertThat(codec.onOpen(TestSession.anonymous().withQuery("token", "q.t.k").withHeader("authorization", "bearer  h.t.k ")))
                .containsExactly(new Inbound.Authenticate("h.t.k", null));
        // A header of another scheme is not a bearer token: the query token is used.
        assertThat(codec.onOpen(TestSession.anonymous().withQuery("token", "q.t.k").withHeader("Authorization", "Basic dTpw")))
                .containsExactly(new Inbound.Authenticate("q.t.k", null));
        assertThat(codec.onOpen(TestSession.anonymous().withHeader("Authorization", "Basic dTpw"))).isEmpty();
    }

    @Test
    @DisplayName("client_id comes from the query when it is a plain id, otherwise one is generated; confirmations carry it")
    void keepsOrGeneratesClientId() throws Exception {
        TestSession given = TestSession.anonymous().withQuery("client_id", "my_client_001");
        codec.onOpen(given);
        decode(subscribe("market_data"), given);
        Inbound.Subscribe request = (Inbound.Subscribe) decode(subscribe("error"), given);
        assertThat(single(new Outbound.SubscriptionResult(request, true, "ok"), given).get("client_id").asText())
                .isEqualTo("my_client_001");

        TestSession generated = TestSession.anonymous().withQuery("client_id", "bad id with spaces\u0000");
        codec.onOpen(generated);
        Inbound.Subscribe other = (Inbound.Subscribe) decode(subscribe("error"), generated);
        assertThat(single(new Outbound.SubscriptionResult(other, true, "ok"), generated).get("client_id").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    @DisplayName("A refused token is an AUTH_FAILED error that never repeats the verifier's text; success, greeting and heartbeat are silent")
    void rendersAuthentication() {
        TestSession session = TestSession.anonymous();
        assertThat(codec.encode(new Outbound.AuthResult(false, null, "Invalid credentials: eyJhbGciOi.secret"), session))
                .containsExactly("{\"type\":\"error\",\"message\":\"认证失败: Authentication failed: invalid or expired token\","
                        + "\"error_code\":\"AUTH_FAILED\",\"timestamp\":\"" + NOW + "\"}");
        assertThat(codec.encode(new Outbound.AuthResult(false, null, "eyJhbGciOi"), TestSession.anonymous().withQuery("lang", "en")))
                .containsExactly("{\"type\":\"error\",\"message\":\"Authentication failed: invalid or expired token\","
                        + "\"error_code\":\"AUTH_FAILED\",\"timestamp\":\"" + NOW + "\"}");
        assertThat(codec.encode(new Outbound.AuthResult(true, "u1", "Authentication successful"), session)).isEmpty();
        assertThat(codec.encode(new Outbound.Opened(1L), session)).isEmpty();
        assertThat(codec.encode(new Outbound.Heartbeat(1L), session)).isEmpty();
    }

    // -- subscriptions ----------------------------------------------------------------------------

    @Test
    @DisplayName("The seed's subscribe maps three order types onto one orders stream, with a snapshot; the confirmation lists active types")
    void subscribesOrderTypes() throws Exception {
        TestSession session = TestSession.of("u1").withQuery("client_id", "my_client_001");
        Inbound.Subscribe first = (Inbound.Subscribe) decode(sampleFrames().get(0), session);
        assertThat(first.streams()).containsExactly(ORDERS);
        assertThat(first.snapshot()).isTrue();
        assertThat(codec.encode(new Outbound.SubscriptionResult(first, true, "Subscribed successfully"), session)).containsExactly(
                "{\"type\":\"subscribed\",\"message_types\":[\"order_update\",\"order_notification\",\"mcp_order\"],"
                        + "\"symbols\":[],\"client_id\":\"my_client_001\",\"user_id\":\"u1\",\"timestamp\":\"" + NOW + "\"}");

        Inbound.Subscribe account = (Inbound.Subscribe) decode(subscribe("account_update", "order_update"), session);
        assertThat(account.streams()).containsExactly("user.u1.account");
        assertThat(account.echo()).isEqualTo(new IbSubscriptions.Request(List.of("order_update", "account_update"), List.of()));
    }

    @Test
    @DisplayName("A broker notice on the orders stream is an error message for a client that subscribed to errors, nothing otherwise")
    void brokerNoticeIsAnError() throws Exception {
        TestSession session = TestSession.of("u1").withQuery("client_id", "c1");
        decode(subscribe("order_update"), session);
        BrokerNotice notice = new BrokerNotice("u1", "ib", "WAITING_FOR_LOGIN", "broker ib is WAITING_FOR_LOGIN: log in", 1L);
        assertThat(codec.encode(live(ORDERS, 5, notice), session)).isEmpty();
        decode(subscribe("error"), session);
        JsonNode frame = single(live(ORDERS, 6, notice), session);
        assertThat(frame.get("type").textValue()).isEqualTo("error");
        assertThat(frame.get("message").textValue()).contains("broker ib is WAITING_FOR_LOGIN: log in");
        assertThat(frame.get("error_code").textValue()).isNotBlank();
    }

    @Test
    @DisplayName("A shared stream is dropped only when the last type that needs it is unsubscribed")
    void unsubscribesSharedStream() throws Exception {
        TestSession session = TestSession.of("u1").withQuery("client_id", "c1");
        decode(subscribe("order_update", "order_notification", "account_update"), session);
        Inbound.Unsubscribe first = (Inbound.Unsubscribe) decode(sampleFrames().get(1), session);
        assertThat(first.streams()).isEmpty();
        assertThat(codec.encode(new Outbound.SubscriptionResult(first, true, "Unsubscribed successfully"), session)).containsExactly(
                "{\"type\":\"unsubscribed\",\"message_types\":[\"order_notification\",\"account_update\"],\"symbols\":[],"
                        + "\"client_id\":\"c1\",\"user_id\":\"u1\",\"timestamp\":\"" + NOW + "\"}");
        Inbound.Unsubscribe last = (Inbound.Unsubscribe) decode(unsubscribe("order_notification", "account_update", "mcp_order"), session);
        assertThat(last.streams()).containsExactly(ORDERS, "user.u1.account");
        // Unsubscribing what is not active is a no-op, confirmed with the (empty) active list.
        Inbound.Unsubscribe again = (Inbound.Unsubscribe) decode(unsubscribe("order_update"), session);
        assertThat(again.streams()).isEmpty();
        assertThat(single(new Outbound.SubscriptionResult(again, true, "ok"), session).get("message_types")).isEmpty();
    }

    @Test
    @DisplayName("market_data follows every configured instrument by default, or the listed symbols; unsubscribing symbols drops theirs")
    void subscribesMarketData() throws Exception {
        TestSession session = TestSession.anonymous().withQuery("client_id", "c1");
        Inbound.Subscribe all = (Inbound.Subscribe) decode(subscribe("market_data"), session);
        assertThat(all.streams()).containsExactly("market.IX2301.book", "market.IX2301.ticker", "market.AAPL.book",
                "market.AAPL.ticker");
        Inbound.Unsubscribe one = (Inbound.Unsubscribe) decode(
                "{\"type\":\"unsubscribe\",\"message_types\":[\"market_data\"],\"symbols\":[\"IX2301\"]}", session);
        assertThat(one.streams()).containsExactly("market.IX2301.book", "market.IX2301.ticker");
        assertThat(codec.encode(new Outbound.SubscriptionResult(one, true, "ok"), session)).containsExactly(
                "{\"type\":\"unsubscribed\",\"message_types\":[\"market_data\"],\"symbols\":[\"AAPL\"],\"client_id\":\"c1\","
                        + "\"user_id\":null,\"timestamp\":\"" + NOW + "\"}");
        Inbound.Unsubscribe rest = (Inbound.Unsubscribe) decode(unsubscribe("market_data"), session);
        assertThat(rest.streams()).containsExactly("market.AAPL.book", "market.AAPL.ticker");

        TestSession listed = TestSession.anonymous();
        Inbound.Subscribe ix = (Inbound.Subscribe) decode(sampleFrames().get(2), listed);
        assertThat(ix.streams()).containsExactly("market.IX2301.book", "market.IX2301.ticker");
        assertThat(ix.echo()).isEqualTo(new IbSubscriptions.Request(List.of("market_data"), List.of("IX2301")));
        Inbound.Subscribe more = (Inbound.Subscribe) decode(
                "{\"type\":\"subscribe\",\"message_types\":[\"market_data\"],\"symbols\":[\"IX2301\",\"AAPL\",\"AAPL\"]}", listed);
        assertThat(more.streams()).containsExactly("market.AAPL.book", "market.AAPL.ticker");
    }

    @Test
    @DisplayName("Private types without a principal are an AUTH_REQUIRED error, and the whole request changes nothing")
    void refusesPrivateTypesAnonymously() throws Exception {
        TestSession session = TestSession.anonymous().withQuery("client_id", "c1");
        for (String type : List.of("order_update", "order_notification", "mcp_order", "account_update")) {
            DecodeException e = failure(() -> decode(subscribe("market_data", type), session));
            assertThat(e.code()).as(type).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.requestType()).isEqualTo("subscribe");
        }
        assertThat(refused(subscribe("order_update"), session)).containsExactly(
                "{\"type\":\"error\",\"message\":\"需要认证: Message type order_update needs a logged-in user: connect with "
                        + "?token= or an Authorization: Bearer header\",\"error_code\":\"AUTH_REQUIRED\",\"timestamp\":\"" + NOW
                        + "\",\"request_type\":\"subscribe\"}");
        Inbound.Subscribe publicOnly = (Inbound.Subscribe) decode(subscribe("error"), session);
        assertThat(publicOnly.streams()).isEmpty();
        assertThat(single(new Outbound.SubscriptionResult(publicOnly, true, "ok"), session).get("message_types").toString())
                .isEqualTo("[\"error\"]");
        // The gateway's own owner check (a stream of someone else) renders the same way.
        assertThat(single(new Outbound.Failure(ErrorCode.UNAUTHENTICATED, "Not authenticated", null), session)
                .get("error_code").asText()).isEqualTo("AUTH_REQUIRED");
    }

    @Test
    @DisplayName("Bad subscriptions are INVALID_MESSAGE or UNKNOWN_SYMBOL errors in the dialect's error shape")
    void refusesBadSubscriptions() throws Exception {
        TestSession session = TestSession.of("u1");
        List<String> invalid = List.of(
                "{\"type\":\"subscribe\"}",
                "{\"type\":\"subscribe\",\"message_types\":\"order_update\"}",
                "{\"type\":\"subscribe\",\"message_types\":[]}",
                "{\"type\":\"subscribe\",\"message_types\":[1]}",
                "{\"type\":\"subscribe\",\"message_types\":[\"news\"]}",
                "{\"type\":\"subscribe\",\"message_types\":[\"market_data\"],\"symbols\":[]}",
                "{\"type\":\"subscribe\",\"message_types\":[\"market_data\"],\"symbols\":\"AAPL\"}",
                "{\"type\":\"unsubscribe\",\"message_types\":[\"news\"]}");
        for (String frame : invalid) {
            DecodeException e = failure(() -> decode(frame, session));
            assertThat(e.code()).as(frame).isEqualTo(ErrorCode.MALFORMED);
        }
        assertThat(refused("{\"type\":\"subscribe\",\"message_types\":[\"order_update\",\"news\"]}", session)).containsExactly(
                "{\"type\":\"error\",\"message\":\"消息格式错误: Unknown message type in message_types: news\","
                        + "\"error_code\":\"INVALID_MESSAGE\",\"timestamp\":\"" + NOW + "\",\"request_type\":\"subscribe\"}");
        assertThat(refused("{\"type\":\"subscribe\",\"message_types\":[\"market_data\"],\"symbols\":[\"NOPE\"]}",
                TestSession.anonymous().withQuery("lang", "en"))).containsExactly(
                "{\"type\":\"error\",\"message\":\"Unknown symbol: NOPE\",\"error_code\":\"UNKNOWN_SYMBOL\",\"timestamp\":\""
                        + NOW + "\",\"request_type\":\"subscribe\"}");
        // Nothing of a refused request became active.
        Inbound.Subscribe after = (Inbound.Subscribe) decode(subscribe("error"), session);
        assertThat(single(new Outbound.SubscriptionResult(after, true, "ok"), session).get("message_types").toString())
                .isEqualTo("[\"error\"]");
    }

    // -- requests ---------------------------------------------------------------------------------

    @Test
    @DisplayName("ping → pong with a microsecond local timestamp")
    void pings() throws Exception {
        TestSession session = TestSession.anonymous();
        assertThat(decode(sampleFrames().get(3), session)).isEqualTo(new Inbound.Ping());
        assertThat(codec.encode(new Outbound.Pong(5L), session)).containsExactly(
                "{\"type\":\"pong\",\"timestamp\":\"" + NOW + "\"}");
    }

    @Test
    @DisplayName("get_orders asks the venue for the user's working orders and answers orders with order_update data")
    void getsOrders() throws Exception {
        TestSession session = TestSession.of("u1");
        Inbound.Execute execute = (Inbound.Execute) decode(sampleFrames().get(4), session);
        assertThat(execute).isEqualTo(new Inbound.Execute(new QueryOrders("u1"), "get_orders"));
        OrderView partly = order("O2", OrderStatus.PARTIALLY_FILLED, "150.25", "100", "40", "150.20", OrderType.LIMIT, OrderSource.API);
        assertThat(codec.encode(Outbound.CommandResult.ok(execute, new OrderList(List.of(submitted(OrderSource.API), partly))), session))
                .containsExactly("{\"type\":\"orders\",\"data\":["
                        + "{\"order_id\":\"O16788474451230000001\",\"symbol\":\"AAPL\",\"action\":\"BUY\",\"quantity\":100,"
                        + "\"order_type\":\"LMT\",\"status\":\"Submitted\",\"filled\":0,\"remaining\":100,\"avg_fill_price\":0,"
                        + "\"price\":150.25,\"why_held\":\"\"},"
                        + "{\"order_id\":\"O2\",\"symbol\":\"AAPL\",\"action\":\"BUY\",\"quantity\":100,\"order_type\":\"LMT\","
                        + "\"status\":\"Submitted\",\"filled\":40,\"remaining\":60,\"avg_fill_price\":150.20,\"price\":150.25,"
                        + "\"why_held\":\"\"}],\"timestamp\":\"" + NOW + "\"}");
        assertThat(codec.encode(Outbound.CommandResult.ok(execute, new OrderList(List.of())), session))
                .containsExactly("{\"type\":\"orders\",\"data\":[],\"timestamp\":\"" + NOW + "\"}");
        assertThat(codec.encode(Outbound.CommandResult.failed(execute, ErrorCode.TIMEOUT, "The venue did not answer in time"), session))
                .containsExactly("{\"type\":\"error\",\"message\":\"请求超时: The venue did not answer in time\","
                        + "\"error_code\":\"TIMEOUT\",\"timestamp\":\"" + NOW + "\",\"request_type\":\"get_orders\"}");

        DecodeException anonymous = failure(() -> decode(sampleFrames().get(4), TestSession.anonymous()));
        assertThat(anonymous.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(anonymous.requestType()).isEqualTo("get_orders");
    }

    @Test
    @DisplayName("Unknown types, malformed and non-object JSON are error pushes with an error_code")
    void refusesBadMessages() throws Exception {
        TestSession session = TestSession.anonymous().withQuery("lang", "en");
        assertThat(refused("{\"type\":\"bogus\"}", session)).containsExactly(
                "{\"type\":\"error\",\"message\":\"Unknown message type: bogus\",\"error_code\":\"UNKNOWN_MESSAGE_TYPE\","
                        + "\"timestamp\":\"" + NOW + "\"}");
        assertThat(refused("not json", session)).containsExactly(
                "{\"type\":\"error\",\"message\":\"Invalid JSON\",\"error_code\":\"INVALID_MESSAGE\",\"timestamp\":\"" + NOW + "\"}");
        assertThat(refused("[1,2]", session)).containsExactly(
                "{\"type\":\"error\",\"message\":\"Message must be a JSON object\",\"error_code\":\"INVALID_MESSAGE\","
                        + "\"timestamp\":\"" + NOW + "\"}");
        assertThat(refused("{\"no_type\":1}", TestSession.anonymous())).containsExactly(
                "{\"type\":\"error\",\"message\":\"消息格式错误: Missing field: type\",\"error_code\":\"INVALID_MESSAGE\","
                        + "\"timestamp\":\"" + NOW + "\"}");
        assertThat(failure(() -> decode("{\"type\":5}", session)).code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(failure(() -> decode("{\"type\":\"ping\",\"type\":\"get_orders\"}", session)).code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(failure(() -> decode("{\"type\":\"b\\u0000ogus\\u00e9\"}", session)).getMessage())
                .isEqualTo("Unknown message type: b?ogus?");
    }

    @Test
    @DisplayName("Every canonical error code has its own error_code, and trading codes keep their canonical names")
    void mapsErrorCodes() throws Exception {
        TestSession session = TestSession.of("u1");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            JsonNode frame = single(new Outbound.Failure(code, code.defaultMessage(), null), session);
            assertThat(frame.get("type").asText()).isEqualTo("error");
            assertThat(frame.get("message").asText()).as("%s", code).doesNotStartWith("错误").endsWith(code.defaultMessage());
            assertThat(seen.add(frame.get("error_code").asText())).as("distinct error_code for %s", code).isTrue();
        }
        assertThat(single(new Outbound.Failure(ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds", null), session).get("message")
                .asText()).isEqualTo("余额不足: Insufficient funds");
        assertThat(seen).contains("INSUFFICIENT_FUNDS", "ORDER_NOT_FOUND", "ACCOUNT_NOT_FOUND", "INVALID_MESSAGE",
                "UNKNOWN_MESSAGE_TYPE", "AUTH_REQUIRED", "UNKNOWN_SYMBOL", "SERVICE_UNAVAILABLE");
    }

    // -- pushes -----------------------------------------------------------------------------------

    @Test
    @DisplayName("Golden order pushes: created → order_update + order_notification 创建; a fill → order_update only; cancel → 取消")
    void encodesOrderLifecycle() throws Exception {
        TestSession session = TestSession.of("u1");
        decode(sampleFrames().get(0), session);
        assertThat(encodeSeed(live(ORDERS, 1, new OrderUpdated(submitted(OrderSource.API))), session)).containsExactly(
                "{\"type\":\"order_update\",\"data\":{\"order_id\":\"O16788474451230000001\",\"symbol\":\"AAPL\",\"action\":\"BUY\","
                        + "\"quantity\":100,\"order_type\":\"LMT\",\"status\":\"Submitted\",\"filled\":0,\"remaining\":100,"
                        + "\"avg_fill_price\":0,\"price\":150.25,\"why_held\":\"\"},\"timestamp\":\"" + EVENT_TS + "\"}",
                "{\"type\":\"order_notification\",\"action\":\"创建\",\"data\":{\"order_id\":\"O16788474451230000001\","
                        + "\"symbol\":\"AAPL\",\"action\":\"BUY\",\"quantity\":100,\"order_type\":\"LMT\",\"status\":\"Submitted\","
                        + "\"price\":150.25},\"message\":\"订单创建成功\",\"timestamp\":\"" + EVENT_TS + "\"}");

        OrderView partly = order("O16788474451230000001", OrderStatus.PARTIALLY_FILLED, "150.25", "100", "40", "150.25",
                OrderType.LIMIT, OrderSource.API);
        List<String> fill = encodeSeed(live(ORDERS, 2, new OrderUpdated(partly)), session);
        assertThat(fill).hasSize(1);
        JsonNode update = ClientJson.MAPPER.readTree(fill.get(0));
        assertThat(update.at("/data/status").asText()).isEqualTo("Submitted");
        assertThat(update.at("/data/filled").decimalValue()).isEqualByComparingTo("40");
        assertThat(update.at("/data/remaining").decimalValue()).isEqualByComparingTo("60");
        assertThat(update.at("/data/avg_fill_price").decimalValue()).isEqualByComparingTo("150.25");

        OrderView cancelled = order("O16788474451230000001", OrderStatus.CANCELLED, "150.25", "100", "40", "150.25",
                OrderType.LIMIT, OrderSource.API);
        List<String> cancel = encodeSeed(live(ORDERS, 3, new OrderUpdated(cancelled)), session);
        assertThat(cancel).hasSize(2);
        assertThat(ClientJson.MAPPER.readTree(cancel.get(0)).at("/data/status").asText()).isEqualTo("Cancelled");
        assertThat(cancel.get(1)).isEqualTo("{\"type\":\"order_notification\",\"action\":\"取消\",\"data\":{\"order_id\":"
                + "\"O16788474451230000001\",\"symbol\":\"AAPL\",\"action\":\"BUY\",\"quantity\":100,\"order_type\":\"LMT\","
                + "\"status\":\"Cancelled\",\"price\":150.25},\"message\":\"订单取消成功\",\"timestamp\":\"" + EVENT_TS + "\"}");

        OrderView filled = order("O3", OrderStatus.FILLED, "150.25", "100", "100", "150.25", OrderType.LIMIT, OrderSource.API);
        assertThat(ClientJson.MAPPER.readTree(encodeSeed(live(ORDERS, 4, new OrderUpdated(filled)), session).get(0))
                .at("/data/status").asText()).isEqualTo("Filled");
        OrderView rejected = order("O4", OrderStatus.REJECTED, "150.25", "100", "0", null, OrderType.LIMIT, OrderSource.BROKER);
        List<String> inactive = encodeSeed(live(ORDERS, 5, new OrderUpdated(rejected)), session);
        assertThat(inactive).hasSize(1);
        assertThat(ClientJson.MAPPER.readTree(inactive.get(0)).at("/data/status").asText()).isEqualTo("Inactive");
    }

    @Test
    @DisplayName("A known working order whose price or quantity changes is modified (修改); a fill of it is not")
    void detectsModifications() throws Exception {
        TestSession session = TestSession.of("u1");
        decode(subscribe("order_notification"), session);
        assertThat(encodeSeed(live(ORDERS, 1, new OrderUpdated(submitted(OrderSource.API))), session)).hasSize(1);
        OrderView repriced = order("O16788474451230000001", OrderStatus.SUBMITTED, "150.50", "100", "0", null, OrderType.LIMIT,
                OrderSource.API);
        assertThat(encodeSeed(live(ORDERS, 2, new OrderUpdated(repriced)), session)).containsExactly(
                "{\"type\":\"order_notification\",\"action\":\"修改\",\"data\":{\"order_id\":\"O16788474451230000001\","
                        + "\"symbol\":\"AAPL\",\"action\":\"BUY\",\"quantity\":100,\"order_type\":\"LMT\",\"status\":\"Submitted\","
                        + "\"price\":150.50},\"message\":\"订单修改成功\",\"timestamp\":\"" + EVENT_TS + "\"}");
        OrderView resized = order("O16788474451230000001", OrderStatus.SUBMITTED, "150.50", "80", "0", null, OrderType.LIMIT,
                OrderSource.API);
        assertThat(encodeSeed(live(ORDERS, 3, new OrderUpdated(resized)), session)).hasSize(1);
        OrderView partlyFilled = order("O16788474451230000001", OrderStatus.PARTIALLY_FILLED, "150.50", "80", "30", "150.50",
                OrderType.LIMIT, OrderSource.API);
        assertThat(encodeSeed(live(ORDERS, 4, new OrderUpdated(partlyFilled)), session)).isEmpty();
        // An order first seen part-filled (not its creation) announces nothing.
        OrderView unseen = order("O9", OrderStatus.PARTIALLY_FILLED, "150.50", "80", "30", "150.50", OrderType.LIMIT, OrderSource.API);
        assertThat(encodeSeed(live(ORDERS, 5, new OrderUpdated(unseen)), session)).isEmpty();
    }

    @Test
    @DisplayName("Snapshot orders render as order_update only and are remembered, so a later fill is no creation")
    void rendersOrderSnapshot() throws Exception {
        TestSession session = TestSession.of("u1");
        decode(sampleFrames().get(0), session);
        List<String> frames = encodeSeed(snapshot(ORDERS, 9, new OrderUpdated(submitted(OrderSource.MCP))), session);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).startsWith("{\"type\":\"order_update\"");
        OrderView repriced = order("O16788474451230000001", OrderStatus.SUBMITTED, "151", "100", "0", null, OrderType.LIMIT,
                OrderSource.MCP);
        List<String> modified = encodeSeed(live(ORDERS, 10, new OrderUpdated(repriced)), session);
        assertThat(modified).hasSize(3);
        assertThat(ClientJson.MAPPER.readTree(modified.get(1)).get("action").asText()).isEqualTo("修改");
        assertThat(ClientJson.MAPPER.readTree(modified.get(2)).get("action").asText()).isEqualTo("MCP修改限价单");
    }

    @Test
    @DisplayName("Golden mcp_order: an MCP-sourced order also produces mcp_order for its subscribers, in the seed's shape")
    void encodesMcpOrders() throws Exception {
        TestSession session = TestSession.of("u1");
        decode(sampleFrames().get(0), session);
        List<String> frames = encodeSeed(live(ORDERS, 1, new OrderUpdated(submitted(OrderSource.MCP))), session);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(2)).isEqualTo("{\"type\":\"mcp_order\",\"action\":\"MCP创建限价单\",\"data\":{"
                + "\"order_id\":\"O16788474451230000001\",\"symbol\":\"AAPL\",\"action\":\"BUY\",\"quantity\":100,"
                + "\"order_type\":\"LMT\",\"price\":150.25,\"status\":\"Submitted\"},\"source\":\"MCP\",\"message\":\"MCP 创建限价单\","
                + "\"timestamp\":\"" + EVENT_TS + "\"}");

        TestSession onlyMcp = TestSession.of("u1").withQuery("lang", "en");
        decode(subscribe("mcp_order"), onlyMcp);
        OrderView market = order("O5", OrderStatus.SUBMITTED, null, "10", "0", null, OrderType.MARKET, OrderSource.MCP);
        assertThat(encodeSeed(live(ORDERS, 2, new OrderUpdated(market)), onlyMcp)).containsExactly(
                "{\"type\":\"mcp_order\",\"action\":\"MCP create market order\",\"data\":{\"order_id\":\"O5\",\"symbol\":\"AAPL\","
                        + "\"action\":\"BUY\",\"quantity\":10,\"order_type\":\"MKT\",\"price\":0,\"status\":\"Submitted\"},"
                        + "\"source\":\"MCP\",\"message\":\"MCP created a market order\",\"timestamp\":\"" + EVENT_TS + "\"}");
        OrderView cancelled = order("O5", OrderStatus.CANCELLED, null, "10", "0", null, OrderType.MARKET, OrderSource.MCP);
        JsonNode cancel = single(live(ORDERS, 3, new OrderUpdated(cancelled)), onlyMcp);
        assertThat(cancel.get("action").asText()).isEqualTo("MCP cancel market order");
        // Orders from other sources never produce mcp_order.
        assertThat(encodeSeed(live(ORDERS, 4, new OrderUpdated(submitted(OrderSource.UI))), onlyMcp)).isEmpty();
    }

    @Test
    @DisplayName("English per connection (?lang=en) or by configuration; ?lang=zh wins over a configured en")
    void switchesLanguage() throws Exception {
        TestSession en = TestSession.of("u1").withQuery("lang", "en");
        decode(subscribe("order_notification"), en);
        assertThat(encodeSeed(live(ORDERS, 1, new OrderUpdated(submitted(OrderSource.API))), en)).containsExactly(
                "{\"type\":\"order_notification\",\"action\":\"created\",\"data\":{\"order_id\":\"O16788474451230000001\","
                        + "\"symbol\":\"AAPL\",\"action\":\"BUY\",\"quantity\":100,\"order_type\":\"LMT\",\"status\":\"Submitted\","
                        + "\"price\":150.25},\"message\":\"Order created successfully\",\"timestamp\":\"" + EVENT_TS + "\"}");

        configure(Map.of("zone", "+08:00", "language", "en"));
        TestSession configured = TestSession.of("u1");
        decode(subscribe("order_notification"), configured);
        OrderView cancelled = order("O16788474451230000001", OrderStatus.CANCELLED, "150.25", "100", "0", null, OrderType.LIMIT,
                OrderSource.API);
        JsonNode english = single(live(ORDERS, 2, new OrderUpdated(cancelled)), configured);
        assertThat(english.get("action").asText()).isEqualTo("cancelled");
        assertThat(english.get("message").asText()).isEqualTo("Order cancelled successfully");

        TestSession chinese = TestSession.of("u1").withQuery("lang", "zh-CN");
        decode(subscribe("order_notification"), chinese);
        assertThat(single(live(ORDERS, 3, new OrderUpdated(cancelled)), chinese).get("action").asText()).isEqualTo("取消");
        // An unknown ?lang= falls back to the configured language.
        TestSession unknown = TestSession.of("u1").withQuery("lang", "fr");
        decode(subscribe("order_notification"), unknown);
        assertThat(single(live(ORDERS, 4, new OrderUpdated(cancelled)), unknown).get("action").asText()).isEqualTo("cancelled");
    }

    @Test
    @DisplayName("Only active types are rendered from the shared orders stream")
    void filtersByActiveType() throws Exception {
        TestSession session = TestSession.of("u1");
        decode(subscribe("order_update", "order_notification"), session);
        decode(unsubscribe("order_update"), session);
        List<String> frames = encodeSeed(live(ORDERS, 1, new OrderUpdated(submitted(OrderSource.MCP))), session);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).startsWith("{\"type\":\"order_notification\"");
        decode(unsubscribe("order_notification"), session);
        assertThat(encodeSeed(live(ORDERS, 2, new OrderUpdated(submitted(OrderSource.MCP))), session)).isEmpty();
    }

    @Test
    @DisplayName("Golden account_update, sent as the snapshot on subscribing and after every change")
    void encodesAccount() throws Exception {
        TestSession session = TestSession.of("u1");
        assertThat(((Inbound.Subscribe) decode(subscribe("account_update"), session)).snapshot()).isTrue();
        AccountView account = new AccountView("u1", "USD", new BigDecimal("1000000.00"), new BigDecimal("956800.00"),
                new BigDecimal("0.00"), new BigDecimal("43200.00"), new BigDecimal("1500.00"), new BigDecimal("1000.00"),
                new BigDecimal("500.00"), new BigDecimal("0.0432"), EVENT_TIME);
        String golden = "{\"type\":\"account_update\",\"data\":{\"account\":\"u1\",\"currency\":\"USD\",\"net_liquidation\":1000500.00,"
                + "\"total_cash_value\":1000000.00,\"available_funds\":956800.00,\"frozen\":0.00,\"margin\":43200.00,"
                + "\"realized_pnl\":1000.00,\"unrealized_pnl\":500.00,\"risk_ratio\":0.0432},\"timestamp\":\"" + EVENT_TS + "\"}";
        assertThat(encodeSeed(snapshot("user.u1.account", 3, new AccountChanged(account)), session)).containsExactly(golden);
        assertThat(encodeSeed(live("user.u1.account", 4, new AccountChanged(account)), session)).containsExactly(golden);
        // Positions have no ib message type.
        PositionView position = new PositionView("u1", "AAPL", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, null,
                BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, EVENT_TIME);
        assertThat(encodeSeed(live("user.u1.positions", 1, new PositionChanged(position)), session)).isEmpty();
    }

    @Test
    @DisplayName("Golden market_data: each book change and trade print carries the whole quote of its symbol")
    void encodesMarketData() throws Exception {
        TestSession session = TestSession.anonymous();
        decode(sampleFrames().get(2), session);
        BookChanged empty = new BookChanged("IX2301", List.of(), List.of(), EVENT_TIME);
        assertThat(encodeSeed(snapshot("market.IX2301.book", 1, empty), session)).containsExactly(
                "{\"type\":\"market_data\",\"data\":{\"symbol\":\"IX2301\",\"bid\":null,\"bid_size\":null,\"ask\":null,"
                        + "\"ask_size\":null,\"last\":null,\"last_size\":null},\"timestamp\":\"" + EVENT_TS + "\"}");
        BookChanged book = new BookChanged("IX2301",
                List.of(new BookLevel(new BigDecimal("119.5"), new BigDecimal("100"), 5), new BookLevel(new BigDecimal("119.4"),
                        new BigDecimal("3"), 1)),
                List.of(new BookLevel(new BigDecimal("120.0"), new BigDecimal("150"), 6)), EVENT_TIME);
        assertThat(encodeSeed(live("market.IX2301.book", 2, book), session)).containsExactly(
                "{\"type\":\"market_data\",\"data\":{\"symbol\":\"IX2301\",\"bid\":119.5,\"bid_size\":100,\"ask\":120.0,"
                        + "\"ask_size\":150,\"last\":null,\"last_size\":null},\"timestamp\":\"" + EVENT_TS + "\"}");
        Tick tick = new Tick("T1", "IX2301", new BigDecimal("119.8"), new BigDecimal("2"), Side.SELL, EVENT_TIME + 1);
        assertThat(encodeSeed(live("market.IX2301.ticker", 1, tick), session)).containsExactly(
                "{\"type\":\"market_data\",\"data\":{\"symbol\":\"IX2301\",\"bid\":119.5,\"bid_size\":100,\"ask\":120.0,"
                        + "\"ask_size\":150,\"last\":119.8,\"last_size\":2},\"timestamp\":\"2023-03-15T10:30:45.124000\"}");
        // A symbol not subscribed renders nothing.
        assertThat(encodeSeed(live("market.AAPL.ticker", 1, new Tick("T2", "AAPL", BigDecimal.TEN, BigDecimal.ONE, Side.BUY,
                EVENT_TIME)), session)).isEmpty();
        decode(unsubscribe("market_data"), session);
        assertThat(encodeSeed(live("market.IX2301.ticker", 2, tick), session)).isEmpty();
    }

    @Test
    @DisplayName("Timestamps are ISO-8601 local date-times with six fractional digits in the configured zone")
    void formatsTimestamps() throws Exception {
        TestSession session = TestSession.anonymous();
        assertThat(single(new Outbound.Pong(0L), session).get("timestamp").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}").isEqualTo(NOW);
        configure(Map.of("zone", "UTC"));
        assertThat(single(new Outbound.Pong(0L), session).get("timestamp").asText()).isEqualTo("2023-03-15T02:30:45.123456");
        configure(Map.of("zone", "Asia/Shanghai"));
        assertThat(single(new Outbound.Pong(0L), session).get("timestamp").asText()).isEqualTo(NOW);
        configure(Map.of());
        assertThat(single(new Outbound.Pong(0L), session).get("timestamp").asText())
                .isEqualTo(java.time.LocalDateTime.ofInstant(CLOCK.instant(), java.time.ZoneId.systemDefault())
                        .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS")));
        // A whole second still shows its six digits.
        configure(Map.of("zone", "UTC"));
        IbCodec whole = new IbCodec(Clock.fixed(Instant.parse("2023-03-15T02:30:45Z"), ZoneOffset.UTC));
        whole.configure(new DialectContext(testInstruments(), ConfigReader.of(
                new JsonObject().put("gateway", new JsonObject().put("ib", new JsonObject().put("zone", "UTC"))), "gateway.ib")));
        assertThat(whole.encode(new Outbound.Pong(0L), session)).containsExactly(
                "{\"type\":\"pong\",\"timestamp\":\"2023-03-15T02:30:45.000000\"}");
    }

    @Test
    @DisplayName("Invalid gateway.ib.language or gateway.ib.zone fails the configuration, naming the key")
    void validatesConfiguration() {
        assertThatThrownBy(() -> configure(Map.of("language", "fr")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.ib.language");
        assertThatThrownBy(() -> configure(Map.of("zone", "Mars/Olympus")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.ib.zone");
        configure(Map.of("language", "EN", "zone", "system"));
        JsonObject root = new JsonObject().put("gateway", new JsonObject().put("ib",
                new JsonObject().put("language", "zh").put("zone", "UTC")));
        ConfigReader section = ConfigReader.of(root, "gateway.ib");
        codec.configure(new DialectContext(testInstruments(), section));
        assertThat(section.unknownKeys()).isEmpty();
    }
}
