package io.tradewire.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
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
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.StreamPosition;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExchangeCodecTest extends DialectCodecContract {
    private static final OrderView ORDER = new OrderView("O17251234567890000001", null, "user001", "IX2301", Side.BUY,
            Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("120.0"), new BigDecimal("10"), new BigDecimal("5"),
            new BigDecimal("5"), new BigDecimal("120.0"), OrderStatus.PARTIALLY_FILLED, OrderSource.API, 1696320000000L,
            1696320001000L);

    @Override
    protected DialectCodec newCodec() {
        return new ExchangeCodec();
    }

    @Override
    protected List<String> sampleFrames() {
        return List.of(
                "{\"type\":\"auth\",\"user_id\":\"user001\",\"token\":\"abc\"}",
                "{\"type\":\"subscribe\",\"channels\":[\"trade\",\"orderbook\",\"ticker\"],\"instruments\":[\"IX2301\"]}",
                "{\"type\":\"submit_order\",\"instrument_id\":\"IX2301\",\"direction\":\"BUY\",\"offset\":\"OPEN\",\"volume\":10,"
                        + "\"price\":120.0,\"order_type\":\"LIMIT\"}",
                "{\"type\":\"cancel_order\",\"order_id\":\"O17251234567890000001\"}",
                "{\"type\":\"query_position\",\"instrument_id\":\"IX2301\"}",
                "{\"type\":\"ping\"}",
                "{\"type\":\"amend_order\",\"order_id\":\"O17251234567890000001\",\"price\":\"119.5\",\"volume\":4}",
                "{\"type\":\"submit_order\",\"instrument_id\":\"IX2301\",\"direction\":\"SELL\",\"volume\":1,\"price\":121,"
                        + "\"time_in_force\":\"GTC\",\"post_only\":true,\"client_order_id\":\"c-7\"}",
                "{\"type\":\"resume\",\"positions\":[{\"stream\":\"market.IX2301.book\",\"epoch\":7,\"seq\":12}]}");
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

    private JsonNode single(Outbound message, TestSession session) throws Exception {
        List<String> frames = codec.encode(message, session);
        assertThat(frames).hasSize(1);
        return ClientJson.MAPPER.readTree(frames.get(0));
    }

    @Test
    @DisplayName("The seed's submit_order frame decodes to a SubmitOrder with exact decimals, on behalf of the principal")
    void decodesSubmitOrder() throws Exception {
        Inbound inbound = decode(sampleFrames().get(2), TestSession.of("user001"));
        assertThat(inbound).isEqualTo(new Inbound.Execute(new SubmitOrder("user001", null, "IX2301", Side.BUY, Offset.OPEN,
                OrderType.LIMIT, null, new BigDecimal("120.0"), new BigDecimal("10"), OrderSource.API), "submit_order"));
    }

    @Test
    @DisplayName("Extensions: amend_order decodes to an AmendOrder (price and / or volume), post_only to a post-only SubmitOrder")
    void decodesExtensions() throws Exception {
        TestSession session = TestSession.of("user001");
        assertThat(decode(sampleFrames().get(6), session)).isEqualTo(new Inbound.Execute(new AmendOrder("user001",
                "O17251234567890000001", new BigDecimal("119.5"), new BigDecimal("4")), "amend_order"));
        assertThat(decode("{\"type\":\"amend_order\",\"order_id\":\"O1\",\"volume\":\"2.50\"}", session))
                .isEqualTo(new Inbound.Execute(new AmendOrder("user001", "O1", null, new BigDecimal("2.50")), "amend_order"));
        assertThat(decode(sampleFrames().get(7), session)).isEqualTo(new Inbound.Execute(new SubmitOrder("user001", "c-7", "IX2301",
                Side.SELL, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("121"), BigDecimal.ONE, OrderSource.API, true),
                "submit_order"));
        SubmitOrder lenient = (SubmitOrder) ((Inbound.Execute) decode(sampleFrames().get(7).replace("true", "\"TRUE\""), session))
                .command();
        assertThat(lenient.postOnly()).isTrue();
        SubmitOrder plain = (SubmitOrder) ((Inbound.Execute) decode(sampleFrames().get(2), session)).command();
        assertThat(plain.postOnly()).isFalse();

        String amend = "{\"type\":\"amend_order\",\"order_id\":\"O1\"";
        for (String frame : List.of(amend + "}", amend + ",\"price\":0}", amend + ",\"volume\":-1}", amend + ",\"price\":\"x\"}",
                "{\"type\":\"amend_order\",\"price\":1}")) {
            DecodeException e = failure(() -> decode(frame, session));
            assertThat(e.code()).as(frame).isEqualTo(ErrorCode.MALFORMED);
            assertThat(e.requestType()).isEqualTo("amend_order");
            assertThat(single(new Outbound.Failure(e.code(), e.getMessage(), e.requestType()), session).get("type").asText())
                    .as("a malformed amend is answered with order_response").isEqualTo("order_response");
        }
        DecodeException flag = failure(() -> decode(sampleFrames().get(7).replace("true", "1"), session));
        assertThat(flag.getMessage()).isEqualTo("Field post_only must be true or false");
        assertThat(failure(() -> decode(sampleFrames().get(6), TestSession.anonymous())).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    @DisplayName("An amend is answered with order_response; the new rejection codes 1010-1012 reach the client as error_code")
    void encodesAmendAndNewCodes() throws Exception {
        TestSession session = TestSession.of("user001");
        Inbound.Execute amend = (Inbound.Execute) decode(sampleFrames().get(6), session);
        assertThat(codec.encode(Outbound.CommandResult.ok(amend, ORDER), session)).containsExactly(
                "{\"type\":\"order_response\",\"success\":true,\"order_id\":\"O17251234567890000001\",\"error_code\":null,"
                        + "\"error_message\":null}");
        Inbound.Execute submit = (Inbound.Execute) decode(sampleFrames().get(7), session);
        for (ErrorCode code : List.of(ErrorCode.WOULD_TAKE_LIQUIDITY, ErrorCode.DUPLICATE_CLIENT_ORDER_ID, ErrorCode.PRICE_OUT_OF_BAND)) {
            JsonNode refused = single(Outbound.CommandResult.failed(submit, code, code.defaultMessage()), session);
            assertThat(refused.get("type").asText()).isEqualTo("order_response");
            assertThat(refused.get("error_code").asInt()).isEqualTo(code.code());
            assertThat(refused.get("error_message").asText()).isEqualTo(code.defaultMessage());
        }
        assertThat(single(Outbound.CommandResult.failed(amend, ErrorCode.ORDER_NOT_ACTIVE, "Order is no longer active: FILLED"), session)
                .get("error_code").asInt()).isEqualTo(1008);
        assertThat(ErrorCode.WOULD_TAKE_LIQUIDITY.code()).isEqualTo(1010);
        assertThat(ErrorCode.DUPLICATE_CLIENT_ORDER_ID.code()).isEqualTo(1011);
        assertThat(ErrorCode.PRICE_OUT_OF_BAND.code()).isEqualTo(1012);
    }

    @Test
    @DisplayName("A market order needs no price, and lower-case enums and numeric strings are accepted")
    void decodesLenientMarketOrder() throws Exception {
        Inbound inbound = decode("{\"type\":\"submit_order\",\"instrument_id\":\"IX2301\",\"direction\":\"sell\","
                + "\"volume\":\"2\",\"order_type\":\"market\",\"time_in_force\":\"ioc\"}", TestSession.of("u"));
        SubmitOrder submit = (SubmitOrder) ((Inbound.Execute) inbound).command();
        assertThat(submit.side()).isEqualTo(Side.SELL);
        assertThat(submit.offset()).isEqualTo(Offset.OPEN);
        assertThat(submit.type()).isEqualTo(OrderType.MARKET);
        assertThat(submit.timeInForce()).isEqualTo(TimeInForce.IOC);
        assertThat(submit.price()).isNull();
        assertThat(submit.quantity()).isEqualByComparingTo("2");
    }

    @Test
    @DisplayName("Each malformed submit_order is a 400 shaped as that request's order_response")
    void rejectsMalformedOrders() {
        String base = "\"type\":\"submit_order\",\"instrument_id\":\"IX2301\",\"direction\":\"BUY\",\"order_type\":\"LIMIT\"";
        List<String> bad = List.of(
                "{" + base + ",\"price\":120}",                          // no volume
                "{" + base + ",\"volume\":-1,\"price\":120}",            // negative
                "{" + base + ",\"volume\":0,\"price\":120}",             // zero
                "{" + base + ",\"volume\":10,\"price\":\"abc\"}",        // non-numeric price
                "{" + base + ",\"volume\":\"ten\",\"price\":120}",       // mistyped volume
                "{" + base + ",\"volume\":10}",                          // limit without price
                "{" + base + ",\"volume\":10,\"price\":1e999999999}",    // absurd magnitude
                "{" + base + ",\"volume\":true,\"price\":120}");         // wrong JSON type
        for (String frame : bad) {
            DecodeException e = failure(() -> decode(frame, TestSession.of("user001")));
            assertThat(e.code()).as(frame).isEqualTo(ErrorCode.MALFORMED);
            assertThat(e.requestType()).isEqualTo("submit_order");
        }
        DecodeException direction = failure(() -> decode("{\"type\":\"submit_order\",\"instrument_id\":\"IX2301\","
                + "\"direction\":\"UP\",\"volume\":1,\"price\":1}", TestSession.of("u")));
        assertThat(direction.getMessage()).isEqualTo("Invalid direction: UP");
    }

    @Test
    @DisplayName("Trading, querying and private channels before auth are 401")
    void requiresPrincipal() {
        for (String frame : List.of(sampleFrames().get(2), sampleFrames().get(3), "{\"type\":\"query_account\"}",
                "{\"type\":\"subscribe\",\"channels\":[\"account_update\"]}")) {
            assertThat(failure(() -> decode(frame, TestSession.anonymous())).code()).as(frame).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }

    @Test
    @DisplayName("Public channels map to market streams without auth; private ones to the principal's own streams")
    void mapsSubscriptions() throws Exception {
        Inbound.Subscribe anonymous = (Inbound.Subscribe) decode(
                "{\"type\":\"subscribe\",\"channels\":[\"orderbook\",\"ticker\"],\"instruments\":[\"IX2301\",\"AAPL\"]}",
                TestSession.anonymous());
        assertThat(anonymous.streams()).containsExactly("market.IX2301.book", "market.AAPL.book", "market.IX2301.ticker",
                "market.AAPL.ticker");
        Inbound.Subscribe own = (Inbound.Subscribe) decode(
                "{\"type\":\"subscribe\",\"channels\":[\"trade\",\"account_update\"],\"instruments\":[\"IX2301\"]}",
                TestSession.of("user001"));
        assertThat(own.streams()).containsExactly("user.user001.trades", "user.user001.account");
    }

    @Test
    @DisplayName("max_rate throttles the request's book and ticker streams; absent means every push")
    void decodesMaxRate() throws Exception {
        Inbound.Subscribe throttled = (Inbound.Subscribe) decode(
                "{\"type\":\"subscribe\",\"channels\":[\"orderbook\"],\"instruments\":[\"IX2301\"],\"max_rate\":5}",
                TestSession.anonymous());
        assertThat(throttled.maxRate()).isEqualTo(5);
        assertThat(throttled.streams()).containsExactly("market.IX2301.book");
        Inbound.Subscribe plain = (Inbound.Subscribe) decode(
                "{\"type\":\"subscribe\",\"channels\":[\"ticker\"],\"instruments\":[\"IX2301\"],\"max_rate\":null}",
                TestSession.anonymous());
        assertThat(plain.maxRate()).isZero();
        assertThat(((Inbound.Subscribe) decode("{\"type\":\"subscribe\",\"channels\":[\"ticker\"],\"instruments\":[\"IX2301\"],"
                + "\"max_rate\":1000}", TestSession.anonymous())).maxRate()).isEqualTo(1000);
    }

    @Test
    @DisplayName("A max_rate that is not a whole number from 1 to 1000 is a 400 in subscribe_response shape, and changes nothing")
    void rejectsBadMaxRate() throws Exception {
        TestSession session = TestSession.of("user001");
        for (String bad : List.of("0", "-1", "1001", "2.5", "\"5\"", "true", "[5]", "{}", "99999999999999999999", "1e3")) {
            String frame = "{\"type\":\"subscribe\",\"channels\":[\"trade\",\"ticker\"],\"instruments\":[\"AAPL\"],\"max_rate\":"
                    + bad + "}";
            DecodeException e = failure(() -> decode(frame, session));
            assertThat(e.code()).as(bad).isEqualTo(ErrorCode.MALFORMED);
            assertThat(e.requestType()).isEqualTo("subscribe");
            assertThat(e.getMessage()).contains("max_rate");
            JsonNode reply = single(new Outbound.Failure(e.code(), e.getMessage(), e.requestType()), session);
            assertThat(reply.get("type").asText()).isEqualTo("subscribe_response");
            assertThat(reply.get("success").asBoolean()).isFalse();
        }
        // The refused requests did not start the trade filter for AAPL.
        assertThat(codec.encode(delivery(trade("AAPL")), session)).isEmpty();
    }

    @Test
    @DisplayName("Unknown channels and instruments are refused in subscribe_response shape")
    void rejectsUnknownSubscriptions() throws Exception {
        DecodeException channel = failure(() -> decode("{\"type\":\"subscribe\",\"channels\":[\"news\"],\"instruments\":[\"IX2301\"]}",
                TestSession.anonymous()));
        assertThat(channel.requestType()).isEqualTo("subscribe");
        JsonNode frame = single(new Outbound.Failure(channel.code(), channel.getMessage(), channel.requestType()), TestSession.anonymous());
        assertThat(frame.get("type").asText()).isEqualTo("subscribe_response");
        assertThat(frame.get("success").asBoolean()).isFalse();
        assertThat(frame.get("message").asText()).isEqualTo("Unknown channel: news");

        DecodeException instrument = failure(() -> decode("{\"type\":\"subscribe\",\"channels\":[\"ticker\"],\"instruments\":[\"NOPE\"]}",
                TestSession.anonymous()));
        assertThat(instrument.code()).isEqualTo(ErrorCode.UNKNOWN_INSTRUMENT);
    }

    @Test
    @DisplayName("Trades reach the socket only for the instruments asked for, or all of them after ?user_id auto-subscription")
    void filtersTradesByInstrument() throws Exception {
        TestSession session = TestSession.of("user001");
        decode("{\"type\":\"subscribe\",\"channels\":[\"trade\"],\"instruments\":[\"IX2301\"]}", session);
        assertThat(codec.encode(delivery(trade("IX2301")), session)).hasSize(1);
        assertThat(codec.encode(delivery(trade("AAPL")), session)).isEmpty();

        TestSession auto = TestSession.of("user001").withQuery("user_id", "user001");
        assertThat(codec.streamsAfterAuthentication(auto))
                .containsExactly("user.user001.orders", "user.user001.trades", "user.user001.account");
        assertThat(codec.encode(delivery(trade("AAPL")), auto)).hasSize(1);

        TestSession other = TestSession.of("user001").withQuery("user_id", "user002");
        assertThat(codec.streamsAfterAuthentication(other)).containsExactly("user.user001.orders");
    }

    @Test
    @DisplayName("Unsubscribing the last traded instrument drops the trade stream")
    void unsubscribesTrades() throws Exception {
        TestSession session = TestSession.of("user001");
        decode("{\"type\":\"subscribe\",\"channels\":[\"trade\"],\"instruments\":[\"IX2301\",\"AAPL\"]}", session);
        Inbound.Unsubscribe first = (Inbound.Unsubscribe) decode(
                "{\"type\":\"unsubscribe\",\"channels\":[\"trade\"],\"instruments\":[\"IX2301\"]}", session);
        assertThat(first.streams()).isEmpty();
        Inbound.Unsubscribe last = (Inbound.Unsubscribe) decode(
                "{\"type\":\"unsubscribe\",\"channels\":[\"trade\"],\"instruments\":[\"AAPL\"]}", session);
        assertThat(last.streams()).containsExactly("user.user001.trades");
    }

    @Test
    @DisplayName("Golden pushes: trade, order_status, account_update, orderbook and ticker carry the seed's fields plus stream/epoch/seq")
    void encodesPushes() throws Exception {
        TestSession session = TestSession.of("user001").withQuery("user_id", "user001");
        codec.streamsAfterAuthentication(session);

        assertThat(codec.encode(delivery(trade("IX2301")), session)).containsExactly(
                "{\"type\":\"trade\",\"trade_id\":\"T17251234567890000001\",\"order_id\":\"O17251234567890000001\","
                        + "\"instrument_id\":\"IX2301\",\"direction\":\"BUY\",\"offset\":\"OPEN\",\"price\":120.0,\"volume\":10,"
                        + "\"timestamp\":1696320001000,\"fee\":108.00,\"stream\":\"user.user001.trades\",\"epoch\":7,\"seq\":3}");
        assertThat(codec.encode(new Outbound.Delivery(new Push("user.user001.orders", 7, 4, new OrderUpdated(ORDER)), false), session))
                .containsExactly("{\"type\":\"order_status\",\"order_id\":\"O17251234567890000001\",\"instrument_id\":\"IX2301\","
                        + "\"status\":\"PartiallyFilled\",\"filled_volume\":5,\"remaining_volume\":5,\"timestamp\":1696320001000,"
                        + "\"stream\":\"user.user001.orders\",\"epoch\":7,\"seq\":4}");
        AccountView account = new AccountView("user001", "USD", new BigDecimal("1005000.00"), new BigDecimal("955000.00"),
                new BigDecimal("0.00"), new BigDecimal("50000.00"), new BigDecimal("5000.00"), new BigDecimal("5000.00"),
                new BigDecimal("0.00"), new BigDecimal("36.50"), new BigDecimal("0.0498"), 1696320001000L);
        assertThat(codec.encode(new Outbound.Delivery(new Push("user.user001.account", 7, 5, new AccountChanged(account)), false), session))
                .containsExactly("{\"type\":\"account_update\",\"currency\":\"USD\",\"balance\":1005000.00,"
                        + "\"available\":955000.00,\"frozen\":0.00,\"margin\":50000.00,\"profit\":5000.00,\"risk_ratio\":0.0498,"
                        + "\"fees\":36.50,\"timestamp\":1696320001000,\"stream\":\"user.user001.account\",\"epoch\":7,\"seq\":5}");
        BookChanged book = new BookChanged("IX2301", List.of(new BookLevel(new BigDecimal("119.5"), new BigDecimal("100"), 5)),
                List.of(new BookLevel(new BigDecimal("120.0"), new BigDecimal("150"), 6)), 1696320001000L);
        assertThat(codec.encode(new Outbound.Delivery(new Push("market.IX2301.book", 7, 1, book), false), session))
                .containsExactly("{\"type\":\"orderbook\",\"instrument_id\":\"IX2301\","
                        + "\"bids\":[{\"price\":119.5,\"volume\":100,\"order_count\":5}],"
                        + "\"asks\":[{\"price\":120.0,\"volume\":150,\"order_count\":6}],\"timestamp\":1696320001000,"
                        + "\"stream\":\"market.IX2301.book\",\"epoch\":7,\"seq\":1}");
        Tick tick = new Tick("T1", "IX2301", new BigDecimal("120.0"), new BigDecimal("10"), Side.BUY, 1696320001000L);
        assertThat(codec.encode(new Outbound.Delivery(new Push("market.IX2301.ticker", 7, 2, tick), false), session))
                .containsExactly("{\"type\":\"ticker\",\"instrument_id\":\"IX2301\",\"last_price\":120.0,\"volume\":10,"
                        + "\"timestamp\":1696320001000,\"stream\":\"market.IX2301.ticker\",\"epoch\":7,\"seq\":2}");
        Tick venueTick = new Tick("T2", "IX2301", new BigDecimal("120.0"), new BigDecimal("10"), Side.BUY, 1696320001000L,
                new BigDecimal("4510"), new BigDecimal("119.9"), null);
        assertThat(codec.encode(new Outbound.Delivery(new Push("market.IX2301.ticker", 7, 3, venueTick), false), session))
                .as("the venue's ticker: 24-hour volume and best bid; no best ask while the ask side is empty")
                .containsExactly("{\"type\":\"ticker\",\"instrument_id\":\"IX2301\",\"last_price\":120.0,\"volume\":10,"
                        + "\"timestamp\":1696320001000,\"volume_24h\":4510,\"best_bid\":119.9,"
                        + "\"stream\":\"market.IX2301.ticker\",\"epoch\":7,\"seq\":3}");
    }

    @Test
    @DisplayName("Golden replies: order_response success and failure, query responses, auth and errors")
    void encodesReplies() throws Exception {
        TestSession session = TestSession.of("user001");
        Inbound.Execute submit = (Inbound.Execute) decode(sampleFrames().get(2), session);
        assertThat(codec.encode(Outbound.CommandResult.ok(submit, ORDER), session)).containsExactly(
                "{\"type\":\"order_response\",\"success\":true,\"order_id\":\"O17251234567890000001\",\"error_code\":null,"
                        + "\"error_message\":null}");
        assertThat(codec.encode(Outbound.CommandResult.failed(submit, ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds"), session))
                .containsExactly("{\"type\":\"order_response\",\"success\":false,\"order_id\":null,\"error_code\":1001,"
                        + "\"error_message\":\"Insufficient funds\"}");
        Inbound.Execute cancel = new Inbound.Execute(new CancelOrder("user001", "O1"), "cancel_order");
        assertThat(single(Outbound.CommandResult.failed(cancel, ErrorCode.ORDER_NOT_FOUND, "Order not found"), session)
                .get("error_code").asInt()).isEqualTo(1002);

        Inbound.Execute queryOrder = (Inbound.Execute) decode("{\"type\":\"query_order\",\"order_id\":\"O1\"}", session);
        JsonNode notFound = single(Outbound.CommandResult.failed(queryOrder, ErrorCode.ORDER_NOT_FOUND, "Order not found"), session);
        assertThat(notFound.get("type").asText()).isEqualTo("error");
        assertThat(notFound.get("code").asInt()).isEqualTo(1002);
        assertThat(notFound.get("request_type").asText()).isEqualTo("query_order");

        JsonNode order = single(Outbound.CommandResult.ok(queryOrder, ORDER), session);
        assertThat(order.at("/data/order/status").asText()).isEqualTo("PartiallyFilled");
        assertThat(order.at("/data/order/filled_volume").decimalValue()).isEqualByComparingTo("5");
        assertThat(order.at("/data/order/post_only").isBoolean()).isTrue();
        assertThat(order.at("/data/order/post_only").booleanValue()).isFalse();

        Inbound.Execute queryPositions = new Inbound.Execute(new QueryPositions("user001", null), "query_position");
        PositionView position = new PositionView("user001", "IX2301", new BigDecimal("10"), new BigDecimal("120.0"),
                BigDecimal.ZERO, null, new BigDecimal("43200.00"), new BigDecimal("0.00"), new BigDecimal("0.00"),
                new BigDecimal("120.0"), 1L);
        JsonNode positions = single(Outbound.CommandResult.ok(queryPositions, new PositionList(List.of(position))), session);
        assertThat(positions.at("/data/positions/0/long_volume").asInt()).isEqualTo(10);
        assertThat(positions.at("/data/positions/0/short_avg_price").isNull()).isTrue();

        Inbound.Execute queryAccount = new Inbound.Execute(new QueryAccount("user001"), "query_account");
        assertThat(single(Outbound.CommandResult.failed(queryAccount, ErrorCode.ACCOUNT_NOT_FOUND, "Account not found"), session)
                .get("code").asInt()).isEqualTo(1003);

        assertThat(codec.encode(new Outbound.AuthResult(false, null, "Invalid credentials"), session)).containsExactly(
                "{\"type\":\"auth_response\",\"success\":false,\"user_id\":\"\",\"message\":\"Invalid credentials\"}");
        assertThat(codec.encode(new Outbound.AuthResult(true, "user001", "Authentication successful"), session)).containsExactly(
                "{\"type\":\"auth_response\",\"success\":true,\"user_id\":\"user001\",\"message\":\"Authentication successful\"}");
        assertThat(codec.encode(new Outbound.Failure(ErrorCode.UNAUTHENTICATED, "Not authenticated", "submit_order"), session))
                .containsExactly("{\"type\":\"error\",\"code\":401,\"message\":\"Not authenticated\",\"request_type\":\"submit_order\"}");
        assertThat(codec.encode(new Outbound.Failure(ErrorCode.UNSUPPORTED, "Unknown message type: x", null), session))
                .containsExactly("{\"type\":\"error\",\"code\":400,\"message\":\"Unknown message type: x\"}");
        assertThat(codec.encode(new Outbound.Pong(5L), session)).containsExactly("{\"type\":\"pong\",\"timestamp\":5}");
    }

    @Test
    @DisplayName("Auth, ping and unknown types decode as the seed defines them")
    void decodesControlMessages() throws Exception {
        assertThat(decode(sampleFrames().get(0), TestSession.anonymous())).isEqualTo(new Inbound.Authenticate("abc", "user001"));
        assertThat(decode("{\"type\":\"ping\"}", TestSession.anonymous())).isEqualTo(new Inbound.Ping());
        assertThat(failure(() -> decode("{\"type\":\"auth\"}", TestSession.anonymous())).requestType()).isEqualTo("auth");
        assertThat(failure(() -> decode("{\"type\":\"bogus\"}", TestSession.anonymous())).code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(failure(() -> decode("{\"no_type\":1}", TestSession.anonymous())).code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(failure(() -> decode("[1,2]", TestSession.anonymous())).getMessage()).isEqualTo("Message must be a JSON object");
        assertThatThrownBy(() -> decode("{\"type\":\"ping\",\"type\":\"auth\"}", TestSession.anonymous()))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    @DisplayName("Market pushes render alike for every session (encoded once per fan-out); private ones do not")
    void marketPushesEncodeAlike() {
        Tick tick = new Tick("T1", "IX2301", new BigDecimal("120.0"), BigDecimal.ONE, Side.BUY, 1L);
        Push market = new Push("market.IX2301.ticker", 1, 1, tick);
        assertThat(codec.encodesAlike(market)).isTrue();
        assertThat(codec.encode(new Outbound.Delivery(market, false), null))
                .isEqualTo(codec.encode(new Outbound.Delivery(market, false), TestSession.of("someone")));
        assertThat(codec.encodesAlike(new Push("user.user001.trades", 1, 1, trade("IX2301")))).isFalse();
    }

    @Test
    @DisplayName("resume names the streams of this connection with their positions; it subscribes them from there")
    void decodesResume() throws Exception {
        TestSession session = TestSession.of("user001");
        Inbound request = decode("{\"type\":\"resume\",\"positions\":[{\"stream\":\"user.user001.orders\",\"epoch\":7,\"seq\":4},"
                + "{\"stream\":\"market.IX2301.ticker\",\"epoch\":7,\"seq\":0},{\"stream\":\"user.user001.orders\",\"epoch\":7,\"seq\":9}]}",
                session);
        assertThat(request).isInstanceOfSatisfying(Inbound.Subscribe.class, subscribe -> {
            assertThat(subscribe.streams()).isEmpty();
            assertThat(subscribe.resume()).containsExactly(new StreamPosition("user.user001.orders", 7, 4),
                    new StreamPosition("market.IX2301.ticker", 7, 0));
        });
        // Resuming the trades stream of a connection that does not follow it yet follows every instrument's trades.
        decode("{\"type\":\"resume\",\"positions\":[{\"stream\":\"user.user001.trades\",\"epoch\":7,\"seq\":1}]}", session);
        assertThat(codec.encode(delivery(trade("AAPL")), session)).hasSize(1);
    }

    @Test
    @DisplayName("resume refuses another user's streams, anonymous private streams, unknown streams and malformed positions")
    void refusesBadResumes() {
        TestSession session = TestSession.of("user001");
        String one = "{\"type\":\"resume\",\"positions\":[%s]}";
        assertThat(failure(() -> decode(one.formatted("{\"stream\":\"user.user002.orders\",\"epoch\":1,\"seq\":1}"), session))
                .code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(failure(() -> decode(one.formatted("{\"stream\":\"user.user001.orders\",\"epoch\":1,\"seq\":1}"),
                TestSession.anonymous())).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        for (String bad : List.of("{\"stream\":\"market.NOPE.book\",\"epoch\":1,\"seq\":1}",
                "{\"stream\":\"user.user001.positions\",\"epoch\":1,\"seq\":1}",
                "{\"stream\":\"market.IX2301.book\",\"epoch\":1,\"seq\":-1}",
                "{\"stream\":\"market.IX2301.book\",\"epoch\":1.5,\"seq\":1}",
                "{\"stream\":\"market.IX2301.book\",\"epoch\":\"1\",\"seq\":1}",
                "{\"stream\":\"market.IX2301.book\",\"epoch\":1,\"seq\":1e30}",
                "{\"stream\":\"market.IX2301.book\"}", "\"market.IX2301.book\"", "")) {
            DecodeException error = failure(() -> decode(one.formatted(bad), session));
            assertThat(error.code()).as(bad).isIn(ErrorCode.MALFORMED, ErrorCode.UNKNOWN_INSTRUMENT);
            assertThat(error.requestType()).isEqualTo("resume");
        }
        String many = String.join(",", java.util.Collections.nCopies(65, "{\"stream\":\"market.IX2301.book\",\"epoch\":1,\"seq\":1}"));
        assertThat(failure(() -> decode(one.formatted(many), session)).code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(failure(() -> decode("{\"type\":\"resume\",\"positions\":{}}", session)).code()).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    @DisplayName("Golden: resume_response lists each stream's outcome, resync announces a snapshot, whose pushes say snapshot")
    void encodesResumeAnswers() throws Exception {
        TestSession session = TestSession.of("user001");
        Inbound.Subscribe request = (Inbound.Subscribe) decode(
                "{\"type\":\"resume\",\"positions\":[{\"stream\":\"user.user001.orders\",\"epoch\":7,\"seq\":4}]}", session);
        assertThat(codec.encode(new Outbound.SubscriptionResult(request, true, "Subscribed successfully"), session)).isEmpty();
        assertThat(single(new Outbound.Resumed(request, List.of(new Outbound.Resumed.Result("user.user001.orders", true),
                new Outbound.Resumed.Result("market.IX2301.book", false))), session)).isEqualTo(ClientJson.MAPPER.readTree(
                "{\"type\":\"resume_response\",\"success\":true,\"results\":[{\"stream\":\"user.user001.orders\",\"recovered\":true},"
                        + "{\"stream\":\"market.IX2301.book\",\"recovered\":false}]}"));
        assertThat(single(new Outbound.SubscriptionResult(request, false, "Too many subscriptions"), session).get("type").textValue())
                .isEqualTo("resume_response");
        JsonNode resync = single(new Outbound.Resync("user.user001.orders", 8, 3), session);
        assertThat(resync.get("type").textValue()).isEqualTo("resync");
        assertThat(resync.get("epoch").longValue()).isEqualTo(8);
        assertThat(resync.get("seq").longValue()).isEqualTo(3);
        JsonNode snapshot = single(new Outbound.Delivery(new Push("user.user001.orders", 8, 3, new OrderUpdated(ORDER)), true), session);
        assertThat(snapshot.get("snapshot").booleanValue()).isTrue();
        assertThat(snapshot.get("seq").longValue()).isEqualTo(3);
        assertThat(single(new Outbound.Delivery(new Push("user.user001.orders", 8, 4, new OrderUpdated(ORDER)), false), session)
                .has("snapshot")).isFalse();
    }

    private static Outbound.Delivery delivery(TradeExecuted trade) {
        return new Outbound.Delivery(new Push("user.user001.trades", 7, 3, trade), false);
    }

    private static TradeExecuted trade(String instrument) {
        return new TradeExecuted("T17251234567890000001", "O17251234567890000001", "user001", instrument, Side.BUY, Offset.OPEN,
                new BigDecimal("120.0"), new BigDecimal("10"), false, new BigDecimal("108.00"), 1696320001000L);
    }
}
