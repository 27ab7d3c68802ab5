package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.event.Push;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NotifierVerticleTest {

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext context) {
        vertx.deployVerticle(new NotifierVerticle(), new io.vertx.core.DeploymentOptions().setConfig(new JsonObject()))
                .onComplete(context.succeedingThenComplete());
    }

    @Test
    @DisplayName("An event published on the events address comes out on its stream's push address, sequenced")
    void publishesEventsToStreams(Vertx vertx, VertxTestContext context) {
        Checkpoint twoPushes = context.checkpoint(2);
        long[] expectedSeq = {1};
        vertx.eventBus().<Push>consumer(Addresses.push("user.user001.trades"), message -> context.verify(() -> {
            Push push = message.body();
            assertThat(push.stream()).isEqualTo("user.user001.trades");
            assertThat(push.seq()).isEqualTo(expectedSeq[0]++);
            assertThat(push.event()).isEqualTo(StreamRouterTest.TRADE);
            twoPushes.flag();
        })).completion().onSuccess(v -> {
            vertx.eventBus().publish(Addresses.EVENTS, StreamRouterTest.TRADE);
            vertx.eventBus().publish(Addresses.EVENTS, StreamRouterTest.TRADE);
        });
    }
}
