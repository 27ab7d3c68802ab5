package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.SnapshotRequest;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes domain events, maps them to stream keys, stamps each stream's sequence and publishes the
 * result on {@code push.<stream>}, where only gateways with a subscribed session listen. Answers
 * snapshot requests with a stream's state at its current sequence ({@link Snapshots}).
 */
public final class NotifierVerticle extends VerticleBase {
    static final String COMPONENT = "notifier";
    private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);

    private Sequencer sequencer;
    private Snapshots snapshots;

    @Override
    public Future<?> start() {
        NotifierConfig config = NotifierConfig.from(config(), LOG);
        BusCodecs.ensureRegistered(vertx);
        sequencer = new Sequencer(System.currentTimeMillis());
        DeliveryOptions queryOptions = new DeliveryOptions().setSendTimeout(config.queryTimeout().toMillis());
        snapshots = new Snapshots(sequencer, new Bootstrap(config.instruments(), config.venue()),
                query -> vertx.eventBus().request(query.address(), query.command(), queryOptions).map(Message::body),
                System::currentTimeMillis);
        MessageConsumer<Event> events = vertx.eventBus().consumer(Addresses.EVENTS, message -> route(message.body()));
        MessageConsumer<SnapshotRequest> requests = vertx.eventBus().consumer(Addresses.NOTIFIER_SNAPSHOT,
                message -> snapshots.snapshot(message.body().stream()).onComplete(result -> {
                    if (result.succeeded()) {
                        message.reply(result.result());
                    } else {
                        ErrorCode code = result.cause() instanceof IllegalArgumentException ? ErrorCode.MALFORMED : ErrorCode.UNAVAILABLE;
                        message.fail(code.code(), "No snapshot: " + result.cause().getMessage());
                    }
                }));
        return Future.all(events.completion(), requests.completion()).onSuccess(v -> {
            HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject().put("epoch", sequencer.epoch()));
        });
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        return Future.succeededFuture();
    }

    private void route(Event event) {
        for (String stream : StreamRouter.streamsOf(event)) {
            Push push = sequencer.stamp(stream, event);
            snapshots.apply(stream, event);
            vertx.eventBus().publish(Addresses.push(stream), push);
        }
    }
}
