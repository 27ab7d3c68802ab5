package io.tradewire.broker.bybit;

import io.tradewire.broker.BoundedMap;
import io.tradewire.broker.BrokerJson;
import io.tradewire.broker.HttpJson;
import io.tradewire.broker.Reconciliation;
import io.tradewire.broker.ReconnectingSocket;
import io.tradewire.broker.spi.BrokerAdapter;
import io.tradewire.broker.spi.BrokerListener;
import io.tradewire.broker.spi.BrokerSettings;
import io.tradewire.broker.spi.BrokerState;
import io.tradewire.model.BrokerOrderIds;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bybit v5: orders over signed REST; the private WebSocket ({@code op: auth}, topics {@code order}, {@code execution},
 * {@code position}, {@code wallet}, {@code op: ping} every ping interval) for the account's changes; the public WebSocket
 * ({@code orderbook.{depth}.{symbol}}, {@code tickers.{symbol}}) for the routed symbols' market data. After every
 * (re)connect of the private socket it reconciles over REST (orders, executions, positions, wallet), because private
 * topics have no snapshot and no sequence: what changed while it was away arrives that way, and the
 * {@link io.tradewire.broker.EventFilter} drops what it already saw.
 */
public final class BybitAdapter implements BrokerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(BybitAdapter.class);
    private static final int PUBLISHED_LEVELS = 20;
    private static final int REMEMBERED_ORDERS = 100_000;
    /** Executions reconciled after a reconnect start this long before the last one seen (clock and ordering slack). */
    private static final long EXECUTION_OVERLAP_MILLIS = 60_000;

    private final Vertx vertx;
    private final BrokerSettings settings;
    private final BybitConfig config;
    private final BybitMapper mapper;
    private final HttpClient httpClient;
    private final WebSocketClient wsClient;
    private final BybitSigner signer;
    private final BybitRest rest;
    private final Map<String, OrderView> orders = new BoundedMap<>(REMEMBERED_ORDERS); // broker order id -> last known
    private final Map<String, BybitBook> books = new HashMap<>();
    private final Map<String, BigDecimal> lastPrices = new HashMap<>();
    private ReconnectingSocket privateSocket;
    private ReconnectingSocket publicSocket;
    private BrokerListener listener;
    private long pingTimer = -1;
    private long lastExecutionTime;
    /** The last authentication was refused: the state stays AUTH_FAILED through the reconnects until one succeeds. */
    private boolean authFailed;
    private int requestIds;

    public BybitAdapter(Vertx vertx, BrokerSettings settings, BybitConfig config) {
        this.vertx = vertx;
        this.settings = settings;
        this.config = config;
        this.mapper = new BybitMapper(settings.user());
        this.httpClient = vertx.createHttpClient(new HttpClientOptions());
        this.wsClient = vertx.createWebSocketClient(ReconnectingSocket.clientOptions());
        this.signer = new BybitSigner(config.apiKey(), config.apiSecret());
        this.rest = new BybitRest(new HttpJson(httpClient, settings.requestTimeout().toMillis()), config.restUrl(), signer,
                config.recvWindow().toMillis());
        config.symbols().forEach(symbol -> books.put(symbol, new BybitBook(symbol, PUBLISHED_LEVELS)));
    }

    @Override
    public String name() {
        return BybitMapper.BROKER;
    }

    @Override
    public Future<Void> start(BrokerListener listener) {
        this.listener = listener;
        long liveness = config.pingInterval().toMillis() * 3;
        privateSocket = new ReconnectingSocket(vertx, wsClient, "bybit private stream", () -> connectOptions(config.wsPrivateUrl()),
                settings.backoff(), liveness, new PrivateStream());
        privateSocket.start();
        if (!config.symbols().isEmpty()) {
            publicSocket = new ReconnectingSocket(vertx, wsClient, "bybit public stream", () -> connectOptions(config.wsPublicUrl()),
                    settings.backoff(), liveness, new PublicStream());
            publicSocket.start();
        }
        pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), id -> ping());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        vertx.cancelTimer(pingTimer);
        if (privateSocket != null) {
            privateSocket.stop();
        }
        if (publicSocket != null) {
            publicSocket.stop();
        }
        listener.onState(BrokerState.STOPPED, "stopped");
        return Future.join(wsClient.close(), httpClient.close()).mapEmpty();
    }

    @Override
    public Future<OrderView> submit(SubmitOrder order) {
        String linkId = BrokerSettings.clientOrderId(order.clientOrderId());
        JsonObject body = new JsonObject()
                .put("category", config.category())
                .put("symbol", order.instrument())
                .put("side", BybitMapper.side(order.side()))
                .put("orderType", order.type() == OrderType.MARKET ? "Market" : "Limit")
                .put("qty", order.quantity().toPlainString());
        if (order.type() == OrderType.LIMIT) {
            body.put("price", order.price().toPlainString());
        }
        body.put("timeInForce", order.postOnly() ? "PostOnly" : order.timeInForce().name())
                .put("orderLinkId", linkId);
        if (order.offset() == Offset.CLOSE) {
            body.put("reduceOnly", true);
        }
        return rest.post("/v5/order/create", body).map(result -> {
            String orderId = result.getString("orderId");
            if (orderId == null || orderId.isEmpty()) {
                throw new RejectedException(ErrorCode.UNAVAILABLE, "bybit accepted the order without an orderId");
            }
            OrderView known = orders.get(orderId);
            if (known != null) {
                return known; // its push came first
            }
            long now = rest.serverNow();
            OrderView view = new OrderView(BrokerOrderIds.of(name(), orderId), linkId, settings.user(),
                    order.instrument(), order.side(), order.offset(), order.type(), order.timeInForce(), order.price(),
                    order.quantity(), BigDecimal.ZERO, order.quantity(), null, OrderStatus.SUBMITTED, OrderSource.BROKER, now, now,
                    order.postOnly());
            orders.put(orderId, view);
            return view;
        });
    }

    @Override
    public Future<OrderView> cancel(String brokerOrderId) {
        return find(brokerOrderId).compose(order -> rest.post("/v5/order/cancel", new JsonObject()
                .put("category", config.category()).put("symbol", order.instrument()).put("orderId", brokerOrderId))
                .map(result -> orders.getOrDefault(brokerOrderId, order)));
    }

    @Override
    public Future<OrderView> amend(String brokerOrderId, AmendOrder amend) {
        return find(brokerOrderId).compose(order -> {
            JsonObject body = new JsonObject().put("category", config.category()).put("symbol", order.instrument())
                    .put("orderId", brokerOrderId);
            if (amend.price() != null) {
                body.put("price", amend.price().toPlainString());
            }
            if (amend.quantity() != null) {
                body.put("qty", amend.quantity().toPlainString());
            }
            return rest.post("/v5/order/amend", body).map(result -> {
                OrderView current = orders.getOrDefault(brokerOrderId, order);
                BigDecimal price = amend.price() != null ? amend.price() : current.price();
                BigDecimal quantity = amend.quantity() != null ? amend.quantity() : current.quantity();
                OrderView amended = new OrderView(current.orderId(), current.clientOrderId(), current.userId(), current.instrument(),
                        current.side(), current.offset(), current.type(), current.timeInForce(), price, quantity, current.filled(),
                        quantity.subtract(current.filled()), current.avgFillPrice(), current.status(), current.source(),
                        current.createdAt(), rest.serverNow(), current.postOnly());
                orders.put(brokerOrderId, amended);
                return amended;
            });
        });
    }

    @Override
    public Future<List<OrderView>> orders() {
        return rest.get("/v5/order/realtime", scope() + "&openOnly=0&limit=50").map(result -> {
            List<OrderView> list = new ArrayList<>();
            for (JsonObject row : rows(result)) {
                OrderView view = mapper.order(row);
                remember(row.getString("orderId"), view);
                list.add(view);
            }
            list.sort(Comparator.comparingLong(OrderView::updatedAt));
            return list;
        });
    }

    @Override
    public Future<List<PositionView>> positions() {
        long now = rest.serverNow();
        return rest.get("/v5/position/list", scope()).map(result -> rows(result).stream().map(p -> mapper.position(p, now)).toList());
    }

    @Override
    public Future<AccountView> account() {
        long now = rest.serverNow();
        return rest.get("/v5/account/wallet-balance", "accountType=UNIFIED").map(result -> {
            List<JsonObject> wallets = rows(result);
            if (wallets.isEmpty()) {
                throw new RejectedException(ErrorCode.ACCOUNT_NOT_FOUND, "bybit has no unified wallet for this key");
            }
            return mapper.wallet(wallets.get(0), now);
        });
    }

    /** A known order, or the broker's view of it. */
    private Future<OrderView> find(String brokerOrderId) {
        OrderView known = orders.get(brokerOrderId);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return rest.get("/v5/order/realtime", scope() + "&orderId=" + encode(brokerOrderId)).map(result -> {
            List<JsonObject> rows = rows(result);
            if (rows.isEmpty()) {
                throw new RejectedException(ErrorCode.ORDER_NOT_FOUND, "Order not found: " + BrokerOrderIds.of(name(), brokerOrderId));
            }
            OrderView view = mapper.order(rows.get(0));
            remember(brokerOrderId, view);
            return view;
        });
    }

    /** REST snapshot after a (re)connect: orders (open and recent), executions since the last seen, positions, wallet. */
    private Future<Void> reconcile() {
        String since = lastExecutionTime > 0 ? "&startTime=" + (lastExecutionTime - EXECUTION_OVERLAP_MILLIS) : "";
        return Reconciliation.run(this, listener, () -> rest.get("/v5/execution/list", scope() + "&limit=100" + since).map(result -> {
            List<JsonObject> rows = new ArrayList<>(rows(result));
            rows.sort(Comparator.comparingLong(row -> BrokerJson.epoch(row, "execTime")));
            rows.forEach(this::onExecution);
            return null;
        }));
    }

    private String scope() {
        String query = "category=" + config.category();
        return config.category().equals("linear") || config.category().equals("inverse")
                ? query + "&settleCoin=" + encode(config.settleCoin())
                : query;
    }

    private void ping() {
        String ping = new JsonObject().put("req_id", Integer.toString(++requestIds)).put("op", "ping").encode();
        privateSocket.send(ping);
        if (publicSocket != null) {
            publicSocket.send(ping);
        }
    }

    private final class PrivateStream implements ReconnectingSocket.Listener {
        @Override
        public void onOpen() {
            if (!authFailed) {
                listener.onState(BrokerState.CONNECTING, "authenticating");
            }
            rest.syncTime()
                    .recover(e -> {
                        LOG.warn("bybit: server time unavailable ({}); signing with the local clock", e.getMessage());
                        return Future.succeededFuture(0L);
                    })
                    .onComplete(done -> {
                        long expires = rest.serverNow() + config.recvWindow().toMillis();
                        privateSocket.send(new JsonObject().put("req_id", "auth").put("op", "auth")
                                .put("args", new JsonArray().add(config.apiKey()).add(expires).add(signer.websocket(expires))).encode());
                    });
        }

        @Override
        public void onText(String text) {
            JsonObject message = parse(text);
            if (message == null) {
                return;
            }
            String op = message.getString("op");
            if ("auth".equals(op)) {
                authFailed = !Boolean.TRUE.equals(message.getValue("success"));
                if (!authFailed) {
                    privateSocket.send(new JsonObject().put("req_id", "subscribe").put("op", "subscribe")
                            .put("args", new JsonArray().add("order").add("execution").add("position").add("wallet")).encode());
                } else {
                    listener.onState(BrokerState.AUTH_FAILED, "bybit refused the API key: " + BrokerJson.shortText(message.getValue("ret_msg")));
                    privateSocket.drop("authentication failed");
                }
                return;
            }
            if ("subscribe".equals(op)) {
                if (!Boolean.TRUE.equals(message.getValue("success"))) {
                    privateSocket.drop("subscription refused: " + BrokerJson.shortText(message.getValue("ret_msg")));
                    return;
                }
                reconcile().onSuccess(v -> {
                    privateSocket.healthy();
                    listener.onState(BrokerState.CONNECTED, "authenticated, subscribed and reconciled");
                }).onFailure(e -> privateSocket.drop("reconciliation failed: " + e.getMessage()));
                return;
            }
            String topic = message.getString("topic");
            if (topic == null || !(message.getValue("data") instanceof JsonArray data)) {
                return; // pong and other replies
            }
            for (Object item : data) {
                if (item instanceof JsonObject row) {
                    onPrivate(topic, row);
                }
            }
        }

        @Override
        public void onDown(String reason, long delayMillis) {
            if (!authFailed) {
                listener.onState(BrokerState.RECONNECTING, reason + "; next attempt in " + delayMillis + " ms");
            }
        }
    }

    private void onPrivate(String topic, JsonObject row) {
        try {
            switch (topic) {
                case "order" -> {
                    OrderView view = mapper.order(row);
                    remember(row.getString("orderId"), view);
                    listener.onEvent(new OrderUpdated(view));
                }
                case "execution" -> onExecution(row);
                case "position" -> listener.onEvent(new PositionChanged(mapper.position(row, rest.serverNow())));
                case "wallet" -> listener.onEvent(new AccountChanged(mapper.wallet(row, rest.serverNow())));
                default -> LOG.debug("bybit: ignoring topic {}", topic);
            }
        } catch (RuntimeException e) {
            LOG.warn("bybit: malformed {} push ignored: {}", topic, e.getMessage());
        }
    }

    private void onExecution(JsonObject row) {
        if (row.getString("execId") == null || row.getString("orderId") == null) {
            throw new IllegalArgumentException("execution without execId or orderId");
        }
        OrderView order = orders.get(row.getString("orderId"));
        lastExecutionTime = Math.max(lastExecutionTime, BrokerJson.epoch(row, "execTime"));
        listener.onEvent(mapper.execution(row, order == null ? null : order.offset()));
    }

    /** Keeps the newest known state of an order (a late push must not roll it back). */
    private void remember(String brokerOrderId, OrderView view) {
        OrderView known = orders.get(brokerOrderId);
        if (known == null || known.updatedAt() <= view.updatedAt()) {
            orders.put(brokerOrderId, view);
        }
    }

    private final class PublicStream implements ReconnectingSocket.Listener {
        @Override
        public void onOpen() {
            books.values().forEach(BybitBook::reset);
            JsonArray topics = new JsonArray();
            config.symbols().forEach(s -> topics.add("orderbook." + config.bookDepth() + "." + s).add("tickers." + s));
            publicSocket.send(new JsonObject().put("req_id", "public").put("op", "subscribe").put("args", topics).encode());
        }

        @Override
        public void onText(String text) {
            JsonObject message = parse(text);
            if (message == null) {
                return;
            }
            if ("subscribe".equals(message.getString("op"))) {
                if (Boolean.TRUE.equals(message.getValue("success"))) {
                    publicSocket.healthy();
                } else {
                    LOG.warn("bybit: public subscription refused: {}", BrokerJson.shortText(message.getValue("ret_msg")));
                }
                return;
            }
            String topic = message.getString("topic");
            if (topic == null || !(message.getValue("data") instanceof JsonObject data)) {
                return;
            }
            try {
                onPublic(topic, message.getString("type", "snapshot"), data, message.getLong("ts", rest.serverNow()));
            } catch (RuntimeException e) {
                LOG.warn("bybit: malformed {} push ignored: {}", topic, e.getMessage());
            }
        }

        @Override
        public void onDown(String reason, long delayMillis) {
            // market data only: the account's state follows the private stream
        }
    }

    private void onPublic(String topic, String type, JsonObject data, long ts) {
        int dot = topic.lastIndexOf('.');
        String symbol = topic.substring(dot + 1);
        if (topic.startsWith("orderbook.")) {
            BybitBook book = books.get(symbol);
            BookChanged changed = book == null ? null : book.apply(type, data, ts);
            if (changed != null) {
                listener.onEvent(changed);
            }
        } else if (topic.startsWith("tickers.") && books.containsKey(symbol)) {
            BigDecimal last = BrokerJson.decimal(data, "lastPrice");
            BigDecimal previous = lastPrices.get(symbol);
            if (last != null && (previous == null || previous.compareTo(last) != 0)) {
                lastPrices.put(symbol, last);
                Side direction = previous != null && last.compareTo(previous) < 0 ? Side.SELL : Side.BUY;
                listener.onEvent(new Tick("bybit-" + ts, symbol, last, BigDecimal.ZERO, direction, ts,
                        BrokerJson.decimal(data, "volume24h"), BrokerJson.decimal(data, "bid1Price"), BrokerJson.decimal(data, "ask1Price")));
            }
        }
    }

    private WebSocketConnectOptions connectOptions(String url) {
        return new WebSocketConnectOptions().setAbsoluteURI(url).setTimeout(settings.requestTimeout().toMillis());
    }

    private static List<JsonObject> rows(JsonObject result) {
        return BrokerJson.objects(result.getValue("list"));
    }

    private static JsonObject parse(String text) {
        JsonObject message = BrokerJson.parseObject(text);
        if (message == null) {
            LOG.warn("bybit: a frame that is not a JSON object was ignored");
        }
        return message;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
