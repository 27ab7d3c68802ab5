package io.tradewire.matching;

import io.tradewire.matching.engine.Venue;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.RejectedException;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.Command;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MarketSummary;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one venue on {@code matching.<venue>}: each {@link Command} is executed by the {@link Venue},
 * the reply is sent, then the command's events are published on {@link Addresses#EVENTS}. Every
 * {@code matching.summary-interval} it also publishes one {@link MarketSummary} per region of its instruments.
 *
 * <p>Threading: the venue is a single-writer state machine and runs on this verticle's own event-loop
 * context, so commands are executed one at a time, in arrival order, without locks. That is on purpose:
 * the venue does no blocking I/O yet (a later journal will move off the loop with group commit). Deploy
 * one instance per venue; a second deployment of the same venue on this node is refused.
 */
public final class MatchingVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MatchingVerticle.class);
    private static final String VENUES_MAP = "tradewire.matching.venues";

    private Venue venue;
    private String component;
    private long summaryTimer = -1;

    @Override
    public Future<?> start() {
        long summaryMillis;
        try {
            MatchingConfig config = MatchingConfig.from(config(), LOG);
            summaryMillis = config.summaryInterval().toMillis();
            venue = new Venue(config.venue(), config.instruments(), config.settings(), System::currentTimeMillis);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        if (venues().putIfAbsent(venue.name(), deploymentID()) != null) {
            return Future.failedFuture(new IllegalStateException("venue " + venue.name() + " already runs on this node"));
        }
        component = "matching." + venue.name();
        BusCodecs.ensureRegistered(vertx);
        MessageConsumer<Command> consumer = vertx.eventBus().<Command>consumer(Addresses.matching(venue.name()), this::onCommand);
        return consumer.completion()
                .onSuccess(v -> {
                    summaryTimer = vertx.setPeriodic(summaryMillis, id -> publishSummaries());
                    HealthRegistry.report(vertx, component, "UP", new JsonObject()
                            .put("venue", venue.name())
                            .put("instruments", new JsonArray(venue.instruments())));
                    LOG.info("Venue {} serves {} on {}", venue.name(), venue.instruments(), Addresses.matching(venue.name()));
                })
                .onFailure(e -> venues().remove(venue.name(), deploymentID()));
    }

    @Override
    public Future<?> stop() {
        if (summaryTimer >= 0) {
            vertx.cancelTimer(summaryTimer);
        }
        if (component != null) {
            HealthRegistry.remove(vertx, component);
            venues().remove(venue.name(), deploymentID());
        }
        return Future.succeededFuture();
    }

    private void onCommand(Message<Command> message) {
        Object body = ((Message<?>) message).body();
        if (!(body instanceof Command command)) {
            message.fail(ErrorCode.MALFORMED.code(), "Malformed message: not a venue command");
            return;
        }
        List<Event> events = new ArrayList<>();
        Object reply;
        try {
            reply = venue.handle(command, events::add);
        } catch (RejectedException e) {
            message.fail(e.code().code(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            // The command's partial events are dropped; the venue keeps serving. Commands carry no secrets.
            LOG.error("Venue {} failed on {} of user {}", venue.name(), command.getClass().getSimpleName(), command.userId(), e);
            message.fail(ErrorCode.INTERNAL.code(), ErrorCode.INTERNAL.defaultMessage());
            return;
        }
        message.reply(reply);
        EventBus bus = vertx.eventBus();
        for (Event event : events) {
            bus.publish(Addresses.EVENTS, event);
        }
    }

    /** Runs on this verticle's context, like the commands, so it reads the venue as its single writer does. */
    private void publishSummaries() {
        EventBus bus = vertx.eventBus();
        for (MarketSummary summary : venue.summaries()) {
            bus.publish(Addresses.EVENTS, summary);
        }
    }

    private LocalMap<String, String> venues() {
        return vertx.sharedData().getLocalMap(VENUES_MAP);
    }
}
