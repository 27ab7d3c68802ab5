package io.tradewire.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.view.AccountView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin REST routes against a stand-in venue on the bus: who may call them (401 without or with a bad token, 403
 * without the admin role), what they send to the venue (exact amounts), and how answers and refusals come back.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class AdminRoutesTest {
    private static final String SECRET = "admin-routes-test-secret-long-enough-0123";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String VENUE = "tradewire";

    private final List<Command> received = new CopyOnWriteArrayList<>();
    private MessageConsumer<Command> venue;
    private Vertx vertx;
    private HttpClient client;
    private int port;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext testContext) {
        BusCodecs.ensureRegistered(vertx);
        TokenService tokens = new TokenService(vertx, new AuthConfig(SECRET, false, Path.of("unused"), "tradewire", "tradewire",
                Duration.ofHours(1)), SECRET);
        Router router = Router.router(vertx);
        AdminRoutes.mount(router, vertx, tokens, VENUE, Duration.ofSeconds(5));
        // A venue whose accounts hold 1000.00; it refuses what the real one would.
        venue = vertx.eventBus().consumer(Addresses.matching(VENUE), message -> {
            Command command = message.body();
            received.add(command);
            BigDecimal amount = command instanceof Deposit d ? d.amount() : ((Withdraw) command).amount();
            if (amount.signum() <= 0) {
                message.fail(ErrorCode.MALFORMED.code(), "Malformed message: the amount must be positive");
            } else if (command instanceof Withdraw && amount.compareTo(new BigDecimal("1000")) > 0) {
                message.fail(ErrorCode.INSUFFICIENT_FUNDS.code(), "Insufficient funds: " + amount + " requested, 1000.00 can be withdrawn");
            } else {
                BigDecimal balance = command instanceof Deposit ? new BigDecimal("1000.00").add(amount) : new BigDecimal("1000.00").subtract(amount);
                message.reply(new AccountView(command.userId(), "USD", balance, balance, BigDecimal.ZERO, BigDecimal.ZERO,
                        BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("1.25"), BigDecimal.ZERO, 7L));
            }
        });
        client = vertx.createHttpClient();
        this.vertx = vertx;
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .onComplete(testContext.succeeding(server -> {
                    port = server.actualPort();
                    testContext.completeNow();
                }));
    }

    private static String token(JsonObject extraClaims, Instant expires) throws Exception {
        JsonObject claims = new JsonObject().put("sub", "ops1").put("iss", "tradewire").put("aud", new JsonArray().add("tradewire"))
                .put("iat", Instant.now().getEpochSecond()).put("exp", expires.getEpochSecond()).mergeIn(extraClaims);
        String input = B64.encodeToString(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String admin() throws Exception {
        return token(new JsonObject().put("roles", new JsonArray().add("trader").add("admin")), Instant.now().plusSeconds(600));
    }

    private record Answer(int status, JsonObject body, String authenticate) {
    }

    private Future<Answer> call(HttpMethod method, String path, String token, String body) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        return io.tradewire.gateway.OnContext.call(vertx, () -> client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(buffer -> answer(response, buffer.toString()))));
    }

    private static Answer answer(HttpClientResponse response, String body) {
        return new Answer(response.statusCode(), body.isEmpty() ? new JsonObject() : new JsonObject(body),
                response.getHeader("WWW-Authenticate"));
    }

    private Future<Answer> post(String path, String token, String body) {
        return call(HttpMethod.POST, path, token, body);
    }

    @Test
    @DisplayName("No token, a malformed header, a bad signature or an expired admin token: 401, and nothing reaches the venue")
    void unauthenticated(VertxTestContext testContext) throws Exception {
        String expired = token(new JsonObject().put("roles", new JsonArray().add("admin")), Instant.now().minusSeconds(600));
        String forged = admin().substring(0, admin().lastIndexOf('.') + 1) + "AAAA";
        String body = "{\"amount\":\"10\"}";
        Future.all(List.of(
                        post("/admin/accounts/alice/deposit", null, body),
                        call(HttpMethod.POST, "/admin/accounts/alice/deposit", "", body),
                        post("/admin/accounts/alice/withdraw", "not-a-jwt", body),
                        post("/admin/accounts/alice/deposit", forged, body),
                        post("/admin/accounts/alice/deposit", expired, body)))
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    for (int i = 0; i < all.size(); i++) {
                        Answer answer = all.resultAt(i);
                        assertThat(answer.status()).as("request %d", i).isEqualTo(401);
                        assertThat(answer.body().getInteger("error_code")).isEqualTo(401);
                        assertThat(answer.authenticate()).isEqualTo("Bearer");
                    }
                    assertThat(received).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("A valid token without the admin role is 403: no roles, other roles, or a role given as a string")
    void forbidden(VertxTestContext testContext) throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        String body = "{\"amount\":\"10\"}";
        Future.all(List.of(
                        post("/admin/accounts/alice/deposit", token(new JsonObject(), later), body),
                        post("/admin/accounts/alice/deposit", token(new JsonObject().put("roles", new JsonArray().add("trader")), later), body),
                        post("/admin/accounts/alice/withdraw", token(new JsonObject().put("roles", "admin"), later), body),
                        post("/admin/accounts/alice/withdraw", token(new JsonObject().put("role", "admin"), later), body)))
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    for (int i = 0; i < all.size(); i++) {
                        Answer answer = all.resultAt(i);
                        assertThat(answer.status()).as("request %d", i).isEqualTo(403);
                        assertThat(answer.body().getInteger("error_code")).isEqualTo(403);
                    }
                    assertThat(received).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("An admin deposits and withdraws exact amounts (string or number) and gets the account back")
    void depositAndWithdraw(VertxTestContext testContext) throws Exception {
        String token = admin();
        post("/admin/accounts/alice/deposit", token, "{\"amount\":\"1000.50\"}")
                .compose(deposited -> {
                    testContext.verify(() -> {
                        assertThat(deposited.status()).isEqualTo(200);
                        assertThat(deposited.body().getString("user_id")).isEqualTo("alice");
                        assertThat(deposited.body().getString("balance")).isEqualTo("2000.50");
                        assertThat(deposited.body().getString("fees")).isEqualTo("1.25");
                    });
                    return post("/admin/accounts/bob/withdraw", token, "{\"amount\":250.25}");
                })
                .onComplete(testContext.succeeding(withdrawn -> testContext.verify(() -> {
                    assertThat(withdrawn.status()).isEqualTo(200);
                    assertThat(withdrawn.body().getString("balance")).isEqualTo("749.75");
                    assertThat(received).containsExactly(new Deposit("alice", new BigDecimal("1000.50")),
                            new Withdraw("bob", new BigDecimal("250.25")));
                    assertThat(((Deposit) received.get(0)).amount().scale()).isEqualTo(2);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("A request may name the venue whose account it changes; an invalid venue name is refused before anything is sent")
    void namedVenue(Vertx vertx, VertxTestContext testContext) throws Exception {
        String token = admin();
        List<Command> onCrypto = new CopyOnWriteArrayList<>();
        vertx.eventBus().<Command>consumer(Addresses.matching("crypto"), message -> {
            onCrypto.add(message.body());
            message.reply(new AccountView(message.body().userId(), "USDT", BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 1L));
        }).completion()
                .compose(v -> post("/admin/accounts/alice/deposit", token, "{\"amount\":\"10\",\"venue\":\"crypto\"}"))
                .compose(deposited -> {
                    testContext.verify(() -> {
                        assertThat(deposited.status()).isEqualTo(200);
                        assertThat(deposited.body().getString("currency")).isEqualTo("USDT");
                    });
                    return post("/admin/accounts/alice/deposit", token, "{\"amount\":\"10\",\"venue\":\"a.b\"}");
                })
                .onComplete(testContext.succeeding(refused -> testContext.verify(() -> {
                    assertThat(refused.status()).isEqualTo(400);
                    assertThat(onCrypto).containsExactly(new Deposit("alice", new BigDecimal("10")));
                    assertThat(received).as("nothing reached the default venue").isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("Refusals carry the shared error code with a matching status: 409 insufficient funds, 400 malformed, 503 no venue")
    void refusals(Vertx vertx, VertxTestContext testContext) throws Exception {
        String token = admin();
        Future.all(List.of(
                        post("/admin/accounts/alice/withdraw", token, "{\"amount\":\"5000\"}"),
                        post("/admin/accounts/alice/deposit", token, "{\"amount\":\"-5\"}"),
                        post("/admin/accounts/alice/deposit", token, "{\"amount\":\"lots\"}"),
                        post("/admin/accounts/alice/deposit", token, "not json"),
                        post("/admin/accounts/alice/deposit", token, null),
                        post("/admin/accounts/a.b/deposit", token, "{\"amount\":\"5\"}"),
                        call(HttpMethod.GET, "/admin/accounts/alice/deposit", token, null),
                        post("/admin/accounts/alice/deposit", token, "{\"amount\":\"" + "9".repeat(5000) + "\"}")))
                .compose(all -> {
                    testContext.verify(() -> {
                        Answer funds = all.resultAt(0);
                        assertThat(funds.status()).isEqualTo(409);
                        assertThat(funds.body().getInteger("error_code")).isEqualTo(1001);
                        assertThat(funds.body().getString("error_message")).startsWith("Insufficient funds: 5000 requested");
                        Answer negative = all.resultAt(1);
                        assertThat(negative.status()).isEqualTo(400);
                        assertThat(negative.body().getInteger("error_code")).isEqualTo(400);
                        for (int i = 2; i <= 5; i++) {
                            Answer malformed = all.resultAt(i);
                            assertThat(malformed.status()).as("request %d", i).isEqualTo(400);
                            assertThat(malformed.body().getInteger("error_code")).isEqualTo(400);
                        }
                        assertThat(((Answer) all.resultAt(6)).status()).isEqualTo(405);
                        assertThat(((Answer) all.resultAt(7)).status()).isEqualTo(413);
                        assertThat(received).hasSize(2); // only the well-formed ones reached the venue
                    });
                    return venue.unregister();
                })
                .compose(v -> post("/admin/accounts/alice/deposit", token, "{\"amount\":\"5\"}"))
                .onComplete(testContext.succeeding(unavailable -> testContext.verify(() -> {
                    assertThat(unavailable.status()).isEqualTo(503);
                    assertThat(unavailable.body().getInteger("error_code")).isEqualTo(503);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("Statuses of venue refusals and the Bearer header parsing")
    void helpers() {
        assertThat(AdminRoutes.status(ErrorCode.ACCOUNT_NOT_FOUND)).isEqualTo(404);
        assertThat(AdminRoutes.status(ErrorCode.UNAVAILABLE)).isEqualTo(503);
        assertThat(AdminRoutes.status(ErrorCode.INVALID_QUANTITY)).isEqualTo(422);
        assertThat(AdminRoutes.bearer("bearer abc")).isEqualTo("abc");
        assertThat(AdminRoutes.bearer("Basic abc")).isNull();
        assertThat(AdminRoutes.bearer("Bearer ")).isNull();
        assertThat(AdminRoutes.hasRole("a.b.c", "admin")).isFalse();
    }
}
