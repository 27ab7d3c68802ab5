package io.tradewire.broker.algo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Side;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.cluster.MemberList;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.MasterOrderUpdated;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The algo role in a cluster: only the active node answers on {@code algo}; one that hands the role over cancels its orders. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class AlgoVerticleRoleTest {
    private static final ClusterView.Member OTHER = new ClusterView.Member("a", "node-a", Set.of("algo"));
    private static final ClusterView.Member SELF = new ClusterView.Member("b", "node-b", Set.of("algo"));

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private Future<String> deploy(Vertx vertx, ClusterView view) {
        BusCodecs.ensureRegistered(vertx);
        ClusterView.install(vertx, view);
        vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), events::add));
        JsonObject config = new JsonObject()
                .put("algo", new JsonObject().put("slice-interval", "1h").put("tick-interval", "10ms"))
                .put("instruments", new JsonArray().add(new JsonObject().put("symbol", "BTCUSDT").put("kind", "crypto")
                        .put("lot-size", "0.001").put("reference-price", "100")));
        return vertx.deployVerticle(new AlgoVerticle(), new DeploymentOptions().setConfig(config));
    }

    private static CreateMasterOrder twap() {
        return new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT", Side.BUY,
                new BigDecimal("0.003"), null, 3_600, null, null, false, null);
    }

    private static String role(Vertx vertx) {
        JsonObject algo = HealthRegistry.snapshot(vertx).getJsonObject(AlgoVerticle.COMPONENT);
        return algo == null ? null : algo.getString("role");
    }

    /** Completes once {@code condition} holds (checked every 10 ms on the event loop). */
    private static Future<Void> eventually(Vertx vertx, BooleanSupplier condition) {
        Promise<Void> done = Promise.promise();
        vertx.setPeriodic(10, id -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    @Test
    @DisplayName("a stand-by node has no consumer on 'algo' until the active member leaves; then it answers")
    void standByUntilTheActiveMemberLeaves(Vertx vertx, VertxTestContext test) {
        MemberList view = new MemberList(SELF, true, List.of(OTHER, SELF));
        deploy(vertx, view)
                .compose(id -> {
                    test.verify(() -> assertThat(role(vertx)).isEqualTo("standby"));
                    return vertx.eventBus().request(Addresses.ALGO, twap()).transform(result -> {
                        test.verify(() -> assertThat(result.cause()).isInstanceOfSatisfying(ReplyException.class,
                                reply -> assertThat(reply.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS)));
                        return Future.<Void>succeededFuture();
                    });
                })
                .compose(v -> {
                    view.set(List.of(SELF)); // the active member left
                    return eventually(vertx, () -> "active".equals(role(vertx)));
                })
                .compose(v -> vertx.eventBus().<MasterOrderView>request(Addresses.ALGO, twap()))
                .onComplete(test.succeeding(reply -> test.verify(() -> {
                    assertThat(reply.body().status()).isEqualTo(MasterOrderStatus.NEW);
                    test.completeNow();
                })));
    }

    @Test
    @DisplayName("a node that hands the role over stops answering and cancels its working master orders with the reason")
    void handingOverCancelsWorkingOrders(Vertx vertx, VertxTestContext test) {
        MemberList view = new MemberList(SELF, true, List.of(SELF));
        deploy(vertx, view)
                .compose(id -> vertx.eventBus().<MasterOrderView>request(Addresses.ALGO, twap()))
                .compose(created -> {
                    view.set(List.of(OTHER, SELF)); // a member with a smaller node id that runs algo joined
                    return eventually(vertx, () -> "standby".equals(role(vertx))).map(created.body());
                })
                .compose(created -> eventually(vertx, () -> events.stream().anyMatch(e -> e instanceof MasterOrderUpdated m
                                && m.master().masterOrderId().equals(created.masterOrderId())
                                && m.master().status() == MasterOrderStatus.CANCELLED))
                        .map(created))
                .compose(created -> vertx.eventBus().request(Addresses.ALGO, twap()).transform(result -> {
                    test.verify(() -> {
                        MasterOrderUpdated cancelled = events.stream().filter(MasterOrderUpdated.class::isInstance)
                                .map(MasterOrderUpdated.class::cast)
                                .filter(m -> m.master().status() == MasterOrderStatus.CANCELLED).findFirst().orElseThrow();
                        assertThat(cancelled.master().reason()).isEqualTo(AlgoVerticle.HANDED_OVER);
                        assertThat(result.cause()).isInstanceOfSatisfying(ReplyException.class,
                                reply -> assertThat(reply.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
                    });
                    return Future.<Void>succeededFuture();
                }))
                .onComplete(test.succeedingThenComplete());
    }
}
