package io.tradewire.broker.ib;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.broker.fake.BrokerHarness;
import io.tradewire.broker.fake.FakeIb;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The IB Client Portal adapter inside the broker verticle, against the fake gateway on loopback. */
class IbAdapterTest {
    static final long AAPL = 265598L;
    private BrokerHarness broker;
    private FakeIb ib;

    @BeforeEach
    void start() throws Exception {
        broker = new BrokerHarness(Vertx.vertx());
        ib = BrokerHarness.await(new FakeIb(broker.vertx).start());
    }

    @AfterEach
    void stop() throws Exception {
        broker.undeploy();
        ib.close();
        broker.close();
    }

    static JsonObject config(FakeIb ib) {
        return new JsonObject()
                .put("market", new JsonObject().put("simulator", new JsonObject().put("enabled", false)))
                .put("brokers", new JsonObject().put("ib", new JsonObject()
                        .put("enabled", true).put("user", "bob").put("base-url", ib.baseUrl()).put("account", FakeIb.ACCOUNT)
                        .put("instruments", new JsonArray().add(new JsonObject().put("symbol", "AAPL").put("conid", AAPL)))
                        .put("tic-interval", "100ms").put("tickle-interval", "200ms").put("poll-interval", "300ms")
                        .put("reconnect-initial", "20ms").put("reconnect-max", "200ms")));
    }

    /** A logged-in gateway and the adapter connected to it. */
    private void connected() throws Exception {
        ib.loggedIn(true);
        broker.deploy(config(ib));
        broker.awaitState("ib", "CONNECTED");
    }

    private OrderView buy(String clientId) throws Exception {
        return broker.request("ib", new SubmitOrder("bob", clientId, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("372.00"), new BigDecimal("100"), OrderSource.API));
    }

    private static String ibId(OrderView order) {
        return order.orderId().substring("ib-".length());
    }

    @Test
    @DisplayName("Without a logged-in gateway the adapter waits for the login (in /health, orders refused 503), then connects")
    void waitsForLogin() throws Exception {
        broker.deploy(config(ib));
        broker.awaitState("ib", "WAITING_FOR_LOGIN");
        assertThat(broker.health("ib").getString("status")).isEqualTo("DOWN");
        assertThat(broker.health("ib").getString("detail")).contains("log in");
        BrokerNotice notice = broker.awaitEvent(BrokerNotice.class, n -> true);
        assertThat(notice.userId()).isEqualTo("bob");
        assertThat(notice.state()).isEqualTo("WAITING_FOR_LOGIN");
        assertThat(notice.message()).contains("log in to the Client Portal gateway");
        assertThat(broker.failure("ib", new SubmitOrder("bob", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                BigDecimal.ONE, BigDecimal.ONE, OrderSource.API)).failureCode()).isEqualTo(ErrorCode.UNAVAILABLE.code());

        ib.loggedIn(true);
        broker.awaitState("ib", "CONNECTED");
        // The subscriptions go out on the socket before the REST reconciliation that ends in CONNECTED, but the gateway
        // reads the socket and the REST connections independently: wait for the last subscription (smd) to be read.
        BrokerHarness.waitFor(() -> ib.received.stream().anyMatch(f -> f.startsWith("smd+" + AAPL + "+")), "the smd subscription");
        assertThat(ib.received).contains("{\"session\":\"" + FakeIb.SESSION + "\"}", "sor+{}", "spl+{}", "ssd+" + FakeIb.ACCOUNT + "+{}");
        assertThat(ib.received).anyMatch(f -> f.startsWith("str+") && f.contains("\"realtimeUpdatesOnly\":false"));
        assertThat(ib.received).anyMatch(f -> f.startsWith("smd+" + AAPL + "+") && f.contains("\"31\""));
        BrokerHarness.waitFor(() -> ib.received.contains("tic") && ib.tickles.get() >= 3, "tic and tickle keep-alives");
        AccountChanged account = broker.awaitEvent(AccountChanged.class, a -> true);
        assertThat(account.account().userId()).isEqualTo("bob");
        assertThat(account.account().available()).isEqualByComparingTo("95000");
        BrokerHarness.waitFor(() -> ib.subscribed("ssd+" + FakeIb.ACCOUNT), "the ssd subscription");
        ib.availableFunds(80_000);
        broker.awaitEvent(AccountChanged.class, a -> a.account().available().compareTo(new BigDecimal("80000")) == 0);
    }

