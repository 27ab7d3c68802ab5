package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.StreamHead;
import io.tradewire.model.event.StreamPosition;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NotifierVerticleTest {
    private static final String TRADES = "user.user001.trades";

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext context) {
        JsonObject config = new JsonObject().put("notifier", new JsonObject().put("beacon-interval", "50ms")
                .put("history", new JsonObject().put("max-messages", 3))
                .put("pacing", new JsonObject().put("bar", "50ms")));
        vertx.deployVerticle(new NotifierVerticle(), new DeploymentOptions().setConfig(config))
                .onComplete(context.succeedingThenComplete());
    }

    @Test
    @DisplayName("An event published on the events address comes out on its stream's push address, sequenced")
    void publishesEventsToStreams(Vertx vertx, VertxTestContext context) {
        Checkpoint twoPushes = context.checkpoint(2);
        long[] expectedSeq = {1};
        vertx.eventBus().<Object>consumer(Addresses.push(TRADES), message -> context.verify(() -> {
            if (!(message.body() instanceof Push push)) {
                return;
            }
            assertThat(push.stream()).isEqualTo(TRADES);
            assertThat(push.seq()).isEqualTo(expectedSeq[0]++);
            assertThat(push.event()).isEqualTo(StreamRouterTest.TRADE);
            twoPushes.flag();
        })).completion().onSuccess(v -> {
            vertx.eventBus().publish(Addresses.EVENTS, StreamRouterTest.TRADE);
            vertx.eventBus().publish(Addresses.EVENTS, StreamRouterTest.TRADE);
        });
    }

    @Test
    @DisplayName("After a burst the stream's head is published on its push address, never ahead of the pushes before it")
    void publishesTheHeadAfterABurst(Vertx vertx, VertxTestContext context) {
        List<Object> received = new ArrayList<>();
        vertx.eventBus().<Object>consumer(Addresses.push(TRADES), message -> {
            received.add(message.body());
            if (message.body() instanceof StreamHead head && head.seq() == 3) {
                context.verify(() -> {
                    long pushes = 0;
                    for (Object item : received) {
                        if (item instanceof Push) {
                            pushes++;
                        } else {
                            // A head tells exactly how far the stream is at that point of the push address.
                            assertThat(((StreamHead) item).seq()).isEqualTo(pushes);
                            assertThat(((StreamHead) item).epoch()).isEqualTo(((Push) received.get(0)).epoch());
                        }
                    }
                    assertThat(pushes).isEqualTo(3);
                    assertThat(received.stream().filter(StreamHead.class::isInstance).count()).isLessThanOrEqualTo(pushes);
                });
                context.completeNow();
            }
        }).completion().onSuccess(v -> {
            for (int i = 0; i < 3; i++) {
                vertx.eventBus().publish(Addresses.EVENTS, StreamRouterTest.TRADE);
            }
        });
    }

    @Test
    @DisplayName("The history service answers the messages after a position, and cannot recover what the bound dropped")
    void answersHistory(Vertx vertx, VertxTestContext context) {
        List<Push> pushes = new ArrayList<>();
        vertx.eventBus().<Object>consumer(Addresses.push(TRADES), message -> {
            if (message.body() instanceof Push push && pushes.add(push) && pushes.size() == 5) {
                askHistory(vertx, context, pushes);
            }
        }).completion().onSuccess(v -> {
            for (int i = 0; i < 5; i++) {
                vertx.eventBus().publish(Addresses.EVENTS, StreamRouterTest.TRADE);
            }
        });
    }

    private static void askHistory(Vertx vertx, VertxTestContext context, List<Push> pushes) {
        long epoch = pushes.get(0).epoch();
        vertx.eventBus().<History>request(Addresses.notifierHistory(TRADES), HistoryRequest.after(new StreamPosition(TRADES, epoch, 2)))
                .compose(recovered -> {
                    context.verify(() -> {
                        assertThat(recovered.body().recovered()).isTrue();
                        assertThat(recovered.body().pushes()).isEqualTo(pushes.subList(2, 5));
                    });
                    return vertx.eventBus().<History>request(Addresses.notifierHistory(TRADES),
                            HistoryRequest.after(new StreamPosition(TRADES, epoch, 1)));
                })
                .onComplete(context.succeeding(lost -> context.verify(() -> {
                    assertThat(lost.body().recovered()).isFalse();
                    assertThat(lost.body().lastSeq()).isEqualTo(5);
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("A burst of updates of one bar reaches its subscribers paced: a few pushes, in sequence, the last with the latest figures")
    void pacesBars(Vertx vertx, VertxTestContext context) {
        String stream = "market.AAPL.bar.1m";
        List<Push> pushes = new ArrayList<>();
        vertx.eventBus().<Object>consumer(Addresses.push(stream), message -> {
            if (!(message.body() instanceof Push push)) {
                return;
            }
            pushes.add(push);
            BarUpdated bar = (BarUpdated) push.event();
            if (bar.close().intValue() == 100) {
                context.verify(() -> {
                    // 100 updates in one burst: without pacing, 100 pushes; paced at 50 ms, one or a few.
                    assertThat(pushes).hasSizeLessThan(10);
                    for (int i = 0; i < pushes.size(); i++) {
                        assertThat(pushes.get(i).seq()).isEqualTo(i + 1);
                    }
                });
                context.completeNow();
            }
        }).completion().onSuccess(v -> {
            for (int i = 1; i <= 100; i++) {
                BigDecimal price = BigDecimal.valueOf(i);
                vertx.eventBus().publish(Addresses.EVENTS, new BarUpdated("AAPL", "1m", 0L, 60_000L, price, price, BigDecimal.ONE,
                        price, BigDecimal.valueOf(i), i, i));
            }
        });
    }
}
