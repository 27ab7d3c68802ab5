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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Bybit v5 server on loopback, for tests: signed REST ({@code X-BAPI-*}, recv window against its own clock, which a
 * test may shift), the private WebSocket {@code /v5/private} ({@code op: auth} with {@code GET/realtime} + expires,
 * subscribe, ping / pong, pushes {@code order}, {@code execution}, {@code position}, {@code wallet}) and the public
 * WebSocket {@code /v5/public/linear} (subscribe, {@code orderbook.*} and {@code tickers.*} pushes that the test sends).
 * Replies use Bybit's envelope {@code {"retCode","retMsg","result","retExtInfo","time"}} and string numbers.
 *
 * <p>The exchange itself is simple: orders rest until the test fills them ({@link #fill}); a fill updates the order, adds
 * an execution, a position and the wallet, and pushes them all to the authenticated private sockets subscribed to each
 * topic. Every state change is kept, so REST queries after a disconnect show what the pushes would have said.
 */
public final class FakeBybit implements AutoCloseable {
    public static final String API_KEY = "fake-bybit-key";
    public static final String API_SECRET = "fake-bybit-secret-0123456789";

    private final Vertx vertx;
    private HttpServer server;
    private final Map<String, JsonObject> orders = new LinkedHashMap<>();
    private final List<JsonObject> executions = new ArrayList<>();
    private final Map<String, JsonObject> positions = new LinkedHashMap<>();
    private final List<PrivateSocket> privateSockets = new CopyOnWriteArrayList<>();
    private final List<ServerWebSocket> publicSockets = new CopyOnWriteArrayList<>();
    /** Every REST call as {@code METHOD path}, in order. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Every frame a client sent on a WebSocket, in order. */
    public final List<String> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger authAttempts = new AtomicInteger();
    public final AtomicInteger privateConnections = new AtomicInteger();
    private volatile long clockShiftMillis;
    private volatile boolean refuseAuth;
    private volatile boolean pushing = true;
    private BigDecimal walletBalance = new BigDecimal("10000");
    private BigDecimal realised = BigDecimal.ZERO;

    private static final class PrivateSocket {
        final ServerWebSocket socket;
        volatile boolean authenticated;
        final Set<String> topics = ConcurrentHashMap.newKeySet();

        PrivateSocket(ServerWebSocket socket) {
            this.socket = socket;
        }
    }

    public FakeBybit(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<FakeBybit> start() {
        server = vertx.createHttpServer();
        server.webSocketHandler(this::webSocket).requestHandler(this::rest);
        return server.listen(0, "127.0.0.1").map(s -> this);
    }

    public int port() {
        return server.actualPort();
    }

    public String restUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String privateUrl() {
        return "ws://127.0.0.1:" + port() + "/v5/private";
    }

    public String publicUrl() {
        return "ws://127.0.0.1:" + port() + "/v5/public/linear";
    }

    /** Moves the server's clock (a client that does not correct for skew then fails the recv window). */
    public void shiftClock(long millis) {
        clockShiftMillis = millis;
    }

    /** Refuses every WebSocket authentication (as for a revoked key). */
    public void refuseAuth(boolean refuse) {
        refuseAuth = refuse;
    }

    /** Stops (or resumes) private pushes: changes still happen and REST shows them. */
    public void pushing(boolean on) {
        pushing = on;
    }

    /** Closes every private WebSocket, as a network cut would. */
    public void dropPrivateSockets() {
        vertx.runOnContext(v -> privateSockets.forEach(s -> s.socket.close((short) 1001)));
    }

    /** How many authenticated private sockets are subscribed to a topic. */
    public long subscribers(String topic) {
        return privateSockets.stream().filter(s -> s.authenticated && s.topics.contains(topic)).count();
    }

    public synchronized List<JsonObject> orders() {
        return orders.values().stream().map(JsonObject::copy).toList();
    }

    public synchronized JsonObject order(String orderId) {
        JsonObject order = orders.get(orderId);
        return order == null ? null : order.copy();
    }

    public long now() {
        return System.currentTimeMillis() + clockShiftMillis;
    }

    // ---------------------------------------------------------------- exchange actions a test drives

    /** Fills part of a resting order: the order, an execution, the position and the wallet change and are pushed. */
    public synchronized String fill(String orderId, String quantity, String price) {
        JsonObject order = orders.get(orderId);
        BigDecimal qty = new BigDecimal(quantity);
        BigDecimal px = new BigDecimal(price);
        BigDecimal cum = new BigDecimal(order.getString("cumExecQty")).add(qty);
        BigDecimal value = new BigDecimal(order.getString("cumExecValue")).add(qty.multiply(px));
        BigDecimal total = new BigDecimal(order.getString("qty"));
        long now = now();
        order.put("cumExecQty", cum.toPlainString()).put("cumExecValue", value.toPlainString())
                .put("leavesQty", total.subtract(cum).toPlainString())
                .put("avgPrice", value.divide(cum, 8, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString())
                .put("orderStatus", cum.compareTo(total) >= 0 ? "Filled" : "PartiallyFilled")
                .put("updatedTime", Long.toString(now));
        BigDecimal fee = qty.multiply(px).multiply(new BigDecimal("0.00055")).setScale(8, RoundingMode.HALF_UP).stripTrailingZeros();
        String execId = UUID.randomUUID().toString();
        JsonObject execution = new JsonObject().put("category", "linear").put("symbol", order.getString("symbol"))
                .put("orderId", orderId).put("orderLinkId", order.getString("orderLinkId")).put("side", order.getString("side"))
                .put("execId", execId).put("execPrice", px.toPlainString()).put("execQty", qty.toPlainString())
                .put("execFee", fee.toPlainString()).put("execTime", Long.toString(now)).put("execType", "Trade")
                .put("isMaker", false).put("orderType", order.getString("orderType")).put("seq", executions.size() + 1);
        executions.add(execution);
        JsonObject position = applyToPosition(order.getString("symbol"), order.getString("side"), qty, px, now);
        walletBalance = walletBalance.subtract(fee);
        push("execution", execution);
        push("order", order);
        push("position", position);
        push("wallet", wallet());
        return execId;
    }

    /** Pushes a frame as it stands to every private socket subscribed to its topic (for duplicates and stale pushes). */
    public void pushRaw(String topic, JsonObject row) {
        sendPrivate(topic, row.copy());
    }

    public synchronized JsonObject lastExecution() {
        return executions.get(executions.size() - 1).copy();
    }

    /** Sends a public push ({@code orderbook.*} with {@code type}, or {@code tickers.*}) to every public socket. */
    public void publishPublic(String topic, String type, JsonObject data) {
        JsonObject frame = new JsonObject().put("topic", topic).put("type", type).put("ts", now()).put("data", data);
        if (topic.startsWith("orderbook.")) {
            frame.put("cts", now());
        }
        String text = frame.encode();
        vertx.runOnContext(v -> publicSockets.forEach(s -> s.writeTextMessage(text)));
    }

    private JsonObject applyToPosition(String symbol, String side, BigDecimal qty, BigDecimal px, long now) {
        JsonObject position = positions.computeIfAbsent(symbol, s -> new JsonObject().put("symbol", s).put("side", "")
                .put("size", "0").put("avgPrice", "0").put("positionIdx", 0).put("category", "linear"));
        BigDecimal signed = new BigDecimal(position.getString("size")).multiply(position.getString("side").equals("Sell")
                ? BigDecimal.ONE.negate() : BigDecimal.ONE);
        BigDecimal delta = side.equals("Buy") ? qty : qty.negate();
        BigDecimal next = signed.add(delta);
        BigDecimal avg = new BigDecimal(position.getString("avgPrice"));
        if (signed.signum() == 0 || signed.signum() == delta.signum()) {
            avg = avg.multiply(signed.abs()).add(px.multiply(qty)).divide(next.abs(), 8, RoundingMode.HALF_EVEN);
        } else {
            BigDecimal closed = qty.min(signed.abs());
            realised = realised.add(px.subtract(avg).multiply(closed).multiply(BigDecimal.valueOf(signed.signum())));
            if (next.signum() != signed.signum()) {
                avg = next.signum() == 0 ? BigDecimal.ZERO : px;
            }
        }
        position.put("side", next.signum() > 0 ? "Buy" : next.signum() < 0 ? "Sell" : "")
                .put("size", next.abs().toPlainString()).put("avgPrice", avg.stripTrailingZeros().toPlainString())
                .put("entryPrice", avg.stripTrailingZeros().toPlainString()).put("markPrice", px.toPlainString())
                .put("unrealisedPnl", "0").put("cumRealisedPnl", realised.toPlainString()).put("positionIM", "0")
                .put("updatedTime", Long.toString(now)).put("seq", executions.size());
        return position;
    }

    private JsonObject wallet() {
        BigDecimal balance = walletBalance.add(realised);
        return new JsonObject().put("accountType", "UNIFIED").put("accountIMRate", "0").put("accountMMRate", "0")
                .put("totalEquity", balance.toPlainString()).put("totalWalletBalance", balance.toPlainString())
                .put("totalMarginBalance", balance.toPlainString()).put("totalAvailableBalance", balance.toPlainString())
                .put("totalPerpUPL", "0").put("totalInitialMargin", "0").put("totalMaintenanceMargin", "0").put("totalOrderIM", "0")
                .put("coin", new JsonArray().add(new JsonObject().put("coin", "USDT").put("walletBalance", balance.toPlainString())
                        .put("equity", balance.toPlainString()).put("unrealisedPnl", "0")
                        .put("cumRealisedPnl", realised.toPlainString()).put("locked", "0")));
    }

    private void push(String topic, JsonObject row) {
        if (pushing) {
            sendPrivate(topic, row.copy());
        }
    }

    private void sendPrivate(String topic, JsonObject row) {
        String frame = new JsonObject().put("id", UUID.randomUUID().toString()).put("topic", topic)
                .put("creationTime", now()).put("data", new JsonArray().add(row)).encode();
        vertx.runOnContext(v -> privateSockets.stream().filter(s -> s.authenticated && s.topics.contains(topic))
                .forEach(s -> s.socket.writeTextMessage(frame)));
    }

    // ---------------------------------------------------------------- WebSocket

    private void webSocket(ServerWebSocket socket) {
        if (socket.path().equals("/v5/private")) {
            PrivateSocket state = new PrivateSocket(socket);
            privateSockets.add(state);
            privateConnections.incrementAndGet();
            socket.closeHandler(v -> privateSockets.remove(state));
            socket.textMessageHandler(text -> onPrivate(state, text));
        } else if (socket.path().startsWith("/v5/public/")) {
            publicSockets.add(socket);
            socket.closeHandler(v -> publicSockets.remove(socket));
            socket.textMessageHandler(text -> onPublic(socket, text));
        } else {
            socket.close((short) 1008, "unknown path");
        }
    }

    private void onPrivate(PrivateSocket state, String text) {
        received.add(text);
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (RuntimeException e) {
            state.socket.writeTextMessage(new JsonObject().put("success", false).put("ret_msg", "Params Error").encode());
            return;
        }
        String op = message.getString("op", "");
        String reqId = message.getString("req_id", "");
        String connId = "fake-" + System.identityHashCode(state);
        switch (op) {
            case "auth" -> {
                authAttempts.incrementAndGet();
                JsonArray args = message.getJsonArray("args", new JsonArray());
                boolean ok = !refuseAuth && args.size() == 3 && API_KEY.equals(args.getValue(0))
                        && Long.parseLong(String.valueOf(args.getValue(1))) > now()
                        && MessageDigest.isEqual(hmac("GET/realtime" + args.getValue(1)).getBytes(StandardCharsets.UTF_8),
                                String.valueOf(args.getValue(2)).getBytes(StandardCharsets.UTF_8));
                state.authenticated = ok;
                state.socket.writeTextMessage(new JsonObject().put("req_id", reqId).put("success", ok)
                        .put("ret_msg", ok ? "" : "Request not authorized").put("op", "auth").put("conn_id", connId).encode());
            }
            case "subscribe" -> {
                boolean ok = state.authenticated;
                if (ok) {
                    message.getJsonArray("args", new JsonArray()).forEach(t -> state.topics.add(String.valueOf(t)));
                }
                state.socket.writeTextMessage(new JsonObject().put("success", ok).put("ret_msg", ok ? "" : "Request not authorized")
                        .put("conn_id", connId).put("req_id", reqId).put("op", "subscribe").encode());
            }
            case "ping" -> state.socket.writeTextMessage(new JsonObject().put("req_id", reqId).put("op", "pong")
                    .put("args", new JsonArray().add(Long.toString(now()))).put("conn_id", connId).encode());
            default -> state.socket.writeTextMessage(new JsonObject().put("success", false).put("ret_msg", "Invalid op")
                    .put("conn_id", connId).put("req_id", reqId).put("op", op).encode());
        }
    }

    private void onPublic(ServerWebSocket socket, String text) {
        received.add(text);
        JsonObject message = new JsonObject(text);
        String op = message.getString("op", "");
        String reqId = message.getString("req_id", "");
        if (op.equals("ping")) {
            socket.writeTextMessage(new JsonObject().put("success", true).put("ret_msg", "pong").put("conn_id", "fake-public")
                    .put("req_id", reqId).put("op", "ping").encode());
        } else {
            socket.writeTextMessage(new JsonObject().put("success", op.equals("subscribe")).put("ret_msg", "")
                    .put("conn_id", "fake-public").put("req_id", reqId).put("op", op).encode());
        }
    }

    // ---------------------------------------------------------------- REST

    private void rest(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            calls.add(request.method().name() + " " + path);
            if (path.equals("/v5/market/time")) {
                long now = now();
                reply(request, 0, "OK", new JsonObject().put("timeSecond", Long.toString(now / 1000))
                        .put("timeNano", Long.toString(now * 1_000_000)));
                return;
            }
            String payload = request.method().name().equals("GET") ? (request.query() == null ? "" : request.query()) : body.toString();
            String refusal = checkSignature(request, payload);
            if (refusal != null) {
                int code = refusal.startsWith("invalid request, please check your server timestamp") ? 10002
                        : refusal.equals("API key is invalid.") ? 10003 : 10004;
                reply(request, code, refusal, new JsonObject());
                return;
            }
            synchronized (this) {
                JsonObject json = request.method().name().equals("POST") ? new JsonObject(body.toString()) : new JsonObject();
                switch (request.method().name() + " " + path) {
                    case "POST /v5/order/create" -> create(request, json);
                    case "POST /v5/order/cancel" -> cancel(request, json);
                    case "POST /v5/order/amend" -> amend(request, json);
                    case "GET /v5/order/realtime" -> {
                        String id = request.getParam("orderId");
                        boolean openOnly = "1".equals(request.getParam("openOnly"));
                        JsonArray list = new JsonArray();
                        orders.values().stream().filter(o -> id == null || id.equals(o.getString("orderId")))
                                .filter(o -> !openOnly || Set.of("New", "PartiallyFilled").contains(o.getString("orderStatus")))
                                .forEach(o -> list.add(o.copy()));
                        reply(request, 0, "OK", new JsonObject().put("category", "linear").put("list", list).put("nextPageCursor", ""));
                    }
                    case "GET /v5/execution/list" -> {
                        long start = Long.parseLong(request.getParam("startTime", "0"));
                        JsonArray list = new JsonArray();
                        executions.stream().filter(e -> Long.parseLong(e.getString("execTime")) >= start).forEach(e -> list.add(e.copy()));
                        reply(request, 0, "OK", new JsonObject().put("category", "linear").put("list", list).put("nextPageCursor", ""));
                    }
                    case "GET /v5/position/list" -> {
                        JsonArray list = new JsonArray();
                        positions.values().forEach(p -> list.add(p.copy()));
                        reply(request, 0, "OK", new JsonObject().put("category", "linear").put("list", list).put("nextPageCursor", ""));
                    }
                    case "GET /v5/account/wallet-balance" -> reply(request, 0, "OK",
                            new JsonObject().put("list", new JsonArray().add(wallet())));
                    default -> request.response().setStatusCode(404).end();
                }
            }
        });
    }

    private void create(HttpServerRequest request, JsonObject json) {
        String symbol = json.getString("symbol");
        String qty = json.getString("qty");
        if (symbol == null || qty == null || json.getString("side") == null || json.getString("orderType") == null) {
            reply(request, 10001, "params error: symbol, side, orderType and qty are required", new JsonObject());
            return;
        }
        String linkId = json.getString("orderLinkId", "");
        if (!linkId.isEmpty() && orders.values().stream().anyMatch(o -> linkId.equals(o.getString("orderLinkId")))) {
            reply(request, 110072, "OrderLinkedID is duplicate", new JsonObject());
            return;
        }
        String orderId = UUID.randomUUID().toString();
        long now = now();
        JsonObject order = new JsonObject().put("category", "linear").put("symbol", symbol).put("orderId", orderId)
                .put("orderLinkId", linkId).put("side", json.getString("side")).put("orderType", json.getString("orderType"))
                .put("price", json.getString("price", "0")).put("qty", qty)
                .put("timeInForce", json.getString("timeInForce", "GTC")).put("orderStatus", "New")
                .put("leavesQty", qty).put("cumExecQty", "0").put("cumExecValue", "0").put("avgPrice", "")
                .put("reduceOnly", json.getBoolean("reduceOnly", false)).put("createdTime", Long.toString(now))
                .put("updatedTime", Long.toString(now)).put("rejectReason", "EC_NoError");
        orders.put(orderId, order);
        reply(request, 0, "OK", new JsonObject().put("orderId", orderId).put("orderLinkId", linkId));
        push("order", order);
    }

    private void cancel(HttpServerRequest request, JsonObject json) {
        JsonObject order = orders.get(json.getString("orderId", ""));
        if (order == null) {
            reply(request, 110001, "order not exists or too late to cancel", new JsonObject());
            return;
        }
        if (!Set.of("New", "PartiallyFilled").contains(order.getString("orderStatus"))) {
            reply(request, 110001, "order not exists or too late to cancel", new JsonObject());
            return;
        }
        order.put("orderStatus", new BigDecimal(order.getString("cumExecQty")).signum() > 0 ? "PartiallyFilledCanceled" : "Cancelled")
                .put("leavesQty", "0").put("updatedTime", Long.toString(now()));
        reply(request, 0, "OK", new JsonObject().put("orderId", order.getString("orderId")).put("orderLinkId", order.getString("orderLinkId")));
        push("order", order);
    }

    private void amend(HttpServerRequest request, JsonObject json) {
        JsonObject order = orders.get(json.getString("orderId", ""));
        if (order == null || !Set.of("New", "PartiallyFilled").contains(order.getString("orderStatus"))) {
            reply(request, 110001, "order not exists or too late to replace", new JsonObject());
            return;
        }
        if (json.getString("price") != null) {
            order.put("price", json.getString("price"));
        }
        if (json.getString("qty") != null) {
            order.put("qty", json.getString("qty")).put("leavesQty",
                    new BigDecimal(json.getString("qty")).subtract(new BigDecimal(order.getString("cumExecQty"))).toPlainString());
        }
        order.put("updatedTime", Long.toString(now()));
        reply(request, 0, "OK", new JsonObject().put("orderId", order.getString("orderId")).put("orderLinkId", order.getString("orderLinkId")));
        push("order", order);
    }

    /** Null when the request is signed right and on time; otherwise Bybit's refusal text. */
    private String checkSignature(HttpServerRequest request, String payload) {
        String key = request.getHeader("X-BAPI-API-KEY");
        String timestamp = request.getHeader("X-BAPI-TIMESTAMP");
        String window = request.getHeader("X-BAPI-RECV-WINDOW");
        String sign = request.getHeader("X-BAPI-SIGN");
        if (!API_KEY.equals(key)) {
            return "API key is invalid.";
        }
        if (timestamp == null || sign == null) {
            return "error sign! origin_string[]";
        }
        long ts;
        long recv;
        try {
            ts = Long.parseLong(timestamp);
            recv = window == null ? 5000 : Long.parseLong(window);
        } catch (NumberFormatException e) {
            return "error sign! bad timestamp";
        }
        long now = now();
        if (ts > now + 1000 || now - ts > recv) {
            return "invalid request, please check your server timestamp or recv_window param. req_timestamp[" + ts
                    + "],server_timestamp[" + now + "],recv_window[" + recv + "]";
        }
        String expected = hmac(timestamp + key + (window == null ? "" : window) + payload);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sign.getBytes(StandardCharsets.UTF_8))) {
            return "error sign! origin_string[" + timestamp + key + window + payload + "]";
        }
        return null;
    }

    private void reply(HttpServerRequest request, int code, String message, JsonObject result) {
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("retCode", code)
                .put("retMsg", message).put("result", result).put("retExtInfo", new JsonObject()).put("time", now()).encode());
    }

    private static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(API_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
