package io.tradewire.gateway.qe;

import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.algo.MasterOrderAction;
import io.tradewire.model.algo.MasterOrderList;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.algo.QueryAlgoFills;
import io.tradewire.model.algo.QueryMasterOrders;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QE REST surface (see {@code docs/dialects/qe.md}), under {@code /user/trading} and
 * {@code /user/trading/v2}, each also under the public deployments' prefix {@code /strategy-api}:
 *
 * <pre>
 * POST /user/trading/listen-key                                 → {listenKey, expireAt, success, message}
 * POST /user/trading/master-orders                              → {masterOrderId, clientOrderId, success, message}
 * GET  /user/trading/master-orders                              → {items, total, page, pageSize}
 * GET  /user/trading/master-orders/{masterOrderId}              → the master order
 * GET  /user/trading/master-orders/by-client-order-id/{id}      → the master order
 * PUT  /user/trading/master-orders/{masterOrderId}/cancel|pause|resume
 * GET  /user/trading/order-fills                                → {items, total, page, pageSize}
 * </pre>
 *
 * <p>Every request is signed ({@link SignedRequests}); replies are {@code {"code":200,"reason":"OK","message":...,
 * "traceId","serverTime"}}, refusals the same shape with the refusal's code, reason and message. The gateway wires
 * it with one line: {@code QeRoutes.mount(router, vertx, config(), config.requestTimeout())}.
 */