    @Test
    @DisplayName("An order answers the gateway's confirmation question; sor and str pushes become canonical events once")
    void orderConfirmFill() throws Exception {
        connected();
        OrderView placed = buy("ref-1");
        assertThat(placed.orderId()).startsWith("ib-");
        assertThat(placed.clientOrderId()).isEqualTo("ref-1");
        assertThat(ib.confirmations.get()).isEqualTo(1);
        assertThat(ib.order(ibId(placed)).getString("order_ref")).isEqualTo("ref-1");

        ib.fill(ibId(placed), "40", "372.00");
        TradeExecuted trade = broker.awaitEvent(TradeExecuted.class, t -> true);
        assertThat(trade.orderId()).isEqualTo(placed.orderId());
        assertThat(trade.instrument()).isEqualTo("AAPL");
        assertThat(trade.quantity()).isEqualByComparingTo("40");
        OrderUpdated partial = broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.PARTIALLY_FILLED);
        assertThat(partial.order().remaining()).isEqualByComparingTo("60");

        ib.pushRaw(new JsonObject().put("topic", "str").put("args", new JsonArray().add(ib.lastTrade())).encode()); // duplicate
        ib.pushRaw("not json at all");
        ib.pushRaw("{\"topic\":\"sor\",\"args\":[{\"orderId\":\"" + ibId(placed) + "\",\"filledQuantity\":\"many\"}]}");
        String second = ib.fill(ibId(placed), "60", "371.50");
        broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.FILLED);
        // sor and str are separate pushes: the order's FILLED may come before the trade. Once the second fill's trade is
        // in, the duplicate pushed before it on the same socket has been handled too, so exactly two trades remain.
        broker.awaitEvent(TradeExecuted.class, t -> t.tradeId().equals("ib-" + second));
        assertThat(broker.events(TradeExecuted.class, t -> true)).hasSize(2);
        broker.awaitEvent(PositionChanged.class, p -> p.position().longQuantity().compareTo(new BigDecimal("100")) == 0);
    }

    @Test
    @DisplayName("When sor stays silent, polling /iserver/account/orders brings the order's change")
    void pollsWhenSorIsSilent() throws Exception {
        connected();
        OrderView placed = buy("quiet-1");
        ib.sorSilent(true);
        ib.fill(ibId(placed), "100", "372.00");
        broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.FILLED);
        assertThat(ib.calls.stream().filter(c -> c.equals("GET /iserver/account/orders")).count()).isGreaterThan(1);
    }

    @Test
    @DisplayName("A fill while the stream is down arrives through the reconciliation once; an expired session is state, not a crash")
    void reconnectAndExpiry() throws Exception {
        connected();
        OrderView placed = buy("gap-1");
        int connections = ib.connections.get();
        ib.pushing(false);
        ib.dropSockets();
        String missed = ib.fill(ibId(placed), "100", "372.00");
        ib.pushing(true);
        TradeExecuted recovered = broker.awaitEvent(TradeExecuted.class, t -> t.tradeId().equals("ib-" + missed));
        assertThat(recovered.orderId()).isEqualTo(placed.orderId());
        broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.FILLED);
        broker.awaitState("ib", "CONNECTED");
        assertThat(ib.connections.get()).isGreaterThan(connections);
        // The trade reaches the adapter twice: in the REST reconciliation (done before CONNECTED) and in the str snapshot
        // on the new socket, which may be handled after CONNECTED. Count only once a later push on that socket is in.
        awaitStreamHandled("372.10");
        assertThat(broker.events(TradeExecuted.class, t -> true)).hasSize(1);

        ib.loggedIn(false);
        broker.awaitState("ib", "WAITING_FOR_LOGIN");
        ib.loggedIn(true);
        broker.awaitState("ib", "CONNECTED");
        awaitStreamHandled("372.20");
        assertThat(broker.events(TradeExecuted.class, t -> true)).hasSize(1);
    }

    /**
     * Waits until the adapter has handled everything the gateway sent on its current socket so far: the snapshots that
     * answer sor and str come before smd's subscription is in, so a tick pushed after that (with a last price not seen
     * before) arrives after them.
     */
    private void awaitStreamHandled(String lastPrice) throws Exception {
        BrokerHarness.waitFor(() -> ib.newestSubscribed("smd+" + AAPL), "the smd subscription on the newest socket");
        ib.publishMarketData(AAPL, new JsonObject().put("31", lastPrice));
        broker.awaitEvent(Tick.class, t -> t.lastPrice().compareTo(new BigDecimal(lastPrice)) == 0);
    }

    @Test
    @DisplayName("Cancel reaches DELETE .../order/{id}; another user can neither trade nor cancel; unknown ids are not found")
    void cancelAndOwnership() throws Exception {
        connected();
        OrderView placed = buy(null);
        assertThat(broker.failure("ib", new CancelOrder("eve", placed.orderId())).failureCode()).isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
        assertThat(broker.failure("ib", new SubmitOrder("eve", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                BigDecimal.ONE, BigDecimal.ONE, OrderSource.API)).failureCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
        assertThat(broker.failure("ib", new CancelOrder("bob", "ib-999")).failureCode()).isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
        broker.request("ib", new CancelOrder("bob", placed.orderId()));
        assertThat(ib.order(ibId(placed)).getString("status")).isEqualTo("Cancelled");
        broker.awaitEvent(OrderUpdated.class, o -> o.order().status() == OrderStatus.CANCELLED);
    }

    @Test
    @DisplayName("smd market data becomes ticks and a top-of-book for the configured symbol")
    void marketData() throws Exception {
        connected();
        BrokerHarness.waitFor(() -> ib.subscribed("smd+" + AAPL), "the smd subscription");
        ib.publishMarketData(AAPL, new JsonObject().put("31", "C382.89").put("84", "382.88").put("88", "300").put("86", "382.90")
                .put("85", "200"));
        Tick tick = broker.awaitEvent(Tick.class, t -> true);
        assertThat(tick.instrument()).isEqualTo("AAPL");
        assertThat(tick.lastPrice()).isEqualByComparingTo("382.89");
        BookChanged book = broker.awaitEvent(BookChanged.class, b -> true);
        assertThat(book.bids().get(0).price()).isEqualByComparingTo("382.88");
        assertThat(book.asks().get(0).quantity()).isEqualByComparingTo("200");
    }

    @Test
    @DisplayName("A gateway with a self-signed certificate is refused unless trust-self-signed is set, then used over TLS")
    void selfSignedGateway() throws Exception {
        FakeIb tls = BrokerHarness.await(new FakeIb(broker.vertx).start(true));
        try {
            tls.loggedIn(true);
            JsonObject config = config(tls);
            broker.deploy(config);
            BrokerHarness.waitFor(() -> broker.health("ib").getString("detail", "").contains("connect failed"), "a refused TLS connect");
            assertThat(broker.health("ib").getString("state")).isNotEqualTo("CONNECTED");
            assertThat(tls.tickles.get()).isZero();
            broker.undeploy();

            config.getJsonObject("brokers").getJsonObject("ib").put("trust-self-signed", true);
            broker.deploy(config);
            broker.awaitState("ib", "CONNECTED");
            assertThat(tls.tickles.get()).isPositive();
        } finally {
            tls.close();
        }
    }
}
