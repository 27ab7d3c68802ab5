package io.tradewire.broker.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.broker.fake.BrokerHarness;
import io.tradewire.broker.fake.FakeBybit;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Bybit adapter inside the broker verticle, against the fake Bybit on loopback. */
class BybitAdapterTest {
    private BrokerHarness broker;
    private FakeBybit bybit;

    @BeforeEach
    void start() throws Exception {
        broker = new BrokerHarness(Vertx.vertx());
        bybit = BrokerHarness.await(new FakeBybit(broker.vertx).start());
    }

    @AfterEach
    void stop() throws Exception {
        broker.undeploy();
        bybit.close();
        broker.close();
    }

    static JsonObject config(FakeBybit bybit) {
        return new JsonObject()
                .put("market", new JsonObject().put("simulator", new JsonObject().put("enabled", false)))
                .put("brokers", new JsonObject().put("bybit", new JsonObject()
                        .put("enabled", true).put("user", "alice")
                        .put("api-key", FakeBybit.API_KEY).put("api-secret", FakeBybit.API_SECRET)
                        .put("rest-url", bybit.restUrl()).put("ws-private-url", bybit.privateUrl()).put("ws-public-url", bybit.publicUrl())
                        .put("symbols", new JsonArray().add("BTCUSDT"))
                        .put("reconnect-initial", "20ms").put("reconnect-max", "200ms")));
    }

    private void connected() throws Exception {
        broker.deploy(config(bybit));
        broker.awaitState("bybit", "CONNECTED");
    }

    private OrderView submit(String user, String clientId) throws Exception {
        return broker.request("bybit", new SubmitOrder(user, clientId, "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, new BigDecimal("30000.5"), new BigDecimal("0.010"), OrderSource.API));
    }

    private static String bybitId(OrderView order) {
        return order.orderId().substring("bybit-".length());
    }

    @Test
    @DisplayName("Connects, authenticates with a valid signature, subscribes the four private topics and reconciles")
    void connectsAndSubscribes() throws Exception {
        connected();
        assertThat(broker.health("bybit").getString("status")).isEqualTo("UP");
        assertThat(bybit.subscribers("order")).isEqualTo(1);
        assertThat(bybit.subscribers("wallet")).isEqualTo(1);
        assertThat(bybit.calls).contains("GET /v5/order/realtime", "GET /v5/position/list", "GET /v5/account/wallet-balance",
                "GET /v5/execution/list");
        AccountChanged wallet = broker.awaitEvent(AccountChanged.class, a -> true);
        assertThat(wallet.account().userId()).isEqualTo("alice");
        assertThat(wallet.account().balance()).isEqualByComparingTo("10000");
    }

    @Test
    @DisplayName("An order goes to POST /v5/order/create signed; the order and execution pushes become canonical events once")
    void orderAndFill() throws Exception {
        connected();
        OrderView placed = submit("alice", "my-1");
        assertThat(placed.orderId()).startsWith("bybit-");
        assertThat(placed.clientOrderId()).isEqualTo("my-1");
        assertThat(placed.source()).isEqualTo(OrderSource.BROKER);
        JsonObject atBybit = bybit.order(bybitId(placed));
        assertThat(atBybit.getString("orderLinkId")).isEqualTo("my-1");
        assertThat(atBybit.getString("price")).isEqualTo("30000.5");
        assertThat(atBybit.getString("side")).isEqualTo("Buy");

        bybit.fill(bybitId(placed), "0.004", "30000.5");
        TradeExecuted trade = broker.awaitEvent(TradeExecuted.class, t -> true);
        assertThat(trade.orderId()).isEqualTo(placed.orderId());
        assertThat(trade.userId()).isEqualTo("alice");
        assertThat(trade.quantity()).isEqualByComparingTo("0.004");
        assertThat(trade.fee()).isPositive();
        OrderUpdated partial = broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.PARTIALLY_FILLED);
        assertThat(partial.order().filled()).isEqualByComparingTo("0.004");
        assertThat(partial.order().remaining()).isEqualByComparingTo("0.006");
        PositionChanged position = broker.awaitEvent(PositionChanged.class, p -> p.position().longQuantity().signum() > 0);
        assertThat(position.position().longQuantity()).isEqualByComparingTo("0.004");

        // Duplicate and stale pushes change nothing.
        bybit.pushRaw("execution", bybit.lastExecution());
        JsonObject stale = bybit.order(bybitId(placed)).put("orderStatus", "New").put("cumExecQty", "0").put("leavesQty", "0.010");
        bybit.pushRaw("order", stale);
        String second = bybit.fill(bybitId(placed), "0.006", "30000");
        broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.FILLED);
        broker.awaitEvent(TradeExecuted.class, t -> t.tradeId().equals("bybit-" + second));
        assertThat(broker.events(TradeExecuted.class, t -> true)).hasSize(2);
        assertThat(broker.events(OrderUpdated.class, o -> true)).extracting(o -> o.order().status())
                .containsExactly(OrderStatus.SUBMITTED, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED);
    }

