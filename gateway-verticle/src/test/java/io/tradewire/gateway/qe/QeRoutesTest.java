package io.tradewire.gateway.qe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.OnContext;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Side;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderAction;
import io.tradewire.model.algo.MasterOrderList;
import io.tradewire.model.algo.QueryAlgoFills;
import io.tradewire.model.algo.QueryMasterOrders;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.view.OrderList;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed QE REST surface against a stand-in engine on the bus: every rejection in the QE error shape, and what
 * accepted requests turn into.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class QeRoutesTest {
    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path dataDir;

    private final List<Object> received = new CopyOnWriteArrayList<>();
    private ApiKeyStore.Created alice;
    private Vertx vertx;
    private HttpClient client;
    private int port;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext testContext) {
        BusCodecs.ensureRegistered(vertx);
        this.vertx = vertx;
        ApiKeyStore keys = ApiKeyStore.at(dataDir);
        alice = keys.create("alice");
        QeConfig config = new QeConfig(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(1));
        Router router = Router.router(vertx);
        new QeRoutes(vertx, new SignedRequests(vertx, keys, config, () -> NOW), new ListenKeys(vertx, config.listenKeyTtl(), () -> NOW),
                Duration.ofSeconds(5), () -> NOW).mountOn(router);
        vertx.eventBus().consumer(Addresses.ALGO, message -> {
            Object body = message.body();
            received.add(body);
            if (body instanceof CreateMasterOrder create) {
                message.reply(QeCodecTest.MASTER);
            } else if (body instanceof MasterOrderAction action && !action.userId().equals("alice")) {
                message.fail(ErrorCode.ORDER_NOT_FOUND.code(), "Master order not found");
            } else if (body instanceof MasterOrderAction action && action.kind() == MasterOrderAction.Kind.RESUME) {
                message.fail(ErrorCode.ORDER_NOT_ACTIVE.code(), "Master order is COMPLETED");
            } else if (body instanceof MasterOrderAction) {
                message.reply(QeCodecTest.MASTER);
            } else if (body instanceof QueryMasterOrders) {
                message.reply(new MasterOrderList(List.of(QeCodecTest.MASTER)));
            } else if (body instanceof QueryAlgoFills) {
                message.reply(new OrderList(List.of(QeCodecTest.CHILD)));
            }
        });
        client = vertx.createHttpClient();
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .onComplete(testContext.succeeding(server -> {
                    port = server.actualPort();
                    testContext.completeNow();
                }));
    }

    private record Answer(int status, JsonObject body) {
    }

    /** A request as the SDK signs it: parameters, timestamp, then the signature of everything before it. */
    private String signed(String params, long timestamp, String secret) {
        String query = (params.isEmpty() ? "" : params + "&") + "timestamp=" + timestamp;
        return query + "&signature=" + QeSignature.sign(secret, query);
    }

    private long sequence;

    /** Signed by alice; each request a millisecond apart, as sequential SDK calls are (a signature counts once). */
    private String signed(String params) {
        return signed(params, NOW - sequence++, alice.apiSecret());
    }

    private Future<Answer> call(HttpMethod method, String path, String query, String apiKey) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
                .setURI(path + (query == null ? "" : "?" + query));
        if (apiKey != null) {
            options.putHeader(SignedRequests.HEADER, apiKey);
        }
        return OnContext.call(vertx, () -> client.request(options).compose(request -> request.send())
                .compose(response -> response.body().map(buffer -> new Answer(response.statusCode(),
                        buffer.length() == 0 ? new JsonObject() : new JsonObject(buffer.toString())))));
    }

    private static void assertRefused(Answer answer, int status, String reason) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.body().getInteger("code")).isNotEqualTo(200);
        assertThat(answer.body().getString("reason")).isEqualTo(reason);
        assertThat(answer.body().getString("message")).isNotBlank();
        assertThat(answer.body().getString("traceId")).isNotBlank();
        assertThat(answer.body().getLong("serverTime")).isEqualTo(NOW);
    }

    @Test
    @DisplayName("A signed listen-key request gets {code:200, message:{listenKey, expireAt (seconds, a string), success}} on every path")
    void listenKey(VertxTestContext testContext) {
        Future.all(List.of(
                        call(HttpMethod.POST, "/user/trading/listen-key", signed(""), alice.apiKey()),
                        call(HttpMethod.POST, "/user/trading/v2/listen-key", signed("recvWindow=5000"), alice.apiKey()),
                        call(HttpMethod.POST, "/strategy-api/user/trading/v2/listen-key", signed("recvWindow=6000"), alice.apiKey())))
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    for (int i = 0; i < all.size(); i++) {
                        Answer answer = all.resultAt(i);
                        assertThat(answer.status()).isEqualTo(200);
                        assertThat(answer.body().getInteger("code")).isEqualTo(200);
                        assertThat(answer.body().getString("reason")).isEqualTo("OK");
                        JsonObject message = answer.body().getJsonObject("message");
                        assertThat(message.getString("listenKey")).matches("[0-9a-f]{64}");
                        assertThat(message.getString("expireAt")).isEqualTo(Long.toString(NOW / 1000 + 24 * 3600));
                        assertThat(message.getBoolean("success")).isTrue();
                    }
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("No key, an unknown key, a bad signature, a stale or future timestamp, a replay: each refused in the QE shape")
    void rejections(VertxTestContext testContext) {
        String fine = signed("recvWindow=5000");
        String path = "/user/trading/master-orders";
        Future.all(List.of(
                        call(HttpMethod.GET, path, signed(""), null),
                        call(HttpMethod.GET, path, signed(""), "0123456789abcdef"),
                        call(HttpMethod.GET, path, signed("", NOW, "not-the-secret"), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("recvWindow=5000").replace("recvWindow=5000", "recvWindow=60000"), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("", NOW - 5_001, alice.apiSecret()), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("recvWindow=60000", NOW - 59_000, alice.apiSecret()), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("", NOW + 1_001, alice.apiSecret()), alice.apiKey()),
                        call(HttpMethod.GET, path, fine, alice.apiKey())))
                .compose(all -> call(HttpMethod.GET, path, fine, alice.apiKey()).map(replay -> List.of(all, replay)))
                .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
                    io.vertx.core.CompositeFuture all = (io.vertx.core.CompositeFuture) both.get(0);
                    assertRefused(all.resultAt(0), 401, "INVALID_API_KEY");
                    assertRefused(all.resultAt(1), 401, "INVALID_API_KEY");
                    assertRefused(all.resultAt(2), 401, "INVALID_SIGNATURE");
                    assertRefused(all.resultAt(3), 401, "INVALID_SIGNATURE");
                    assertRefused(all.resultAt(4), 400, "TIMESTAMP_OUTSIDE_RECV_WINDOW");
                    assertThat(((Answer) all.resultAt(5)).status()).isEqualTo(200); // inside a 60 s window
                    assertRefused(all.resultAt(6), 400, "TIMESTAMP_OUTSIDE_RECV_WINDOW");
                    assertThat(((Answer) all.resultAt(7)).status()).isEqualTo(200);
                    assertRefused((Answer) both.get(1), 401, "REPLAYED_REQUEST");
                    assertThat(received).hasSize(2);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("Malformed, hostile and oversized requests: 400 / 404 / 414 in the QE shape, nothing reaches the engine")
    void malformed(VertxTestContext testContext) {
        String path = "/user/trading/master-orders";
        String noise = "x".repeat(10_000);
        Future.all(List.of(
                        call(HttpMethod.GET, path, "timestamp=" + NOW, alice.apiKey()),
                        call(HttpMethod.GET, path, "timestamp=soon&signature=" + "0".repeat(64), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("recvWindow=60001"), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("") + "&signature=" + "1".repeat(64), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("a=%zz"), alice.apiKey()),
                        call(HttpMethod.POST, path, signed("algorithm=TWAP&exchange=Tradewire&symbol=BTCUSDT&marketType=SPOT&side=SIDEWAYS"
                                + "&apiKeyId=k&totalQuantity=1&executionDurationSeconds=60"), alice.apiKey()),
                        call(HttpMethod.POST, path, signed("algorithm=TWAP&exchange=Tradewire&symbol=BTCUSDT&marketType=SPOT&side=BUY"
                                + "&apiKeyId=k&totalQuantity=1e999999999&executionDurationSeconds=60"), alice.apiKey()),
                        call(HttpMethod.POST, path, signed("algorithm=TWAP&exchange=Tradewire&symbol=BTC.USDT&marketType=SPOT&side=BUY"
                                + "&apiKeyId=k&totalQuantity=1&executionDurationSeconds=60"), alice.apiKey()),
                        call(HttpMethod.GET, "/user/trading/master-orders/..%2F..%2Fetc", signed(""), alice.apiKey()),
                        call(HttpMethod.DELETE, "/user/trading/listen-key", signed(""), alice.apiKey()),
                        call(HttpMethod.GET, path, signed("notes=" + noise), alice.apiKey())))
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    for (int i = 0; i < 8; i++) {
                        assertRefused(all.resultAt(i), 400, "MALFORMED_REQUEST");
                    }
                    assertRefused(all.resultAt(8), 404, ErrorCode.ORDER_NOT_FOUND.name());
                    assertRefused(all.resultAt(9), 404, "NOT_FOUND");
                    assertThat(((Answer) all.resultAt(10)).status()).isEqualTo(414);
                    assertThat(received).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("create_master_order's parameters become the engine's request for the signer's user (any letter case, Python booleans)")
    void createMasterOrder(VertxTestContext testContext) {
        String params = "algorithm=twap&algorithmType=TWAP&exchange=tradewire&symbol=BTCUSDT&marketType=SPOT&side=buy&apiKeyId=key@1"
                + "&totalQuantity=0.005&executionDurationSeconds=60&worstPrice=61000.5&clientOrderId=c-1&reduceOnly=True"
                + "&tailOrderProtection=True&enableMake=True&isTargetPosition=False";
        call(HttpMethod.POST, "/user/trading/master-orders", signed(params), alice.apiKey())
                .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.body().getJsonObject("message").getString("masterOrderId")).isEqualTo("MO1");
                    assertThat(received).containsExactly(new CreateMasterOrder("alice", "c-1", Algorithm.TWAP, "tradewire", "BTCUSDT",
                            "SPOT", Side.BUY, new BigDecimal("0.005"), null, 60, new BigDecimal("61000.5"), null, true, null));
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("Detail, by client order id, list, fills, cancel and pause; refusals from the engine keep their code (404, 409)")
    void masterOrders(VertxTestContext testContext) {
        Future.all(List.of(
                        call(HttpMethod.GET, "/user/trading/master-orders/MO1", signed(""), alice.apiKey()),
                        call(HttpMethod.GET, "/user/trading/master-orders/by-client-order-id/c-1", signed(""), alice.apiKey()),
                        call(HttpMethod.GET, "/user/trading/master-orders", signed("page=1&pageSize=10"), alice.apiKey()),
                        call(HttpMethod.GET, "/user/trading/order-fills", signed("masterOrderId=MO1"), alice.apiKey()),
                        call(HttpMethod.PUT, "/user/trading/master-orders/MO1/cancel", signed("masterOrderId=MO1&reason=enough"), alice.apiKey()),
                        call(HttpMethod.PUT, "/strategy-api/user/trading/v2/master-orders/MO1/pause", signed("masterOrderId=MO1"), alice.apiKey()),
                        call(HttpMethod.PUT, "/user/trading/master-orders/MO1/resume", signed("masterOrderId=MO1"), alice.apiKey())))
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    JsonObject detail = ((Answer) all.resultAt(0)).body().getJsonObject("message");
                    assertThat(detail.getString("masterOrderId")).isEqualTo("MO1");
                    assertThat(detail.getString("status")).isEqualTo("PROCESSING");
                    assertThat(((Answer) all.resultAt(1)).body().getJsonObject("message").getString("clientOrderId")).isEqualTo("c-1");
                    JsonObject list = ((Answer) all.resultAt(2)).body().getJsonObject("message");
                    assertThat(list.getInteger("total")).isEqualTo(1);
                    assertThat(list.getJsonArray("items")).hasSize(1);
                    JsonObject fill = ((Answer) all.resultAt(3)).body().getJsonObject("message").getJsonArray("items").getJsonObject(0);
                    assertThat(fill.getString("masterOrderId")).isEqualTo("MO1");
                    assertThat(fill.getString("exchange")).isEqualTo("Tradewire");
                    assertThat(fill.getString("category")).isEqualTo("spot");
                    assertThat(fill.getDouble("filledQuantity")).isEqualTo(0.001);
                    assertThat(((Answer) all.resultAt(4)).body().getJsonObject("message").getBoolean("success")).isTrue();
                    assertThat(((Answer) all.resultAt(5)).status()).isEqualTo(200);
                    assertRefused(all.resultAt(6), 409, ErrorCode.ORDER_NOT_ACTIVE.name());
                    assertThat(received).contains(new MasterOrderAction("alice", "MO1", null, MasterOrderAction.Kind.CANCEL, "enough"),
                            new MasterOrderAction("alice", null, "c-1", MasterOrderAction.Kind.QUERY, null),
                            new QueryAlgoFills("alice", "MO1"));
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("The signer's user is the one the engine hears about: another user's key never reaches alice's orders")
    void otherUser(VertxTestContext testContext) {
        ApiKeyStore.Created bob = ApiKeyStore.at(dataDir).create("bob");
        String query = "timestamp=" + NOW;
        call(HttpMethod.PUT, "/user/trading/master-orders/MO1/cancel", query + "&signature=" + QeSignature.sign(bob.apiSecret(), query),
                bob.apiKey())
                .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
                    assertRefused(answer, 404, ErrorCode.ORDER_NOT_FOUND.name());
                    assertThat(received).containsExactly(new MasterOrderAction("bob", "MO1", null, MasterOrderAction.Kind.CANCEL, null));
                    testContext.completeNow();
                })));
    }
}
