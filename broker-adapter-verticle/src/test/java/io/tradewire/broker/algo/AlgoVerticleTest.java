package io.tradewire.broker.algo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Side;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.MasterOrderUpdated;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The verticle's wiring on a real event bus: requests on {@code algo}, children to the venue, events on {@code events}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class AlgoVerticleTest {
    private final List<SubmitOrder> children = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final FakeVenue venue = new FakeVenue().ask("100", "1000");

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext testContext) {
        BusCodecs.ensureRegistered(vertx);
        vertx.eventBus().<SubmitOrder>consumer(Addresses.matching("tradewire"), message -> {
            children.add(message.body());
            venue.submit("", message.body()).onSuccess(message::reply);
        });
        vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), events::add));
        JsonObject config = new JsonObject()
                .put("algo", new JsonObject().put("slice-interval", "100ms").put("tick-interval", "10ms"))
                .put("instruments", new JsonArray().add(new JsonObject().put("symbol", "BTCUSDT").put("kind", "crypto")
                        .put("lot-size", "0.001").put("reference-price", "100")));
        vertx.deployVerticle(new AlgoVerticle(), new DeploymentOptions().setConfig(config)).onComplete(testContext.succeedingThenComplete());
    }

    @Test
    @DisplayName("A master order requested on the bus runs to COMPLETED through the venue, its events published on 'events'")
    void runsThroughTheBus(Vertx vertx, VertxTestContext testContext) {
        CreateMasterOrder create = new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "BTCUSDT", "SPOT", Side.BUY,
                new BigDecimal("0.003"), null, 1, null, null, false, null);
        vertx.eventBus().<MasterOrderView>request(Addresses.ALGO, create).onComplete(testContext.succeeding(reply -> {
            testContext.verify(() -> assertThat(reply.body().status()).isEqualTo(MasterOrderStatus.NEW));
            long timer = vertx.setPeriodic(20, id -> {
                boolean completed = events.stream().anyMatch(e -> e instanceof MasterOrderUpdated m
                        && m.master().status() == MasterOrderStatus.COMPLETED);
                if (completed) {
                    vertx.cancelTimer(id);
                    testContext.verify(() -> {
                        assertThat(children).isNotEmpty().allSatisfy(child -> assertThat(child.userId()).isEqualTo("alice"));
                        assertThat(children.stream().map(SubmitOrder::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                                .isEqualByComparingTo("0.003");
                        assertThat(events.stream().filter(AlgoOrderUpdated.class::isInstance)).hasSize(children.size());
                    });
                    testContext.completeNow();
                }
            });
        }));
    }

    @Test
    @DisplayName("A refusal crosses the bus as its error code; an unknown request is UNSUPPORTED")
    void refusals(Vertx vertx, VertxTestContext testContext) {
        CreateMasterOrder unknown = new CreateMasterOrder("alice", null, Algorithm.TWAP, "Tradewire", "NOPE", "SPOT", Side.BUY,
                BigDecimal.ONE, null, 10, null, null, false, null);
        vertx.eventBus().request(Addresses.ALGO, unknown).onComplete(testContext.failing(e -> {
            testContext.verify(() -> assertThat(((ReplyException) e).failureCode()).isEqualTo(ErrorCode.UNKNOWN_INSTRUMENT.code()));
            vertx.eventBus().request(Addresses.ALGO, "hello").onComplete(testContext.failing(other -> testContext.verify(() -> {
                assertThat(((ReplyException) other).failureCode()).isEqualTo(ErrorCode.UNSUPPORTED.code());
                testContext.completeNow();
            })));
        }));
    }
}
