package io.tradewire.broker.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Interactive Brokers Client Portal gateway on loopback, for tests: {@code POST /v1/api/tickle} (401 until a test
 * "logs in"), the WebSocket {@code /v1/api/ws} ({@code waiting for session} → {@code {"session"}} → {@code system},
 * {@code act}, {@code sts}; topics {@code sor}, {@code str}, {@code spl}, {@code ssd+acct}, {@code smd+conid}; {@code tic}),
 * order placement with a confirmation question answered at {@code /iserver/reply/{id}}, cancel, live orders, trades,
 * positions and the account summary. Orders rest until the test fills them ({@link #fill}).
 */
public final class FakeIb implements AutoCloseable {
    public static final String ACCOUNT = "DU1234567";
    public static final String SESSION = "f1d2e3c4b5a6";

    private final Vertx vertx;
    private HttpServer server;
    private final Map<String, JsonObject> orders = new LinkedHashMap<>();
    private final List<JsonObject> trades = new CopyOnWriteArrayList<>();
    private final Map<Long, JsonObject> positions = new LinkedHashMap<>();
    private final Map<String, String> questions = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong nextOrderId = new AtomicLong(1_408_241_000L);
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<String> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger tickles = new AtomicInteger();
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger confirmations = new AtomicInteger();
    private volatile boolean loggedIn;
    private volatile double availableFunds = 95_000;
    private boolean tls;
    private volatile boolean pushing = true;
    private volatile boolean sorSilent;

    private static final class Socket {
        final ServerWebSocket ws;
        volatile boolean authenticated;
        final Set<String> topics = ConcurrentHashMap.newKeySet();

        Socket(ServerWebSocket ws) {
            this.ws = ws;
        }
    }

    public FakeIb(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<FakeIb> start() {
        return start(false);
    }

    /** With {@code tls}, on HTTPS / WSS with a self-signed certificate, as the real gateway serves. */
    public Future<FakeIb> start(boolean tls) {
        this.tls = tls;
        io.vertx.core.http.HttpServerOptions options = new io.vertx.core.http.HttpServerOptions();
        if (tls) {
            options.setSsl(true).setKeyCertOptions(io.vertx.core.net.SelfSignedCertificate.create("localhost").keyCertOptions());
        }
        server = vertx.createHttpServer(options);
        server.webSocketHandler(this::webSocket).requestHandler(this::rest);
        return server.listen(0, "127.0.0.1").map(s -> this);
    }

    public String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.actualPort() + "/v1/api";
    }

    /** A human logged in to the gateway (true) or the session expired (false: pushed as {@code sts}, tickle answers 401). */
    public void loggedIn(boolean in) {
        loggedIn = in;
        if (!in) {
            broadcast(null, new JsonObject().put("topic", "sts").put("args", new JsonObject().put("authenticated", false)));
        }
    }

    public void pushing(boolean on) {
        pushing = on;
    }

    /** {@code sor} pushes stop (the gateway is known to go quiet); REST still shows the orders. */
    public void sorSilent(boolean silent) {
        sorSilent = silent;
    }

    public void dropSockets() {
        vertx.runOnContext(v -> sockets.forEach(s -> s.ws.close()));
    }

    public boolean subscribed(String topic) {
        return sockets.stream().anyMatch(s -> s.authenticated && s.topics.contains(topic));
    }

    /**
     * True when the newest socket (the adapter's current one, after a reconnect) is authenticated and subscribed to the
     * topic. The gateway answers subscriptions in the order they arrive, so a push on a topic subscribed last comes after
     * the snapshots the earlier subscriptions sent on that socket.
     */
    public boolean newestSubscribed(String topic) {
        List<Socket> now = List.copyOf(sockets);
        if (now.isEmpty()) {
            return false;
        }
        Socket newest = now.get(now.size() - 1);
        return newest.authenticated && newest.topics.contains(topic);
    }

    public synchronized JsonObject order(String orderId) {
        JsonObject order = orders.get(orderId);
        return order == null ? null : order.copy();
    }

    public synchronized JsonObject lastTrade() {
        return trades.get(trades.size() - 1).copy();
    }

    /** Fills part of an order: the order, a trade and the position change; {@code sor} and {@code str} are pushed. */
    public synchronized String fill(String orderId, String quantity, String price) {
        JsonObject order = orders.get(orderId);
        BigDecimal qty = new BigDecimal(quantity);
        BigDecimal px = new BigDecimal(price);
        BigDecimal filled = new BigDecimal(order.getValue("filledQuantity").toString()).add(qty);
        BigDecimal total = new BigDecimal(order.getValue("totalSize").toString());
        long now = System.currentTimeMillis();
        order.put("filledQuantity", filled.doubleValue()).put("remainingQuantity", total.subtract(filled).doubleValue())
                .put("status", filled.compareTo(total) >= 0 ? "Filled" : "Submitted").put("avgPrice", px.toPlainString())
                .put("lastExecutionTime_r", now);
        String executionId = "0000e0d5." + UUID.randomUUID().toString().substring(0, 8) + ".01.01";
        JsonObject trade = new JsonObject().put("execution_id", executionId).put("symbol", order.getString("ticker"))
                .put("side", order.getString("side").equals("BUY") ? "B" : "S").put("order_description", "Bot " + quantity)
                .put("trade_time_r", now).put("size", qty.doubleValue()).put("price", px.toPlainString())
                .put("order_ref", order.getString("order_ref")).put("commission", "1.00").put("account", ACCOUNT)
                .put("conid", order.getLong("conid"));
        trades.add(trade);
        JsonObject position = positions.computeIfAbsent(order.getLong("conid"), c -> new JsonObject().put("acctId", ACCOUNT).put("conid", c)
                .put("contractDesc", order.getString("ticker")).put("position", 0.0).put("avgPrice", 0.0).put("currency", "USD"));
        BigDecimal size = BigDecimal.valueOf(position.getDouble("position"))
                .add(order.getString("side").equals("BUY") ? qty : qty.negate());
        position.put("position", size.doubleValue()).put("avgPrice", px.doubleValue()).put("mktPrice", px.doubleValue())
                .put("unrealizedPnl", 0.0).put("realizedPnl", 0.0);
        pushOrder(order);
        if (pushing) {
            broadcast("str", new JsonObject().put("topic", "str").put("args", new JsonArray().add(trade.copy())));
        }
        return executionId;
    }

    /** Sends a frame as it stands to every authenticated socket (for duplicates and junk). */
    public void pushRaw(String text) {
        vertx.runOnContext(v -> sockets.stream().filter(s -> s.authenticated).forEach(s -> s.ws.writeTextMessage(text)));
    }

    /** Changes the available funds and pushes an {@code ssd} message saying so. */
    public void availableFunds(double amount) {
        availableFunds = amount;
        broadcast("ssd+" + ACCOUNT, new JsonObject().put("topic", "ssd+" + ACCOUNT).put("args", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("key", "AvailableFunds").put("monetaryValue", amount).put("currency", "USD"))));
    }

    public void publishMarketData(long conid, JsonObject fields) {
        broadcast("smd+" + conid, fields.copy().put("topic", "smd+" + conid).put("conid", conid).put("_updated", System.currentTimeMillis()));
    }

    private void pushOrder(JsonObject order) {
        if (pushing && !sorSilent) {
            broadcast("sor", new JsonObject().put("topic", "sor").put("args", new JsonArray().add(order.copy())));
        }
    }

    private void broadcast(String topic, JsonObject frame) {
        String text = frame.encode();
        vertx.runOnContext(v -> sockets.stream().filter(s -> s.authenticated && (topic == null || s.topics.contains(topic)))
                .forEach(s -> s.ws.writeTextMessage(text)));
    }

    // ---------------------------------------------------------------- WebSocket

    private void webSocket(ServerWebSocket ws) {
        if (!ws.path().equals("/v1/api/ws")) {
            ws.close((short) 1008, "unknown path");
            return;
        }
        Socket socket = new Socket(ws);
        sockets.add(socket);
        connections.incrementAndGet();
        ws.closeHandler(v -> sockets.remove(socket));
        ws.textMessageHandler(text -> onText(socket, text));
        ws.writeTextMessage(new JsonObject().put("message", "waiting for session").encode());
    }

    private void onText(Socket socket, String text) {
        received.add(text);
        if (text.startsWith("{")) {
            JsonObject message = new JsonObject(text);
            if (SESSION.equals(message.getString("session")) && loggedIn) {
                socket.authenticated = true;
                socket.ws.writeTextMessage(new JsonObject().put("topic", "system").put("success", "tradewire1").put("isFT", false)
                        .put("isPaper", true).encode());
                socket.ws.writeTextMessage(new JsonObject().put("topic", "act").put("args", new JsonObject()
                        .put("accounts", new JsonArray().add(ACCOUNT)).put("selectedAccount", ACCOUNT)).encode());
                socket.ws.writeTextMessage(new JsonObject().put("topic", "sts").put("args", new JsonObject()
                        .put("authenticated", true).put("competing", false).put("connected", true)).encode());
            } else {
                socket.ws.writeTextMessage(new JsonObject().put("topic", "sts").put("args", new JsonObject()
                        .put("authenticated", false)).encode());
            }
            return;
        }
        if (!socket.authenticated) {
            return;
        }
        if (text.equals("tic")) {
            socket.ws.writeTextMessage(new JsonObject().put("topic", "tic").put("alive", true).put("id", "fake").encode());
            return;
        }
        int plus = text.indexOf('+');
        String topic = plus < 0 ? text : text.substring(0, plus);
        if (topic.equals("ssd") || topic.equals("smd")) {
            String rest = text.substring(plus + 1);
            topic = topic + "+" + rest.substring(0, rest.indexOf('+'));
        }
        socket.topics.add(topic);
        synchronized (this) {
            if (topic.equals("sor") && !sorSilent) {
                JsonArray all = new JsonArray();
                orders.values().forEach(o -> all.add(o.copy()));
                socket.ws.writeTextMessage(new JsonObject().put("topic", "sor").put("args", all).encode());
            } else if (topic.equals("str")) {
                JsonArray all = new JsonArray();
                trades.forEach(t -> all.add(t.copy()));
                socket.ws.writeTextMessage(new JsonObject().put("topic", "str").put("args", all).encode());
            }
        }
    }

    // ---------------------------------------------------------------- REST

    private void rest(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path().substring("/v1/api".length());
            calls.add(request.method().name() + " " + path);
            if (path.equals("/tickle")) {
                tickles.incrementAndGet();
                if (!loggedIn) {
                    request.response().setStatusCode(401).end();
                    return;
                }
                json(request, new JsonObject().put("session", SESSION).put("ssoExpires", 460_000).put("collission", false)
                        .put("userId", 1).put("iserver", new JsonObject().put("authStatus", new JsonObject()
                                .put("authenticated", true).put("competing", false).put("connected", true))));
                return;
            }
            if (!loggedIn) {
                request.response().setStatusCode(401).end();
                return;
            }
            synchronized (this) {
                String account = "/iserver/account/" + ACCOUNT;
                if (request.method().name().equals("POST") && path.equals(account + "/orders")) {
                    place(request, new JsonObject(body.toString()));
                } else if (request.method().name().equals("POST") && path.startsWith("/iserver/reply/")) {
                    confirm(request, path.substring("/iserver/reply/".length()));
                } else if (request.method().name().equals("DELETE") && path.startsWith(account + "/order/")) {
                    cancel(request, path.substring((account + "/order/").length()));
                } else if (request.method().name().equals("POST") && path.startsWith(account + "/order/")) {
                    modify(request, path.substring((account + "/order/").length()), new JsonObject(body.toString()));
                } else if (path.equals("/iserver/account/orders")) {
                    JsonArray all = new JsonArray();
                    orders.values().forEach(o -> all.add(o.copy()));
                    json(request, new JsonObject().put("orders", all).put("snapshot", true));
                } else if (path.equals("/iserver/account/trades")) {
                    JsonArray all = new JsonArray();
                    trades.forEach(t -> all.add(t.copy()));
                    request.response().putHeader("Content-Type", "application/json").end(all.encode());
                } else if (path.equals("/portfolio/" + ACCOUNT + "/positions/0")) {
                    JsonArray all = new JsonArray();
                    positions.values().forEach(p -> all.add(p.copy()));
                    request.response().putHeader("Content-Type", "application/json").end(all.encode());
                } else if (path.equals("/portfolio/" + ACCOUNT + "/summary")) {
                    json(request, new JsonObject()
                            .put("totalcashvalue", amount(100_000)).put("netliquidation", amount(100_000))
                            .put("availablefunds", amount(availableFunds)).put("initmarginreq", amount(5_000)));
                } else {
                    request.response().setStatusCode(404).end(new JsonObject().put("error", "not found").encode());
                }
            }
        });
    }

    private static JsonObject amount(double value) {
        return new JsonObject().put("amount", value).put("currency", "USD").put("isNull", false);
    }

    /** The first answer to an order is a question, as the gateway asks about missing market data. */
    private void place(HttpServerRequest request, JsonObject body) {
        JsonObject order = body.getJsonArray("orders", new JsonArray()).getJsonObject(0);
        if (order == null || order.getValue("conid") == null || order.getValue("quantity") == null) {
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", "Order is missing conid or quantity").encode());
            return;
        }
        String id = UUID.randomUUID().toString();
        questions.put(id, order.encode());
        request.response().putHeader("Content-Type", "application/json").end(new JsonArray().add(new JsonObject().put("id", id)
                .put("message", new JsonArray().add("You are submitting an order without market data. Are you sure?"))
                .put("isSuppressed", false).put("messageIds", new JsonArray().add("o354"))).encode());
    }

    private void confirm(HttpServerRequest request, String id) {
        String pending = questions.remove(id);
        if (pending == null) {
            request.response().setStatusCode(400).end(new JsonObject().put("error", "no question " + id).encode());
            return;
        }
        confirmations.incrementAndGet();
        JsonObject order = new JsonObject(pending);
        String orderId = Long.toString(nextOrderId.incrementAndGet());
        long conid = order.getLong("conid");
        BigDecimal quantity = new BigDecimal(order.getValue("quantity").toString());
        JsonObject live = new JsonObject().put("acct", ACCOUNT).put("conid", conid).put("orderId", Long.parseLong(orderId))
                .put("ticker", "AAPL").put("side", order.getString("side"))
                .put("orderType", order.getString("orderType").equals("MKT") ? "Market" : "Limit")
                .put("price", order.getValue("price") == null ? null : new BigDecimal(order.getValue("price").toString())
                        .setScale(2, RoundingMode.HALF_UP).toPlainString())
                .put("status", "PreSubmitted").put("filledQuantity", 0.0).put("remainingQuantity", quantity.doubleValue())
                .put("totalSize", quantity.doubleValue()).put("timeInForce", order.getString("tif", "GTC"))
                .put("order_ref", order.getString("cOID")).put("lastExecutionTime_r", System.currentTimeMillis());
        orders.put(orderId, live);
        request.response().putHeader("Content-Type", "application/json").end(new JsonArray().add(new JsonObject()
                .put("order_id", orderId).put("order_status", "PreSubmitted").put("encrypt_message", "1")).encode());
        pushOrder(live);
    }

    private void cancel(HttpServerRequest request, String orderId) {
        JsonObject order = orders.get(orderId);
        if (order == null || Set.of("Filled", "Cancelled").contains(order.getString("status"))) {
            request.response().setStatusCode(order == null ? 404 : 200).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", "OrderID " + orderId + " doesn't exist or is no longer active").encode());
            return;
        }
        order.put("status", "Cancelled").put("remainingQuantity", 0.0).put("lastExecutionTime_r", System.currentTimeMillis());
        json(request, new JsonObject().put("msg", "Request was submitted").put("order_id", Long.parseLong(orderId))
                .put("conid", order.getLong("conid")).put("account", ACCOUNT));
        pushOrder(order);
    }

    private void modify(HttpServerRequest request, String orderId, JsonObject body) {
        JsonObject order = orders.get(orderId);
        if (order == null) {
            request.response().setStatusCode(404).end(new JsonObject().put("error", "no such order").encode());
            return;
        }
        if (body.getValue("price") != null) {
            order.put("price", new BigDecimal(body.getValue("price").toString()).setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
        order.put("lastExecutionTime_r", System.currentTimeMillis());
        request.response().putHeader("Content-Type", "application/json").end(new JsonArray().add(new JsonObject()
                .put("order_id", orderId).put("order_status", order.getString("status"))).encode());
        pushOrder(order);
    }

    private static void json(HttpServerRequest request, JsonObject body) {
        request.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
