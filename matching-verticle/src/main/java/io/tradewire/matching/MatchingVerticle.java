package io.tradewire.matching;

import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.journal.DurableVenue;
import io.tradewire.matching.journal.JournalWriter;
import io.tradewire.matching.journal.Outcome;
import io.tradewire.matching.journal.VenueStore;
import io.tradewire.matching.replication.ReplicatedVenue;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.NodeMetrics;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.Command;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MarketSummary;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one venue on {@code matching.<venue>}: each {@link Command} is executed by the {@link Venue},
 * the reply is sent, then the command's events are published on {@link Addresses#EVENTS}. Every
 * {@code matching.summary-interval} it also publishes one {@link MarketSummary} per region of its
 * instruments, and every {@code matching.snapshot-interval} it takes a snapshot.
 *
 * <p>Threading: the venue is a single-writer state machine and runs on this verticle's own event-loop
 * context, so commands are executed one at a time, in arrival order, without locks. Disk I/O never
 * happens there: recovery runs on a worker at start, the journal has its own writer thread (group
 * commit) and snapshots are written on a background thread. With the journal on (the default), replies
 * and events are held until the journal has fsynced the records they depend on ({@link DurableVenue});
 * if it cannot, the venue fails closed: health DOWN, every command answered 503. Deploy one instance per
 * venue; a second deployment of the same venue on this node, or another process on the same data
 * directory, is refused.
 *
 * <p>With {@code matching.replication.peers}, the venue is one replica of a Raft group instead
 * ({@link ReplicatedVenue}): the consumer on {@code matching.<venue>} is registered only while this replica
 * leads, and a command is answered once a majority of the replicas has it. With {@code matching.venues}, this
 * verticle only deploys one matching verticle per listed venue (the venue at index {@code i} with
 * {@code matching.replication.port-offset} raised by {@code i}).
 */
