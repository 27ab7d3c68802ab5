package io.tradewire.notifier;

import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.StreamPartitions;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.cluster.BusInterest;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.PartitionEpochs;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.SnapshotRequest;
import io.tradewire.model.event.StreamHead;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes domain events, maps them to stream keys, stamps each stream's sequence (and a user's streams with the
 * user's clock), keeps the stream's recent messages and publishes the result on {@code push.<stream>}, where only
 * gateways with a subscribed session listen. Answers snapshot requests with a stream's state at its current
 * sequence ({@link Snapshots}) and history requests with the messages after a position ({@link HistoryStore}).
 * Shortly after a stream's last message it publishes the stream's head ({@link StreamHead}), so that a subscriber
 * that lost that message notices.
 *
 * <p>Several notifiers share the streams: every one receives every event, but each stamps, keeps and publishes only
 * the streams of the partitions it owns ({@link PartitionTable}, from the live notifiers of the node's
 * {@link ClusterView}), and answers snapshot and history requests only on those partitions' addresses. A partition
 * it gains starts over in a new epoch ({@link Epochs}); one it loses is forgotten.
 */
public final class NotifierVerticle extends VerticleBase {
    static final String COMPONENT = "notifier";
    /** The part name of notifier nodes in the {@link ClusterView}. */
    static final String PART = "notifier";
    private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);

    /** The view given at construction (tests that run several notifiers on one Vert.x), else the node's. */
    private final ClusterView givenView;
    private NotifierConfig config;
    private ClusterView view;
    private PartitionTable partitions;
    private Epochs epochs;
    private Sequencer sequencer;
    private Snapshots snapshots;
    private HistoryStore history;
    private Pacing pacing;
    private final StreamKeyCache keys = new StreamKeyCache();
    /** Whether this notifier owns every partition: routing then checks nothing per stream. */
    private boolean ownsAll;
    private boolean stopped;
    private final List<MessageConsumer<SnapshotRequest>> snapshotConsumers = new ArrayList<>(StreamPartitions.COUNT);
    private final List<MessageConsumer<HistoryRequest>> historyConsumers = new ArrayList<>(StreamPartitions.COUNT);
    /** Streams with messages lately, for the heads of those that went quiet (kept only when beacons are on). */
    private final QuietStreams touched = new QuietStreams();
    private boolean beacons;
    /** Which push addresses some gateway consumes, as far as this node knows ({@link BusInterest#UNKNOWN} on a lone node). */
    private BusInterest interest;

    /** A notifier that follows the node's {@link ClusterView}. */
    public NotifierVerticle() {
        this(null);
    }

    /** A notifier that follows {@code view} instead of the node's (several notifiers on one Vert.x instance). */
    NotifierVerticle(ClusterView view) {
        this.givenView = view;
    }

    @Override
    public Future<?> start() {
        config = NotifierConfig.from(config(), LOG);
        beacons = !config.beaconInterval().isZero();
        BusCodecs.ensureRegistered(vertx);
        view = givenView != null ? givenView : ClusterView.of(vertx);
        interest = BusInterest.of(vertx);
        String self = view.self().nodeId();
        epochs = new Epochs(self, System::currentTimeMillis);
        partitions = new PartitionTable(self);
        for (int p = 0; p < StreamPartitions.COUNT; p++) {
            snapshotConsumers.add(null);
            historyConsumers.add(null);
        }
        sequencer = new Sequencer(0);
        history = new HistoryStore(config.history());
        pacing = new Pacing(config.pacing());
        DeliveryOptions queryOptions = new DeliveryOptions().setSendTimeout(config.queryTimeout().toMillis());
        snapshots = new Snapshots(sequencer, new Bootstrap(config.instruments(), config.venue()),
                query -> vertx.eventBus().request(query.address(), query.command(), queryOptions).map(Message::body),
                System::currentTimeMillis);
        MessageConsumer<Object> events = vertx.eventBus().consumer(Addresses.EVENTS,
                message -> EventBatch.forEach(message.body(), this::route));
        List<Future<?>> ready = new ArrayList<>();
        ready.add(events.completion());
        // A change seen from now on runs on this context after start(), so after the first view is applied.
        view.onChange(() -> context.runOnContext(v -> membershipChanged()));
        ready.addAll(apply(partitions.start(notifiers())));
        vertx.setPeriodic(sweepInterval(config.history().maxAge()), id -> history.expireAll(System.currentTimeMillis()));
        if (beacons) {
            vertx.setPeriodic(config.beaconInterval().toMillis(), id -> {
                publishHeads();
                announceEpochs(partitions.owned());
            });
        }
        pacing.intervals().forEach((kind, millis) -> vertx.setPeriodic(millis, id -> pacing.flush(kind, this::send)));
        vertx.setPeriodic(1_000, id -> reportHealth());
        return Future.all(ready).onSuccess(v -> reportHealth());
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        HealthRegistry.remove(vertx, COMPONENT);
        return Future.succeededFuture();
    }

    private void route(Event event) {
        for (String stream : keys.streamsOf(event)) {
            if (!ownsAll && !partitions.owns(StreamPartitions.of(stream))) {
                continue;
            }
            if (!pacing.hold(stream, event, this::send)) {
                send(stream, event);
            }
        }
    }

    /** Stamps a stream's message, keeps it, applies it to the stream's state and publishes it. */
    private void send(String stream, Event event) {
        Sequencer.Slot slot = sequencer.slot(stream); // the one lookup by key; the slot carries what the rest needs
        Push push = sequencer.stamp(slot, event);
        history.append(push, System.currentTimeMillis(), slot);
        snapshots.apply(slot.stream, event);
        if (beacons) {
            touched.touched(slot);
        }
        if (interest.anyone(slot.address)) { // nobody follows it anywhere: stamped and kept, not sent (heads still are)
            vertx.eventBus().publish(slot.address, push);
        }
    }

    private void publishHeads() {
        touched.tick(stream -> vertx.eventBus().publish(Addresses.push(stream),
                new StreamHead(stream, sequencer.epoch(stream), sequencer.lastSeq(stream))));
    }

    /**
     * Tells the gateways the epochs of {@code owned} partitions (when clustered: on a lone node nothing ever moves), so
     * that a stream of a moved partition resyncs even when it has no new message.
     */
    private void announceEpochs(BitSet owned) {
        if (owned.isEmpty() || !view.clustered()) {
            return;
        }
        Map<Integer, Long> epochsByPartition = new HashMap<>();
        for (int p = owned.nextSetBit(0); p >= 0; p = owned.nextSetBit(p + 1)) {
            epochsByPartition.put(p, sequencer.partitionEpoch(p));
        }
        vertx.eventBus().publish(Addresses.NOTIFIER_EPOCHS, new PartitionEpochs(epochsByPartition));
    }

    // ---------------------------------------------------------------- ownership

    /** The live notifiers' node ids, ordered by node id (the view's order). */
    private List<String> notifiers() {
        List<String> ids = view.running(PART).stream().map(ClusterView.Member::nodeId).toList();
        if (!ids.contains(view.self().nodeId())) {
            LOG.warn("This node ({}) is not among the notifiers of its cluster view; it serves no stream until it is",
                    view.self().name());
        }
        return ids;
    }

    private void membershipChanged() {
        if (stopped) {
            return;
        }
        apply(partitions.update(notifiers()));
    }

    /** Drops what was lost, takes what is gained now, and schedules the handover of the rest. */
    private List<Future<?>> apply(PartitionTable.Change change) {
        if (change.isEmpty()) {
            return List.of();
        }
        LOG.info("Notifier partitions: {} owned, lost {}, gained {}, gaining {} after {} ms (notifiers: {})",
                partitions.ownedCount(), change.lost(), change.gainNow(), change.gainLater(),
                config.handoverDelay().toMillis(), partitions.members().size());
        ownsAll = partitions.ownsAll();
        release(change.lost());
        List<Future<?>> registered = take(change.gainNow());
        if (!change.gainLater().isEmpty()) {
            int round = partitions.round();
            vertx.setTimer(Math.max(1, config.handoverDelay().toMillis()), id -> {
                if (!stopped) {
                    BitSet taken = partitions.handOver(round);
                    ownsAll = partitions.ownsAll();
                    take(taken);
                    if (!taken.isEmpty()) {
                        LOG.info("Notifier partitions handed over: {} ({} owned)", taken, partitions.ownedCount());
                    }
                }
            });
        }
        reportHealth();
        return registered;
    }

    /** Partitions this notifier stopped owning: no answers on their addresses, their state forgotten. */
    private void release(BitSet lost) {
        for (int p = lost.nextSetBit(0); p >= 0; p = lost.nextSetBit(p + 1)) {
            snapshotConsumers.set(p, unregister(snapshotConsumers.get(p)));
            historyConsumers.set(p, unregister(historyConsumers.get(p)));
        }
        forget(lost);
    }

    /** Partitions this notifier now owns: their streams start over in a new epoch, answered on their addresses. */
    private List<Future<?>> take(BitSet gained) {
        if (gained.isEmpty()) {
            return List.of();
        }
        forget(gained);
        sequencer.restart(gained, epochs.next());
        announceEpochs(gained);
        List<Future<?>> registered = new ArrayList<>();
        for (int p = gained.nextSetBit(0); p >= 0; p = gained.nextSetBit(p + 1)) {
            int partition = p;
            MessageConsumer<SnapshotRequest> snapshot = vertx.eventBus().consumer(Addresses.notifierSnapshot(partition),
                    message -> answerSnapshot(partition, message));
            MessageConsumer<HistoryRequest> history = vertx.eventBus().consumer(Addresses.notifierHistory(partition),
                    message -> answerHistory(partition, message));
            snapshotConsumers.set(p, snapshot);
            historyConsumers.set(p, history);
            registered.add(snapshot.completion());
            registered.add(history.completion());
        }
        return registered;
    }

    private void forget(BitSet partitions) {
        history.drop(partitions);
        pacing.drop(partitions);
        snapshots.drop(partitions);
        touched.drop(partitions);
    }

    private static <T> MessageConsumer<T> unregister(MessageConsumer<T> consumer) {
        if (consumer != null) {
            consumer.unregister();
        }
        return null;
    }

    private boolean serves(int partition, String stream, Message<?> message) {
        if (stream == null || StreamPartitions.of(stream) != partition || !partitions.owns(partition)) {
            message.fail(ErrorCode.UNAVAILABLE.code(), "Not the owner of " + stream + " (partition " + partition + ")");
            return false;
        }
        return true;
    }

    private void answerSnapshot(int partition, Message<SnapshotRequest> message) {
        String stream = message.body().stream();
        if (!serves(partition, stream, message)) {
            return;
        }
        snapshots.snapshot(stream).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(result.result());
            } else {
                ErrorCode code = result.cause() instanceof IllegalArgumentException ? ErrorCode.MALFORMED : ErrorCode.UNAVAILABLE;
                message.fail(code.code(), "No snapshot: " + result.cause().getMessage());
            }
        });
    }

    private void answerHistory(int partition, Message<HistoryRequest> message) {
        HistoryRequest request = message.body();
        if (!serves(partition, request.stream(), message)) {
            return;
        }
        message.reply(history.read(request, sequencer.epoch(request.stream()), sequencer.lastSeq(request.stream()),
                System.currentTimeMillis()));
    }

    /** A quarter of the age bound, between 1 s and 30 s: aged messages are freed soon after they stop counting. */
    static long sweepInterval(Duration maxAge) {
        return Math.max(1_000, Math.min(30_000, maxAge.toMillis() / 4));
    }

    private void reportHealth() {
        if (stopped) {
            return;
        }
        HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject().put("epoch", epochs.last())
                .put("partitions", partitions.ownedCount()).put("partitions_handing_over", partitions.waitingCount())
                .put("notifiers", partitions.members().size())
                .put("venues", new JsonArray(List.copyOf(config.instruments().venues(config.venue()))))
                .put("history_streams", history.streams()).put("history_messages", history.messages())
                .put("paced_waiting", pacing.heldCount()));
    }
}
