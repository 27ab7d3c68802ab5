package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.SnapshotRequest;
import io.tradewire.model.event.StreamHead;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes domain events, maps them to stream keys, stamps each stream's sequence (and a user's streams with the
 * user's clock), keeps the stream's recent messages and publishes the result on {@code push.<stream>}, where only
 * gateways with a subscribed session listen. Answers snapshot requests with a stream's state at its current
 * sequence ({@link Snapshots}) and history requests with the messages after a position ({@link HistoryStore}).
 * Shortly after a stream's last message it publishes the stream's head ({@link StreamHead}), so that a subscriber
 * that lost that message notices.
 */
public final class NotifierVerticle extends VerticleBase {
    static final String COMPONENT = "notifier";
    private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);

    private Sequencer sequencer;
    private Snapshots snapshots;
    private HistoryStore history;
    /** Streams with a message since the last beacon, in the order they had it (kept only when beacons are on). */
    private final Set<String> touched = new LinkedHashSet<>();
    private boolean beacons;

    @Override
    public Future<?> start() {
        NotifierConfig config = NotifierConfig.from(config(), LOG);
        beacons = !config.beaconInterval().isZero();
        BusCodecs.ensureRegistered(vertx);
        sequencer = new Sequencer(System.currentTimeMillis());
        history = new HistoryStore(config.history());
        DeliveryOptions queryOptions = new DeliveryOptions().setSendTimeout(config.queryTimeout().toMillis());
        snapshots = new Snapshots(sequencer, new Bootstrap(config.instruments(), config.venue()),
                query -> vertx.eventBus().request(query.address(), query.command(), queryOptions).map(Message::body),
                System::currentTimeMillis);
        MessageConsumer<Event> events = vertx.eventBus().consumer(Addresses.EVENTS, message -> route(message.body()));
        MessageConsumer<SnapshotRequest> snapshotRequests = vertx.eventBus().consumer(Addresses.NOTIFIER_SNAPSHOT,
                message -> snapshots.snapshot(message.body().stream()).onComplete(result -> {
                    if (result.succeeded()) {
                        message.reply(result.result());
                    } else {
                        ErrorCode code = result.cause() instanceof IllegalArgumentException ? ErrorCode.MALFORMED : ErrorCode.UNAVAILABLE;
                        message.fail(code.code(), "No snapshot: " + result.cause().getMessage());
                    }
                }));
        MessageConsumer<HistoryRequest> historyRequests = vertx.eventBus().consumer(Addresses.NOTIFIER_HISTORY, message -> {
            HistoryRequest request = message.body();
            message.reply(history.read(request, sequencer.epoch(), sequencer.lastSeq(request.stream()), System.currentTimeMillis()));
        });
        vertx.setPeriodic(sweepInterval(config.history().maxAge()), id -> history.expireAll(System.currentTimeMillis()));
        if (beacons) {
            vertx.setPeriodic(config.beaconInterval().toMillis(), id -> publishHeads());
        }
        vertx.setPeriodic(1_000, id -> reportHealth());
        return Future.all(events.completion(), snapshotRequests.completion(), historyRequests.completion())
                .onSuccess(v -> reportHealth());
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        return Future.succeededFuture();
    }

    private void route(Event event) {
        long now = System.currentTimeMillis();
        for (String stream : StreamRouter.streamsOf(event)) {
            Push push = sequencer.stamp(stream, event);
            history.append(push, now);
            snapshots.apply(stream, event);
            if (beacons) {
                touched.add(stream);
            }
            vertx.eventBus().publish(Addresses.push(stream), push);
        }
    }

    private void publishHeads() {
        for (String stream : touched) {
            vertx.eventBus().publish(Addresses.push(stream), new StreamHead(stream, sequencer.epoch(), sequencer.lastSeq(stream)));
        }
        touched.clear();
    }

    /** A quarter of the age bound, between 1 s and 30 s: aged messages are freed soon after they stop counting. */
    static long sweepInterval(Duration maxAge) {
        return Math.max(1_000, Math.min(30_000, maxAge.toMillis() / 4));
    }

    private void reportHealth() {
        HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject().put("epoch", sequencer.epoch())
                .put("history_streams", history.streams()).put("history_messages", history.messages()));
    }
}