public final class MatchingVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MatchingVerticle.class);
    private static final String VENUES_MAP = "tradewire.matching.venues";

    private final JournalWriter.ChannelOpener opener;
    /** The venue of {@code matching.venues} this instance serves, or null: {@code matching.venue}. */
    private final String served;
    private final LongSupplier clock = System::currentTimeMillis;
    private DurableVenue durable;
    private ReplicatedVenue replicated;
    private String venueName;
    private String component;
    private JsonObject health;
    private MessageConsumer<Command> consumer;
    private long summaryTimer = -1;
    private long snapshotTimer = -1;
    private VenueMeters meters;

    /** A command on its way through the venue: where its reply goes, and when it arrived. */
    private record Pending(Message<?> message, Class<? extends Command> type, long arrivedNanos) {
    }

    public MatchingVerticle() {
        this(FileChannel::open);
    }

    /** With another way to open journal files (tests inject I/O failures). */
    MatchingVerticle(JournalWriter.ChannelOpener opener) {
        this(opener, null);
    }

    private MatchingVerticle(JournalWriter.ChannelOpener opener, String served) {
        this.opener = opener;
        this.served = served;
    }

    @Override
    public Future<?> start() {
        MatchingConfig config;
        try {
            config = MatchingConfig.from(config(), LOG, served);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        if (!config.venues().isEmpty()) {
            return deployVenues(config);
        }
        venueName = config.venue();
        if (venues().putIfAbsent(venueName, deploymentID()) != null) {
            return Future.failedFuture(new IllegalStateException("venue " + venueName + " already runs on this node"));
        }
        component = "matching." + venueName;
        health = new JsonObject().put("venue", venueName);
        BusCodecs.ensureRegistered(vertx);
        meters = new VenueMeters(NodeMetrics.registry(vertx), venueName);
        Supplier<Venue> fresh = () -> new Venue(config.venue(), config.defaultVenue(), config.instruments(), config.settings(), clock);
        DurableVenue.Output output = new DurableVenue.Output() {
            @Override
            public void deliver(Outcome outcome) {
                MatchingVerticle.this.deliver(outcome);
            }

            @Override
            public void down(String reason) {
                HealthRegistry.report(vertx, component, "DOWN", health.copy().put("reason", reason));
            }

            @Override
            public void synced(int records, long fsyncNanos) {
                meters.synced(records, fsyncNanos);
            }
        };
        if (config.replication() != null) {
            return startReplicated(config, fresh, output);
        }
        return open(config, fresh, output)
                .compose(opened -> {
                    durable = opened;
                    consumer = vertx.eventBus().consumer(Addresses.matching(venueName), this::onCommand);
                    return consumer.completion();
                })
                .onSuccess(v -> {
                    summaryTimer = vertx.setPeriodic(config.summaryInterval().toMillis(), id -> publishSummaries());
                    if (durable.journaled()) {
                        snapshotTimer = vertx.setPeriodic(config.snapshotInterval().toMillis(), id -> periodicSnapshot());
                    }
                    health = new JsonObject().put("venue", venueName)
                            .put("instruments", new JsonArray(durable.venue().instruments()))
                            .put("journal", journalHealth(config));
                    HealthRegistry.report(vertx, component, "UP", health);
                    LOG.info("Venue {} serves {} on {}", venueName, durable.venue().instruments(), Addresses.matching(venueName));
                })
                .onFailure(e -> {
                    venues().remove(venueName, deploymentID());
                    if (durable != null) {
                        durable.close();
                    }
                });
    }

    /**
     * One matching verticle per venue of {@code matching.venues}, each with its own port offset; this one only waits.
     * Each keeps {@code matching.venue} as the default venue (which trades the instruments routed {@code venue}) and
     * serves its own venue's instruments ({@code route: venue:<name>}).
     */
    private Future<?> deployVenues(MatchingConfig config) {
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < config.venues().size(); i++) {
            JsonObject root = config().copy();
            JsonObject matching = root.getJsonObject(MatchingConfig.SECTION);
            JsonObject replication = matching.getJsonObject("replication");
            if (replication != null) {
                replication.put("port-offset", replication.getInteger("port-offset", 0) + i);
            }
            deployed.add(vertx.deployVerticle(new MatchingVerticle(opener, config.venues().get(i)),
                    new DeploymentOptions().setConfig(root)));
        }
        return Future.all(deployed).onSuccess(v -> LOG.info("Matching runs venues {}", config.venues()));
    }

    private Future<?> startReplicated(MatchingConfig config, Supplier<Venue> fresh, DurableVenue.Output output) {
        if (!config.journalEnabled() || !config.journalFsync()) {
            LOG.warn("Venue {}: matching.journal.* does not apply to a replicated venue: its Raft log is always fsynced before a "
                    + "command counts", venueName);
        }
        replicated = new ReplicatedVenue(vertx, context, venueName, config.replication(), config.raftDir(), fresh, output,
                this::onCommand, LOG);
        return vertx.executeBlocking(() -> refuseOtherData(config.venueDir(), "a single-node journal",
                        "a replicated venue starts from its Raft log only and would ignore it"), false)
                .compose(v -> replicated.start())
                .onSuccess(v -> summaryTimer = vertx.setPeriodic(config.summaryInterval().toMillis(), id -> publishSummaries()))
                .onFailure(e -> {
                    venues().remove(venueName, deploymentID());
                    replicated.stop();
                });
    }

    private Future<DurableVenue> open(MatchingConfig config, Supplier<Venue> fresh, DurableVenue.Output output) {
        if (!config.journalEnabled()) {
            LOG.warn("Venue {} runs without a journal (matching.journal.enabled=false): its state is lost when the process stops",
                    venueName);
            try {
                return Future.succeededFuture(DurableVenue.inMemory(fresh.get(), output, LOG));
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(e);
            }
        }
        if (!config.journalFsync()) {
            LOG.warn("Venue {} journals without fsync (matching.journal.fsync=false): acknowledged orders survive a killed process "
                    + "but not a power loss or an OS crash", venueName);
        }
        Executor loop = task -> context.runOnContext(v -> task.run());
        DurableVenue.Settings settings = new DurableVenue.Settings(config.venueDir(), config.journalFsync(),
                JournalWriter.DEFAULT_SEGMENT_BYTES, opener, System::currentTimeMillis, config.journalCommitInterval());
        return vertx.executeBlocking(() -> {
            refuseOtherData(config.raftDir(), "a Raft log of a replicated venue",
                    "the single-node journal would ignore it; configure matching.replication.peers to use it");
            long started = System.nanoTime();
            try {
                DurableVenue opened = DurableVenue.open(settings, fresh, output, loop, LOG);
                VenueStore.Recovered r = opened.recovered();
                LOG.info("Venue {} recovered from {}: snapshot at sequence {} + {} journal records = sequence {} in {} ms{}", venueName,
                        config.venueDir(), r.snapshotSequence(), r.replayed(), r.lastSequence(),
                        (System.nanoTime() - started) / 1_000_000, r.damage() == null ? "" : " (damaged tail cut off: " + r.damage() + ")");
                return opened;
            } catch (io.tradewire.matching.codec.IncompatibleDataException e) {
                throw new IllegalStateException("venue " + venueName + " cannot use its data in " + config.venueDir() + ": "
                        + e.getMessage() + " (start it with the configuration the data was written with, or move the directory "
                        + "aside to start an empty venue)", e);
            }
        }, false);
    }

    /**
     * Refuses to start when {@code dir} holds the data of the other mode (blocking): switching a venue between the
     * single-node journal and replication does not carry its state over, and starting empty beside it would silently
     * drop every order, balance and position.
     */
    private Void refuseOtherData(Path dir, String what, String why) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalStateException("venue " + venueName + " has " + what + " in " + dir + ": " + why
                            + " (moving a venue between the two modes is not supported: move the directory aside to start "
                            + "the venue empty)");
                }
            }
        }
        return null;
    }

    @Override
    public Future<?> stop() {
        if (summaryTimer >= 0) {
            vertx.cancelTimer(summaryTimer);
        }
        if (snapshotTimer >= 0) {
            vertx.cancelTimer(snapshotTimer);
        }
        if (replicated != null) {
            return replicated.stop().onComplete(v -> {
                HealthRegistry.remove(vertx, component);
                venues().remove(venueName, deploymentID());
            });
        }
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return unregistered
                .compose(v -> durable == null ? Future.<Void>succeededFuture()
                        : Future.fromCompletionStage(durable.close(), context))
                .onComplete(v -> {
                    if (component != null) {
                        HealthRegistry.remove(vertx, component);
                        venues().remove(venueName, deploymentID());
                    }
                });
    }

    /**
     * Takes a snapshot now, on the venue's context (also taken every {@code matching.snapshot-interval} and
     * at a clean stop).
     *
     * @return the journal sequence the snapshot covers
     */
    public Future<Long> snapshot() {
        if (durable == null) {
            return Future.failedFuture(new IllegalStateException("venue " + venueName + " has no journal here: a replicated "
                    + "venue snapshots every matching.replication.snapshot-threshold log entries"));
        }
        Promise<Long> promise = Promise.promise();
        context.runOnContext(v -> durable.snapshot().whenComplete((sequence, failure) -> {
            if (failure != null) {
                promise.fail(failure);
            } else {
                promise.complete(sequence);
            }
        }));
        return promise.future();
    }

    private void periodicSnapshot() {
        if (durable.unavailable() == null) {
            durable.snapshot(); // failures are logged; the journal still has everything
        }
    }

    private void onCommand(Message<Command> message) {
        Object body = ((Message<?>) message).body();
        if (!(body instanceof Command command)) {
            message.fail(ErrorCode.MALFORMED.code(), "Malformed message: not a venue command");
            return;
        }
        Pending pending = new Pending(message, command.getClass(), System.nanoTime());
        if (replicated != null) {
            replicated.handle(command, clock.getAsLong(), pending);
        } else {
            durable.handle(command, clock.getAsLong(), pending);
        }
    }

    /** Replies, then publishes the command's events (the venue replies before it publishes). */
    private void deliver(Outcome outcome) {
        if (outcome.context() instanceof Pending pending) {
            if (outcome.failed()) {
                pending.message().fail(outcome.errorCode().code(), outcome.errorMessage());
            } else {
                pending.message().reply(outcome.reply());
            }
            meters.answered(pending.type(), !outcome.failed(), System.nanoTime() - pending.arrivedNanos());
        }
        Object events = EventBatch.bodyOf(outcome.events());
        if (events != null) {
            vertx.eventBus().publish(Addresses.EVENTS, events);
        }
    }

    /** Runs on this verticle's context, like the commands, so it reads the venue as its single writer does. */
    private void publishSummaries() {
        if (replicated != null) {
            if (replicated.serving()) {
                replicated.publish(new ArrayList<>(replicated.venue().summaries()));
            }
            return;
        }
        List<Event> summaries = new ArrayList<>(durable.venue().summaries());
        durable.publish(summaries);
    }

    private JsonObject journalHealth(MatchingConfig config) {
        JsonObject journal = new JsonObject().put("enabled", config.journalEnabled());
        if (config.journalEnabled()) {
            VenueStore.Recovered r = durable.recovered();
            journal.put("fsync", config.journalFsync()).put("commitIntervalMicros", config.journalCommitInterval().toNanos() / 1_000)
                    .put("dir", config.venueDir().toString())
                    .put("recoveredSequence", r.lastSequence()).put("replayed", r.replayed());
            if (r.damage() != null) {
                journal.put("damage", r.damage());
            }
        }
        return journal;
    }

    private LocalMap<String, String> venues() {
        return vertx.sharedData().getLocalMap(VENUES_MAP);
    }
}