    @Test
    @DisplayName("Cancel and amend of a bybit- order reach Bybit; another user can neither trade nor cancel through the account")
    void cancelAmendAndOwnership() throws Exception {
        connected();
        OrderView placed = submit("alice", null);
        assertThat(placed.clientOrderId()).isNotBlank();

        assertThat(broker.failure("bybit", new CancelOrder("mallory", placed.orderId())).failureCode())
                .isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
        assertThat(broker.failure("bybit", new SubmitOrder("mallory", null, "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, BigDecimal.ONE, BigDecimal.ONE, OrderSource.API)).failureCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
        assertThat(broker.failure("bybit", new CancelOrder("alice", "bybit-no-such-order")).failureCode())
                .isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());

        OrderView amended = broker.request("bybit", new AmendOrder("alice", placed.orderId(), new BigDecimal("29999"), null));
        assertThat(amended.price()).isEqualByComparingTo("29999");
        assertThat(bybit.order(bybitId(placed)).getString("price")).isEqualTo("29999");

        broker.request("bybit", new CancelOrder("alice", placed.orderId()));
        assertThat(bybit.order(bybitId(placed)).getString("orderStatus")).isEqualTo("Cancelled");
        broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.CANCELLED);
        assertThat(broker.failure("bybit", new CancelOrder("alice", placed.orderId())).failureCode())
                .isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
    }

    @Test
    @DisplayName("A fill while the private stream is down arrives through the reconciliation, once, and nothing repeats")
    void reconnectReconciles() throws Exception {
        connected();
        OrderView placed = submit("alice", "gap-1");
        bybit.fill(bybitId(placed), "0.002", "30000.5");
        broker.awaitEvent(TradeExecuted.class, t -> true);
        int connections = bybit.privateConnections.get();

        bybit.pushing(false);
        bybit.dropPrivateSockets();
        String missed = bybit.fill(bybitId(placed), "0.008", "30000.5");
        bybit.pushing(true);

        TradeExecuted recovered = broker.awaitEvent(TradeExecuted.class, t -> t.tradeId().equals("bybit-" + missed));
        assertThat(recovered.quantity()).isEqualByComparingTo("0.008");
        broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.FILLED);
        broker.awaitState("bybit", "CONNECTED");
        assertThat(bybit.privateConnections.get()).isGreaterThan(connections);
        assertThat(broker.events(TradeExecuted.class, t -> true)).extracting(TradeExecuted::tradeId).doesNotHaveDuplicates().hasSize(2);
        assertThat(broker.events(OrderUpdated.class, o -> o.order().status() == OrderStatus.FILLED)).hasSize(1);
    }

