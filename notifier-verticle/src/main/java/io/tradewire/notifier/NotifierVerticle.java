package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Push;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes domain events, maps them to stream keys, stamps each stream's sequence and publishes the
 * result on {@code push.<stream>}, where only gateways with a subscribed session listen.
 */
public final class NotifierVerticle extends VerticleBase {
    static final String COMPONENT = "notifier";
    private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);

    private Sequencer sequencer;

    @Override
    public Future<?> start() {
        ConfigReader.of(config(), "notifier").warnUnknown(LOG);
        BusCodecs.ensureRegistered(vertx);
        sequencer = new Sequencer(System.currentTimeMillis());
        MessageConsumer<Event> consumer = vertx.eventBus().consumer(Addresses.EVENTS, message -> route(message.body()));
        return consumer.completion().onSuccess(v -> HealthRegistry.report(vertx, COMPONENT, "UP",
                new JsonObject().put("epoch", sequencer.epoch())));
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        return Future.succeededFuture();
    }

    private void route(Event event) {
        for (String stream : StreamRouter.streamsOf(event)) {
            Push push = sequencer.stamp(stream, event);
            vertx.eventBus().publish(Addresses.push(stream), push);
        }
    }
}