public final class QeRoutes {
    static final List<String> PREFIXES = List.of("", "/strategy-api");
    static final List<String> VERSIONS = List.of("/user/trading", "/user/trading/v2");
    static final int MAX_PAGE_SIZE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(QeRoutes.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final SignedRequests signed;
    private final ListenKeys listenKeys;
    private final DeliveryOptions requestOptions;
    private final LongSupplier clock;

    QeRoutes(Vertx vertx, SignedRequests signed, ListenKeys listenKeys, Duration requestTimeout, LongSupplier clock) {
        this.vertx = vertx;
        this.signed = signed;
        this.listenKeys = listenKeys;
        this.requestOptions = new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
        this.clock = clock;
    }

    /**
     * Adds the QE routes to the gateway's router.
     *
     * @param root           the whole configuration ({@code data-dir}, {@code gateway.qe.*}, {@code gateway.qe.api-key-dir})
     * @param requestTimeout how long to wait for the engine ({@code gateway.request-timeout})
     */
    public static void mount(Router router, Vertx vertx, JsonObject root, Duration requestTimeout) {
        QeConfig config = QeConfig.from(ConfigReader.of(root, "gateway.qe"));
        ApiKeyStore keys = ApiKeyStore.at(ApiKeyStore.dirOf(root));
        LongSupplier clock = System::currentTimeMillis;
        new QeRoutes(vertx, new SignedRequests(vertx, keys, config, clock), new ListenKeys(vertx, config.listenKeyTtl(), clock),
                requestTimeout, clock).mountOn(router);
    }

    void mountOn(Router router) {
        for (String prefix : PREFIXES) {
            for (String version : VERSIONS) {
                String base = prefix + version;
                router.post(base + "/listen-key").handler(ctx -> handle(ctx, this::createListenKey));
                router.post(base + "/master-orders").handler(ctx -> handle(ctx, this::createMasterOrder));
                router.get(base + "/master-orders").handler(ctx -> handle(ctx, this::listMasterOrders));
                router.get(base + "/master-orders/by-client-order-id/:clientOrderId")
                        .handler(ctx -> handle(ctx, (user, c) -> act(user, null, c.pathParam("clientOrderId"), MasterOrderAction.Kind.QUERY, c)));
                router.get(base + "/master-orders/:masterOrderId")
                        .handler(ctx -> handle(ctx, (user, c) -> act(user, c.pathParam("masterOrderId"), null, MasterOrderAction.Kind.QUERY, c)));
                for (MasterOrderAction.Kind kind : List.of(MasterOrderAction.Kind.CANCEL, MasterOrderAction.Kind.PAUSE,
                        MasterOrderAction.Kind.RESUME)) {
                    router.put(base + "/master-orders/:masterOrderId/" + kind.name().toLowerCase(java.util.Locale.ROOT))
                            .handler(ctx -> handle(ctx, (user, c) -> act(user, c.pathParam("masterOrderId"), null, kind, c)));
                }
                router.get(base + "/order-fills").handler(ctx -> handle(ctx, this::orderFills));
            }
            router.route(prefix + "/user/trading/*").handler(ctx -> refuse(ctx,
                    new QeRejection(404, 404, "NOT_FOUND", "No such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        }
    }

    // ------------------------------------------------------------------ endpoints

    private Future<Object> createListenKey(String user, RoutingContext ctx) {
        return listenKeys.create(user).map(issued -> new JsonObject()
                .put("listenKey", issued.listenKey())
                .put("expireAt", Long.toString(issued.expiresAt() / 1000))
                .put("success", true)
                .put("message", "ok"));
    }

    private Future<Object> createMasterOrder(String user, RoutingContext ctx) {
        return this.<MasterOrderView>request(new QeParams(ctx.queryParams()).createMasterOrder(user)).map(created -> new JsonObject()
                .put("masterOrderId", created.masterOrderId())
                .put("clientOrderId", created.clientOrderId())
                .put("success", true)
                .put("message", "ok"));
    }

    private Future<Object> listMasterOrders(String user, RoutingContext ctx) {
        QeParams params = new QeParams(ctx.queryParams());
        String status = params.filter("status");
        String symbol = params.filter("symbol");
        QeParams.Page page = params.page(MAX_PAGE_SIZE);
        return this.<MasterOrderList>request(new QueryMasterOrders(user)).map(list -> page.of(list.masterOrders().stream()
                .filter(m -> status == null || m.status().name().equalsIgnoreCase(status))
                .filter(m -> symbol == null || m.instrument().equals(symbol))
                .map(QeJson::master).collect(Collectors.toList())));
    }

    private Future<Object> act(String user, String masterOrderId, String clientOrderId, MasterOrderAction.Kind kind, RoutingContext ctx) {
        if (masterOrderId != null && !QeParams.isId(masterOrderId) || masterOrderId == null && !QeParams.isId(clientOrderId)) {
            return Future.failedFuture(QeRejection.of(ErrorCode.ORDER_NOT_FOUND, "Master order not found"));
        }
        String reason = new QeParams(ctx.queryParams()).text("reason", QeParams.MAX_NOTES);
        return this.<MasterOrderView>request(new MasterOrderAction(user, masterOrderId, clientOrderId, kind, reason)).map(master ->
                kind == MasterOrderAction.Kind.QUERY ? QeJson.master(master) : new JsonObject()
                        .put("masterOrderId", master.masterOrderId())
                        .put("status", master.status().name())
                        .put("success", true)
                        .put("message", "ok"));
    }

    private Future<Object> orderFills(String user, RoutingContext ctx) {
        QeParams params = new QeParams(ctx.queryParams());
        String orderId = params.filter("orderId");
        QeParams.Page page = params.page(MAX_PAGE_SIZE);
        Future<MasterOrderList> masters = request(new QueryMasterOrders(user));
        Future<OrderList> fills = request(new QueryAlgoFills(user, params.filter("masterOrderId")));
        return Future.all(masters, fills).map(both -> {
            Map<String, MasterOrderView> byId = masters.result().masterOrders().stream()
                    .collect(Collectors.toMap(MasterOrderView::masterOrderId, Function.identity()));
            List<JsonObject> rows = fills.result().orders().stream()
                    .filter(child -> orderId == null || child.orderId().equals(orderId))
                    .map(child -> {
                        MasterOrderView parent = byId.get(QeJson.masterIdOf(child));
                        return QeJson.fill(child, parent == null ? null : parent.exchange(),
                                parent == null || parent.marketType() == null ? null : parent.marketType().toLowerCase(java.util.Locale.ROOT));
                    })
                    .collect(Collectors.toList());
            return page.of(rows);
        });
    }

    // ------------------------------------------------------------------ plumbing

    private void handle(RoutingContext ctx, BiFunction<String, RoutingContext, Future<Object>> endpoint) {
        signed.verify(ctx.request())
                .compose(user -> {
                    try {
                        return endpoint.apply(user, ctx);
                    } catch (QeRejection e) {
                        return Future.failedFuture(e);
                    }
                })
                .onSuccess(payload -> respond(ctx, 200, new JsonObject().put("code", 200).put("reason", "OK").put("message", payload)))
                .onFailure(e -> refuse(ctx, rejectionOf(e)));
    }

    private <T> Future<T> request(Object body) {
        return vertx.eventBus().<T>request(Addresses.ALGO, body, requestOptions).map(message -> message.body());
    }

    private static QeRejection rejectionOf(Throwable e) {
        if (e instanceof QeRejection rejection) {
            return rejection;
        }
        if (e instanceof ReplyException reply) {
            switch (reply.failureType()) {
                case RECIPIENT_FAILURE:
                    return QeRejection.of(ErrorCode.of(reply.failureCode()), reply.getMessage());
                case TIMEOUT:
                    return QeRejection.of(ErrorCode.TIMEOUT, "The execution engine did not answer in time");
                default:
                    return QeRejection.of(ErrorCode.UNAVAILABLE, "The execution engine is not available");
            }
        }
        LOG.warn("QE request failed", e);
        return QeRejection.of(ErrorCode.INTERNAL, "Internal error");
    }

    private void refuse(RoutingContext ctx, QeRejection rejection) {
        respond(ctx, rejection.status, new JsonObject().put("code", rejection.code).put("reason", rejection.reason)
                .put("message", rejection.getMessage()));
    }

    private void respond(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        byte[] trace = new byte[8];
        RANDOM.nextBytes(trace);
        body.put("traceId", HexFormat.of().formatHex(trace)).put("serverTime", clock.getAsLong());
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
