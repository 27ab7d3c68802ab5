package io.tradewire.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.matching.journal.JournalFormat;
import io.tradewire.matching.journal.SnapshotFile;
import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The verticle with its journal: restart on the same data dir, snapshots on demand, failing closed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class MatchingVerticleDurabilityTest {
    private static final String ADDRESS = Addresses.matching(TestConfig.VENUE);
    private Path dataDir;

    @BeforeEach
    void setUp(Vertx vertx) {
        BusCodecs.ensureRegistered(vertx);
        dataDir = TestConfig.newDataDir();
    }

    private static SubmitOrder limit(String user, Side side, String price, String quantity) {
        return new SubmitOrder(user, null, "IX2301", side, Offset.OPEN, OrderType.LIMIT, null, new BigDecimal(price),
                new BigDecimal(quantity), OrderSource.API);
    }

    private static <T> Future<T> request(Vertx vertx, Object command) {
        return vertx.eventBus().<T>request(ADDRESS, command).map(message -> message.body());
    }

    private Future<String> deploy(Vertx vertx, MatchingVerticle verticle, JsonObject config) {
        return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
    }

    @Test
    @DisplayName("Orders, accounts and positions survive an undeploy and a new deployment on the same data dir, "
            + "under <data-dir>/venues/<venue>, with group commits held 2 ms apart")
    void restartKeepsState(Vertx vertx, VertxTestContext testContext) {
        JsonObject config = TestConfig.root(dataDir);
        JsonObject matching = config.getJsonObject("matching");
        JsonObject journal = matching.getJsonObject("journal", new JsonObject());
        matching.put("journal", journal.put("commit-interval", "2ms"));
        List<Object> before = new CopyOnWriteArrayList<>();
        String[] orderId = new String[1];
        deploy(vertx, new MatchingVerticle(), config)
                .compose(id -> request(vertx, limit("user001", Side.BUY, "120", "3"))
                        .compose(buy -> {
                            orderId[0] = ((OrderView) buy).orderId();
                            return request(vertx, limit("user002", Side.SELL, "120", "2"));
                        })
                        .compose(sell -> Future.join(request(vertx, new QueryAccount("user001")),
                                request(vertx, new QueryPositions("user002", null)),
                                request(vertx, new QueryOrder("user001", orderId[0]))))
                        .map(all -> {
                            before.addAll(all.list());
                            return id;
                        }))
                .compose(vertx::undeploy)
                .compose(v -> deploy(vertx, new MatchingVerticle(), config))
                .compose(id -> Future.join(request(vertx, new QueryAccount("user001")),
                        request(vertx, new QueryPositions("user002", null)),
                        request(vertx, new QueryOrder("user001", orderId[0]))))
                .onComplete(testContext.succeeding(after -> testContext.verify(() -> {
                    AccountView account = after.resultAt(0);
                    AccountView accountBefore = (AccountView) before.get(0);
                    assertThat(account).usingRecursiveComparison().ignoringFields("timestamp").isEqualTo(accountBefore);
                    assertThat(account.margin()).hasToString("8640.00");
                    PositionList positions = after.resultAt(1);
                    assertThat(positions).usingRecursiveComparison().ignoringFields("positions.timestamp").isEqualTo(before.get(1));
                    OrderView order = after.resultAt(2);
                    assertThat(order).isEqualTo(before.get(2));
                    assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
                    Path venueDir = dataDir.resolve("venues").resolve(TestConfig.VENUE);
                    assertThat(venueDir.resolve(JournalFormat.segmentName(1))).exists();
                    assertThat(venueDir.resolve(SnapshotFile.name(2))).as("snapshot at the clean stop").exists();
                    JsonObject health = HealthRegistry.snapshot(vertx).getJsonObject("matching." + TestConfig.VENUE);
                    assertThat(health.getJsonObject("journal").getLong("recoveredSequence")).isEqualTo(2);
                    assertThat(health.getJsonObject("journal").getBoolean("fsync")).isTrue();
                    assertThat(health.getJsonObject("journal").getLong("commitIntervalMicros")).isEqualTo(2_000);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("snapshot() writes a snapshot at the current journal sequence, on demand")
    void snapshotOnDemand(Vertx vertx, VertxTestContext testContext) {
        MatchingVerticle verticle = new MatchingVerticle();
        deploy(vertx, verticle, TestConfig.root(dataDir))
                .compose(id -> request(vertx, limit("user001", Side.BUY, "120", "1")))
                .compose(order -> request(vertx, limit("user001", Side.BUY, "119", "1")))
                .compose(order -> verticle.snapshot())
                .onComplete(testContext.succeeding(sequence -> testContext.verify(() -> {
                    assertThat(sequence).isEqualTo(2);
                    assertThat(dataDir.resolve("venues").resolve(TestConfig.VENUE).resolve(SnapshotFile.name(2))).exists();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("When fsync fails the venue fails closed: the order gets 503 and no event, later commands 503, health DOWN")
    void failsClosed(Vertx vertx, VertxTestContext testContext) {
        AtomicBoolean broken = new AtomicBoolean();
        MatchingVerticle verticle = new MatchingVerticle((file, options) -> brokenWhen(broken, FileChannel.open(file, options)));
        List<Event> events = new CopyOnWriteArrayList<>();
        vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), events::add)).completion()
                .compose(v -> deploy(vertx, verticle, TestConfig.root(dataDir)))
                .compose(id -> request(vertx, limit("user001", Side.BUY, "120", "1")))
                .compose(ok -> {
                    broken.set(true);
                    return request(vertx, limit("user002", Side.BUY, "118", "1"));
                })
                .recover(failure -> {
                    testContext.verify(() -> {
                        assertThat(((ReplyException) failure).failureCode()).isEqualTo(503);
                        assertThat(failure.getMessage()).contains("outcome is unknown");
                    });
                    return request(vertx, new QueryAccount("user001"));
                })
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    assertThat(((ReplyException) failure).failureCode()).isEqualTo(503);
                    JsonObject health = HealthRegistry.snapshot(vertx).getJsonObject("matching." + TestConfig.VENUE);
                    assertThat(health.getString("status")).isEqualTo("DOWN");
                    assertThat(health.getString("reason")).contains("injected");
                    assertThat(events).filteredOn(OrderUpdated.class::isInstance)
                            .extracting(e -> ((OrderUpdated) e).order().userId()).containsOnly("user001");
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("With matching.journal.enabled=false nothing is written and a restart starts empty")
    void journalDisabled(Vertx vertx, VertxTestContext testContext) {
        JsonObject config = TestConfig.root(dataDir);
        config.getJsonObject("matching").put("journal", new JsonObject().put("enabled", false));
        deploy(vertx, new MatchingVerticle(), config)
                .compose(id -> request(vertx, limit("user001", Side.BUY, "120", "1")).map(order -> id))
                .compose(vertx::undeploy)
                .compose(v -> deploy(vertx, new MatchingVerticle(), config))
                .compose(id -> request(vertx, new QueryAccount("user001")))
                .onComplete(testContext.succeeding(account -> testContext.verify(() -> {
                    assertThat(((AccountView) account).frozen()).hasToString("0.00");
                    try (Stream<Path> files = Files.list(dataDir)) {
                        assertThat(files).isEmpty();
                    }
                    JsonObject health = HealthRegistry.snapshot(vertx).getJsonObject("matching." + TestConfig.VENUE);
                    assertThat(health.getJsonObject("journal").getBoolean("enabled")).isFalse();
                    testContext.completeNow();
                })));
    }

    private static FileChannel brokenWhen(AtomicBoolean broken, FileChannel channel) {
        return new io.tradewire.matching.journal.TestChannels.FailingForce(channel, broken);
    }

}
