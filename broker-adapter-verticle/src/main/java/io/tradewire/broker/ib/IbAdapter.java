package io.tradewire.broker.ib;

import io.tradewire.broker.BoundedMap;
import io.tradewire.broker.Coalesced;
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
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive Brokers through the Client Portal Web API gateway. A human logs in to the gateway in a browser; this adapter
 * keeps that session alive ({@code POST /tickle} every tickle interval, {@code tic} on the WebSocket every tic interval),
 * authenticates the WebSocket with the session ({@code {"session": ...}} after {@code waiting for session}), subscribes
 * {@code sor} (live orders), {@code str} (trades), {@code spl} (PnL), {@code ssd} (account summary) and {@code smd} per
 * configured contract, and reconciles over REST after every (re)connect. Orders go over REST, answering the gateway's
 * confirmation questions; when {@code sor} stays silent for a poll interval it polls {@code /iserver/account/orders}.
 * A gateway without a logged-in session is state ({@link BrokerState#WAITING_FOR_LOGIN}), retried with backoff.
 */
public final class IbAdapter implements BrokerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(IbAdapter.class);
    /** Confirmation questions answered for one order at most (the gateway asks one per warning). */
    private static final int MAX_CONFIRMATIONS = 5;
    private static final int REMEMBERED_ORDERS = 100_000;

    private final Vertx vertx;
    private final BrokerSettings settings;
    private final IbConfig config;
    private final IbMapper mapper;
    private final IbMarketData marketData;
    private final HttpClient httpClient;
    private final WebSocketClient wsClient;
    private final HttpJson http;
    private final Map<String, JsonObject> rawOrders = new BoundedMap<>(REMEMBERED_ORDERS); // IB order id -> merged fields
    private final Map<String, String> orderIdsByRef = new BoundedMap<>(REMEMBERED_ORDERS);
    private ReconnectingSocket socket;
    private BrokerListener listener;
    private String session;
    private boolean sessionRequested;
    private boolean waitingForLogin;
    private boolean live;
    private BigDecimal unrealized;
    private long lastOrderPush;
    /** The gateway streams no positions: they are re-read after trades. */
    private final Coalesced positionsRead = new Coalesced(() -> positions()
            .onSuccess(list -> list.forEach(p -> listener.onEvent(new PositionChanged(p))))
            .onFailure(e -> LOG.debug("ib: positions read failed: {}", e.getMessage())));
    /** The account summary is re-read when spl or ssd says it changed. */
    private final Coalesced accountRead = new Coalesced(() -> account()
            .onSuccess(a -> listener.onEvent(new AccountChanged(a)))
            .onFailure(e -> LOG.debug("ib: account read failed: {}", e.getMessage())));
    private final List<Long> timers = new ArrayList<>();

    public IbAdapter(Vertx vertx, BrokerSettings settings, IbConfig config) {
        this.vertx = vertx;
        this.settings = settings;
        this.config = config;
        this.mapper = new IbMapper(settings.user(), config.conids());
        this.marketData = new IbMarketData(mapper);
        HttpClientOptions httpOptions = new HttpClientOptions();
        WebSocketClientOptions wsOptions = ReconnectingSocket.clientOptions();
        if (config.trustSelfSigned()) {
            httpOptions.setTrustAll(true).setVerifyHost(false);
            wsOptions.setTrustAll(true).setVerifyHost(false);
        }
        this.httpClient = vertx.createHttpClient(httpOptions);
        this.wsClient = vertx.createWebSocketClient(wsOptions);
        this.http = new HttpJson(httpClient, settings.requestTimeout().toMillis());
    }

    @Override
    public String name() {
        return IbMapper.BROKER;
    }

    @Override
    public Future<Void> start(BrokerListener listener) {
        this.listener = listener;
        socket = new ReconnectingSocket(vertx, wsClient, "ib gateway stream", this::connectOptions,
                settings.backoff(),
                Math.max(config.ticInterval().toMillis() * 3, 10_000), new Stream());
        socket.start();
        timers.add(vertx.setPeriodic(config.ticInterval().toMillis(), id -> socket.send("tic")));
        timers.add(vertx.setPeriodic(config.tickleInterval().toMillis(), id -> keepAlive()));
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> pollIfSilent()));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        timers.forEach(vertx::cancelTimer);
        socket.stop();
        listener.onState(BrokerState.STOPPED, "stopped");
        return Future.join(wsClient.close(), httpClient.close()).mapEmpty();
    }

    @Override
    public Future<OrderView> submit(SubmitOrder order) {
        Long conid = config.conids().get(order.instrument());
        if (conid == null) {
            return Future.failedFuture(new RejectedException(ErrorCode.UNKNOWN_INSTRUMENT,
                    "instrument " + order.instrument() + " has no IB conid in brokers.ib.instruments"));
        }
        if (order.timeInForce() == TimeInForce.FOK || order.postOnly()) {
            return Future.failedFuture(new RejectedException(ErrorCode.UNSUPPORTED, "IB orders here are GTC or IOC, not FOK or post-only"));
        }
        String ref = BrokerSettings.clientOrderId(order.clientOrderId());
        JsonObject ibOrder = ibOrder(conid, order.type(), order.side(), order.price(), order.quantity(), order.timeInForce())
                .put("acctId", config.account()).put("cOID", ref);
        String path = "/iserver/account/" + config.account() + "/orders";
        return confirmed(http.send(HttpMethod.POST, config.baseUrl() + path, null,
                new JsonObject().put("orders", new JsonArray().add(ibOrder)).encode()), 0).map(placed -> {
                    String orderId = placed.getValue("order_id").toString();
                    orderIdsByRef.put(ref, orderId);
                    JsonObject raw = rawOrders.computeIfAbsent(orderId, id -> new JsonObject()
                            .put("orderId", orderId).put("conid", conid).put("order_ref", ref)
                            .put("side", order.side().name()).put("orderType", order.type() == OrderType.MARKET ? "Market" : "Limit")
                            .put("totalSize", order.quantity().toPlainString()).put("filledQuantity", "0")
                            .put("remainingQuantity", order.quantity().toPlainString()).put("timeInForce", order.timeInForce().name())
                            .put("status", placed.getString("order_status", "Submitted"))
                            .put("lastExecutionTime_r", System.currentTimeMillis()));
                    if (order.price() != null && raw.getValue("price") == null) {
                        raw.put("price", order.price().toPlainString());
                    }
                    return mapper.order(raw);
                });
    }

    @Override
    public Future<OrderView> cancel(String brokerOrderId) {
        JsonObject known = rawOrders.get(brokerOrderId);
        if (known == null) {
            return Future.failedFuture(new RejectedException(ErrorCode.ORDER_NOT_FOUND,
                    "Order not found: " + BrokerOrderIds.of(name(), brokerOrderId)));
        }
        return http.send(HttpMethod.DELETE, config.baseUrl() + "/iserver/account/" + config.account() + "/order/" + brokerOrderId, null, null)
                .map(reply -> {
                    if (reply.body() instanceof JsonObject json && json.getValue("error") != null) {
                        throw new RejectedException(ErrorCode.ORDER_NOT_ACTIVE, "IB refused the cancel: " + BrokerJson.shortText(json.getValue("error")));
                    }
                    requireOk(reply, "cancel");
                    return mapper.order(rawOrders.get(brokerOrderId));
                });
    }

    @Override
    public Future<OrderView> amend(String brokerOrderId, AmendOrder amend) {
        JsonObject known = rawOrders.get(brokerOrderId);
        if (known == null) {
            return Future.failedFuture(new RejectedException(ErrorCode.ORDER_NOT_FOUND,
                    "Order not found: " + BrokerOrderIds.of(name(), brokerOrderId)));
        }
        OrderView current = mapper.order(known);
        BigDecimal price = amend.price() != null ? amend.price() : current.price();
        BigDecimal quantity = amend.quantity() != null ? amend.quantity() : current.quantity();
        JsonObject body = ibOrder(BrokerJson.decimal(known, "conid").longValue(), current.type(), current.side(), price, quantity,
                current.timeInForce()).put("acctId", config.account());
        return confirmed(http.send(HttpMethod.POST, config.baseUrl() + "/iserver/account/" + config.account() + "/order/" + brokerOrderId,
                null, body.encode()), 0).map(done -> {
                    known.put("totalSize", quantity.toPlainString())
                            .put("remainingQuantity", quantity.subtract(current.filled()).toPlainString())
                            .put("lastExecutionTime_r", System.currentTimeMillis());
                    if (price != null) {
                        known.put("price", price.toPlainString());
                    }
                    return mapper.order(known);
                });
    }

    @Override
    public Future<List<OrderView>> orders() {
        return http.send(HttpMethod.GET, config.baseUrl() + "/iserver/account/orders", null, null).map(reply -> {
            requireOk(reply, "orders");
            List<OrderView> list = new ArrayList<>();
            Object rows = reply.body() instanceof JsonObject json ? json.getValue("orders") : null;
            for (JsonObject row : BrokerJson.objects(rows)) {
                OrderView view = merge(row);
                if (view != null) {
                    list.add(view);
                }
            }
            return list;
        });
    }

    @Override
    public Future<List<PositionView>> positions() {
        long now = System.currentTimeMillis();
        return http.send(HttpMethod.GET, config.baseUrl() + "/portfolio/" + config.account() + "/positions/0", null, null).map(reply -> {
            requireOk(reply, "positions");
            return BrokerJson.objects(reply.body()).stream().map(p -> mapper.position(p, now)).toList();
        });
    }

    @Override
    public Future<AccountView> account() {
        return http.send(HttpMethod.GET, config.baseUrl() + "/portfolio/" + config.account() + "/summary", null, null).map(reply -> {
            requireOk(reply, "account summary");
            if (!(reply.body() instanceof JsonObject summary)) {
                throw new RejectedException(ErrorCode.ACCOUNT_NOT_FOUND, "IB has no summary for account " + config.account());
            }
            return mapper.account(summary, unrealized, System.currentTimeMillis());
        });
    }

    /** Follows the gateway's confirmation questions ({@code [{"id","message":[...]}]}) until it answers with an order id. */
    private Future<JsonObject> confirmed(Future<HttpJson.Reply> reply, int round) {
        return reply.compose(r -> {
            if (r.body() instanceof JsonObject json && json.getValue("error") != null) {
                return Future.failedFuture(new RejectedException(rejection(json.getValue("error")), "IB refused the order: " + BrokerJson.shortText(json.getValue("error"))));
            }
            requireOk(r, "order");
            List<JsonObject> rows = BrokerJson.objects(r.body());
            if (rows.isEmpty()) {
                return Future.failedFuture(new RejectedException(ErrorCode.UNAVAILABLE, "IB answered the order without a result"));
            }
            JsonObject first = rows.get(0);
            if (first.getValue("order_id") != null) {
                return Future.succeededFuture(first);
            }
            if (first.getValue("id") != null && round < MAX_CONFIRMATIONS) {
                LOG.info("ib: confirming: {}", BrokerJson.shortText(first.getValue("message")));
                return confirmed(http.send(HttpMethod.POST, config.baseUrl() + "/iserver/reply/" + first.getValue("id"), null,
                        new JsonObject().put("confirmed", true).encode()), round + 1);
            }
            return Future.failedFuture(new RejectedException(ErrorCode.UNAVAILABLE, "IB did not accept the order: "
                    + BrokerJson.shortText(first.encode())));
        });
    }

    private static ErrorCode rejection(Object error) {
        String text = String.valueOf(error).toLowerCase(java.util.Locale.ROOT);
        if (text.contains("insufficient") || text.contains("margin") || text.contains("buying power")) {
            return ErrorCode.INSUFFICIENT_FUNDS;
        }
        if (text.contains("price")) {
            return ErrorCode.INVALID_PRICE;
        }
        if (text.contains("quantity") || text.contains("size")) {
            return ErrorCode.INVALID_QUANTITY;
        }
        return ErrorCode.UNAVAILABLE;
    }

    private static JsonObject ibOrder(long conid, OrderType type, Side side, BigDecimal price, BigDecimal quantity, TimeInForce tif) {
        JsonObject order = new JsonObject().put("conid", conid).put("orderType", type == OrderType.MARKET ? "MKT" : "LMT")
                .put("side", side.name()).put("quantity", quantity).put("tif", tif == TimeInForce.IOC ? "IOC" : "GTC");
        if (type == OrderType.LIMIT && price != null) {
            order.put("price", price);
        }
        return order;
    }

    private void requireOk(HttpJson.Reply reply, String what) {
        if (reply.status() == 401) {
            loginNeeded("the gateway answered 401 to " + what);
            throw new RejectedException(ErrorCode.UNAVAILABLE, "broker ib: the Client Portal gateway needs a login");
        }
        if (reply.status() / 100 != 2) {
            throw new RejectedException(reply.status() == 404 ? ErrorCode.ORDER_NOT_FOUND : ErrorCode.UNAVAILABLE,
                    "IB " + what + " answered HTTP " + reply.status());
        }
    }

    /** Merges a live-order row into what is known of it; returns its canonical view, or null for a row without an id. */
    private OrderView merge(JsonObject row) {
        Object id = row.getValue("orderId");
        if (id == null) {
            return null;
        }
        String orderId = id.toString();
        JsonObject known = rawOrders.computeIfAbsent(orderId, k -> new JsonObject());
        known.mergeIn(row);
        known.put("orderId", orderId);
        if (known.getString("order_ref") != null) {
            orderIdsByRef.put(known.getString("order_ref"), orderId);
        }
        return mapper.order(known);
    }

    // ---------------------------------------------------------------- session and stream

    private WebSocketConnectOptions connectOptions() {
        return new WebSocketConnectOptions().setAbsoluteURI(config.wsUrl()).setTimeout(settings.requestTimeout().toMillis());
    }

    /** {@code POST /tickle}: the session id, or a failure when the gateway has no authenticated session. */
    private Future<String> tickle() {
        return http.send(HttpMethod.POST, config.baseUrl() + "/tickle", null, "{}").map(reply -> {
            JsonObject body = reply.body() instanceof JsonObject json ? json : new JsonObject();
            boolean authenticated = Boolean.TRUE.equals(body.getJsonObject("iserver", new JsonObject())
                    .getJsonObject("authStatus", new JsonObject()).getValue("authenticated"));
            if (reply.status() == 401 || !authenticated || body.getString("session") == null) {
                throw new IllegalStateException("the Client Portal gateway has no logged-in session (HTTP " + reply.status() + ")");
            }
            return body.getString("session");
        });
    }

    private void keepAlive() {
        if (!socket.isOpen()) {
            return;
        }
        tickle().onFailure(e -> {
            loginNeeded(e.getMessage());
            socket.drop("session lost");
        });
    }

    private void loginNeeded(String detail) {
        waitingForLogin = true;
        live = false;
        listener.onState(BrokerState.WAITING_FOR_LOGIN, "log in to the Client Portal gateway at " + config.baseUrl() + " (" + detail + ")");
    }

    private void pollIfSilent() {
        if (live && System.currentTimeMillis() - lastOrderPush >= config.pollInterval().toMillis()) {
            orders().onSuccess(list -> list.forEach(o -> listener.onEvent(new OrderUpdated(o))))
                    .onFailure(e -> LOG.debug("ib: order poll failed: {}", e.getMessage()));
        }
    }

    private void subscribe() {
        socket.send("sor+{}");
        socket.send("str+" + new JsonObject().put("realtimeUpdatesOnly", false).put("days", 1).encode());
        socket.send("spl+{}");
        socket.send("ssd+" + config.account() + "+{}");
        config.conids().values().forEach(conid -> socket.send("smd+" + conid + "+"
                + new JsonObject().put("fields", new JsonArray().add("31").add("84").add("85").add("86").add("88").add("7059")).encode()));
    }

    /** REST snapshot after a (re)connect: live orders, the day's trades, positions, the account. */
    private Future<Void> reconcile() {
        return Reconciliation.run(this, listener, () -> http.send(HttpMethod.GET, config.baseUrl() + "/iserver/account/trades", null, null)
                .map(reply -> {
                    requireOk(reply, "trades");
                    BrokerJson.objects(reply.body()).forEach(this::onTrade);
                    return null;
                }));
    }

    private void onTrade(JsonObject trade) {
        if (trade.getString("execution_id") == null) {
            throw new IllegalArgumentException("trade without execution_id");
        }
        String orderId = trade.getValue("order_id") != null ? trade.getValue("order_id").toString()
                : orderIdsByRef.get(trade.getString("order_ref"));
        if (orderId == null) {
            LOG.debug("ib: trade {} of an order placed elsewhere is skipped", trade.getString("execution_id"));
            return;
        }
        JsonObject order = rawOrders.get(orderId);
        listener.onEvent(mapper.trade(trade, orderId, order == null ? null : mapper.order(order).offset()));
    }

    private final class Stream implements ReconnectingSocket.Listener {
        @Override
        public void onOpen() {
            live = false;
            sessionRequested = false;
            if (!waitingForLogin) {
                listener.onState(BrokerState.CONNECTING, "authenticating the stream");
            }
            tickle().onSuccess(id -> {
                session = id;
                if (sessionRequested) {
                    socket.send(new JsonObject().put("session", session).encode());
                }
            }).onFailure(e -> {
                loginNeeded(e.getMessage());
                socket.drop("no session");
            });
        }

        @Override
        public void onText(String text) {
            JsonObject message = BrokerJson.parseObject(text);
            if (message == null) {
                LOG.debug("ib: a frame that is not a JSON object was ignored");
                return;
            }
            try {
                onMessage(message);
            } catch (RuntimeException e) {
                LOG.warn("ib: malformed {} message ignored: {}", BrokerJson.shortText(message.getValue("topic")), e.getMessage());
            }
        }

        @Override
        public void onDown(String reason, long delayMillis) {
            live = false;
            if (!waitingForLogin) {
                listener.onState(BrokerState.RECONNECTING, reason + "; next attempt in " + delayMillis + " ms");
            }
        }
    }

    private void onMessage(JsonObject message) {
        if ("waiting for session".equals(message.getString("message"))) {
            sessionRequested = true;
            if (session != null) {
                socket.send(new JsonObject().put("session", session).encode());
            }
            return;
        }
        String topic = message.getString("topic", "");
        if (topic.equals("system") && message.getValue("success") != null && !live) {
            subscribe();
            reconcile().onSuccess(v -> {
                live = true;
                waitingForLogin = false;
                lastOrderPush = System.currentTimeMillis();
                socket.healthy();
                listener.onState(BrokerState.CONNECTED, "session authenticated, subscribed and reconciled");
            }).onFailure(e -> socket.drop("reconciliation failed: " + e.getMessage()));
        } else if (topic.equals("sts")) {
            JsonObject args = message.getJsonObject("args", new JsonObject());
            if (Boolean.FALSE.equals(args.getValue("authenticated"))) {
                loginNeeded("the gateway reports the session as not authenticated");
                socket.drop("session not authenticated");
            }
        } else if (topic.equals("sor")) {
            lastOrderPush = System.currentTimeMillis();
            for (JsonObject row : BrokerJson.objects(message.getValue("args"))) {
                OrderView view = merge(row);
                if (view != null) {
                    listener.onEvent(new OrderUpdated(view));
                }
            }
        } else if (topic.equals("str")) {
            BrokerJson.objects(message.getValue("args")).forEach(this::onTrade);
            positionsRead.trigger();
        } else if (topic.equals("spl")) {
            onPnl(message.getJsonObject("args", new JsonObject()));
        } else if (topic.startsWith("ssd+")) {
            accountRead.trigger();
        } else if (topic.startsWith("smd+")) {
            marketData.apply(message).forEach(listener::onEvent);
        }
    }

    private void onPnl(JsonObject args) {
        BigDecimal total = BigDecimal.ZERO;
        boolean any = false;
        for (String key : args.fieldNames()) {
            if (key.startsWith(config.account()) && args.getValue(key) instanceof JsonObject row && row.getValue("upl") != null) {
                total = total.add(BrokerJson.decimal(row, "upl"));
                any = true;
            }
        }
        if (any && (unrealized == null || unrealized.compareTo(total) != 0)) {
            unrealized = total;
            accountRead.trigger();
        }
    }
}