    @Test
    @DisplayName("A refused key is adapter state (AUTH_FAILED in /health, orders refused 503), retried until Bybit accepts it")
    void authFailureIsState() throws Exception {
        bybit.refuseAuth(true);
        broker.deploy(config(bybit));
        broker.awaitState("bybit", "AUTH_FAILED");
        assertThat(broker.health("bybit").getString("status")).isEqualTo("DOWN");
        assertThat(broker.awaitEvent(BrokerNotice.class, n -> true).message()).contains("refused the API key");
        assertThat(broker.health("bybit").encode()).doesNotContain(FakeBybit.API_SECRET);
        assertThat(broker.failure("bybit", new SubmitOrder("alice", null, "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, BigDecimal.ONE, BigDecimal.ONE, OrderSource.API)).failureCode()).isEqualTo(ErrorCode.UNAVAILABLE.code());
        BrokerHarness.waitFor(() -> bybit.authAttempts.get() >= 3, "repeated authentication attempts");
        bybit.refuseAuth(false);
        broker.awaitState("bybit", "CONNECTED");
    }

    @Test
    @DisplayName("Signatures use the server's clock: a server 30 s ahead still accepts orders")
    void clockSkew() throws Exception {
        bybit.shiftClock(30_000);
        connected();
        OrderView placed = submit("alice", "skew-1");
        assertThat(bybit.order(bybitId(placed))).isNotNull();
    }

    @Test
    @DisplayName("Bybit's rejections keep their meaning: a duplicate orderLinkId is DUPLICATE_CLIENT_ORDER_ID")
    void rejectionsMap() throws Exception {
        connected();
        submit("alice", "dup-1");
        assertThat(broker.failure("bybit", new SubmitOrder("alice", "dup-1", "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT,
                TimeInForce.GTC, BigDecimal.ONE, BigDecimal.ONE, OrderSource.API)).failureCode())
                .isEqualTo(ErrorCode.DUPLICATE_CLIENT_ORDER_ID.code());
    }

    @Test
    @DisplayName("Public book: a snapshot sets it, a delta with size 0 deletes a level, stale deltas are ignored, a new snapshot resets")
    void publicBook() throws Exception {
        connected();
        BrokerHarness.waitFor(() -> bybit.received.stream().anyMatch(f -> f.contains("orderbook.50.BTCUSDT")), "a book subscription");
        bybit.publishPublic("orderbook.50.BTCUSDT", "delta", book(List.of("29999", "1"), List.of(), 1)); // before any snapshot
        bybit.publishPublic("orderbook.50.BTCUSDT", "snapshot", book(List.of("30000", "1.5", "29999", "2"), List.of("30001", "0.7"), 10));
        bybit.publishPublic("orderbook.50.BTCUSDT", "delta", book(List.of("30000", "0"), List.of("30002", "1"), 11));
        bybit.publishPublic("orderbook.50.BTCUSDT", "delta", book(List.of("31000", "9"), List.of(), 11)); // duplicate u
        bybit.publishPublic("tickers.BTCUSDT", "snapshot", new JsonObject().put("symbol", "BTCUSDT").put("lastPrice", "30000.5")
                .put("volume24h", "12345.678").put("bid1Price", "30000.0").put("ask1Price", "30001.0"));
        BookChanged afterDelta = broker.awaitEvent(BookChanged.class, b -> b.asks().size() == 2);
        assertThat(afterDelta.bids()).extracting(l -> l.price().toPlainString()).containsExactly("29999");
        assertThat(afterDelta.asks()).extracting(l -> l.price().toPlainString()).containsExactly("30001", "30002");
        Tick tick = broker.awaitEvent(Tick.class, t -> true);
        assertThat(tick.lastPrice()).isEqualByComparingTo("30000.5");
        assertThat(tick.volume24h()).isEqualByComparingTo("12345.678");
        assertThat(tick.bestBid()).isEqualByComparingTo("30000.0");
        assertThat(tick.bestAsk()).isEqualByComparingTo("30001.0");
        assertThat(broker.events(BookChanged.class, b -> true)).hasSize(2);

        bybit.publishPublic("orderbook.50.BTCUSDT", "snapshot", book(List.of("100", "1"), List.of("101", "1"), 1));
        BookChanged reset = broker.awaitEvent(BookChanged.class, b -> b.bids().size() == 1 && b.bids().get(0).price().intValue() == 100);
        assertThat(reset.asks()).extracting(l -> l.price().toPlainString()).containsExactly("101");
    }

    @Test
    @DisplayName("Malformed private frames are ignored without dropping the connection")
    void malformedPushes() throws Exception {
        connected();
        int connections = bybit.privateConnections.get();
        bybit.pushRaw("order", new JsonObject().put("orderId", "x").put("qty", "not-a-number"));
        bybit.pushRaw("execution", new JsonObject().put("symbol", "BTCUSDT"));
        OrderView placed = submit("alice", "after-junk");
        bybit.fill(bybitId(placed), "0.010", "30000");
        broker.awaitEvent(TradeExecuted.class, t -> true);
        assertThat(bybit.privateConnections.get()).isEqualTo(connections);
        assertThat(broker.health("bybit").getString("state")).isEqualTo("CONNECTED");
    }

    private static JsonObject book(List<String> bids, List<String> asks, long u) {
        return new JsonObject().put("s", "BTCUSDT").put("b", pairs(bids)).put("a", pairs(asks)).put("u", u).put("seq", u * 10);
    }

    private static JsonArray pairs(List<String> flat) {
        JsonArray array = new JsonArray();
        for (int i = 0; i < flat.size(); i += 2) {
            array.add(new JsonArray().add(flat.get(i)).add(flat.get(i + 1)));
        }
        return array;
    }

    @Test
    @DisplayName("A frame larger than 4 MiB from Bybit closes that socket, the adapter reconnects and keeps working")
    void oversizedFrame() throws Exception {
        connected();
        int connections = bybit.privateConnections.get();
        bybit.pushRaw("order", new JsonObject().put("orderId", "x".repeat(5 * 1024 * 1024)));
        BrokerHarness.waitFor(() -> bybit.privateConnections.get() > connections, "a new private connection");
        broker.awaitState("bybit", "CONNECTED");
        OrderView placed = submit("alice", "after-oversized");
        bybit.fill(bybitId(placed), "0.010", "30000");
        broker.awaitEvent(TradeExecuted.class, t -> t.orderId().equals(placed.orderId()));
    }

    @Test
    @DisplayName("Nothing logged at any level, through refusals, reconnects and orders, contains the API secret or a signature")
    void secretsStayOutOfLogs() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = root.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured = new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            bybit.refuseAuth(true);
            broker.deploy(config(bybit));
            broker.awaitState("bybit", "AUTH_FAILED");
            bybit.refuseAuth(false);
            broker.awaitState("bybit", "CONNECTED");
            OrderView placed = submit("alice", "quiet-1");
            bybit.dropPrivateSockets();
            bybit.fill(bybitId(placed), "0.010", "30000");
            broker.awaitEvent(TradeExecuted.class, t -> true);
            broker.awaitState("bybit", "CONNECTED");
        } finally {
            root.setLevel(level);
            root.detachAppender(captured);
        }
        List<String> signatures = bybit.received.stream().filter(f -> f.contains("\"op\":\"auth\""))
                .map(f -> new JsonObject(f).getJsonArray("args").getString(2)).toList();
        assertThat(signatures).isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent event : captured.list) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(text).doesNotContain(FakeBybit.API_SECRET);
            signatures.forEach(signature -> assertThat(text).doesNotContain(signature));
        }
        assertThat(broker.health("bybit").encode()).doesNotContain(FakeBybit.API_SECRET);
    }
}
