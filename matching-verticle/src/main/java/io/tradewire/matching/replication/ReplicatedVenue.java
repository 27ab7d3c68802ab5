package io.tradewire.matching.replication;

import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.journal.DurableVenue;
import io.tradewire.matching.journal.Outcome;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.RejectedException;
import io.tradewire.model.command.Command;
import io.tradewire.model.event.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;

/**
 * One replica of a replicated venue: a Ratis server whose group is the venue's replicas, the venue as its state machine
 * ({@link VenueStateMachine}), and the venue's command consumer, registered on {@code matching.<venue>} only while this
 * replica is the group's leader and has executed every entry committed before its term began.
 *
 * <p>A state-changing command received by the leader is encoded ({@link VenueCommandEntry}: the command and its arrival
 * time) and proposed to the group; it is executed on every replica once a majority has it in its fsynced log, and only
 * then does the leader answer it and publish its events (followers drop theirs). A query is answered by the leader from
 * its state, which holds exactly the executed (committed) commands. The leader takes a command at all only while it
 * holds a {@link ReadLease} (it heard from a majority within 90% of the shortest election timeout), so a leader that
 * was paused or cut off and replaced neither answers from its stale state nor appends to its log; otherwise 503,
 * not executed. A command that is not committed within
 * {@code request-timeout}, or whose leader loses its leadership first, is answered {@link ErrorCode#UNAVAILABLE} with
 * "outcome unknown": it may still be committed by the next leader. Nothing is ever acknowledged before it is committed.
 *
 * <p>Threads: everything here runs on the verticle's context (the venue thread) except the proposals, which a small
 * single-thread executor hands to Ratis in arrival order, and Ratis' notifications, which hop onto the context.
 */
public final class ReplicatedVenue implements VenueStateMachine.Listener {
    /** How often the replica checks its role, times out commands and refreshes its health. */
    static final long TICK_MILLIS = 200;
    private static final String OUTCOME_UNKNOWN = "Service unavailable: venue %s could not confirm this command on a majority of "
            + "its replicas (%s); its outcome is unknown: query the order or the account before sending it again";

    private final Vertx vertx;
    private final String venueName;
    private final ReplicationConfig config;
    private final Path dir;
    private final DurableVenue.Output output;
    private final Handler<Message<Command>> handler;
    private final Logger log;
    private final String component;
    private final Executor venueThread;
    private final VenueStateMachine stateMachine;
    private final RaftGroup group;
    private final RaftPeerId self;
    private final ClientId clientId = ClientId.randomId();
    private final long requestTimeoutNanos;
    /** Commands proposed by this replica and not answered yet, by call id (= proposal order). */
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private ExecutorService proposer;
    private RaftServer server;
    private RaftServer.Division division;
    private long nextCallId = 1;
    private MessageConsumer<Command> consumer;
    private boolean serving;
    /** When this replica last started serving (epoch millis): in /health as {@code servingSince}. */
    private long servingSince;
    /** While this replica leads but does not serve yet: the commit index to execute first; -1 otherwise. */
    private long readyIndex = -1;
    private String down;
    private boolean stopped;
    private long tickTimer = -1;
    private String lastLeaderLogged = "";
    private final ReplicaHealth health;

    private record Pending(Object context, long deadlineNanos) {
    }

    /**
     * @param context the verticle's context: the venue thread
     * @param dir     this replica's Raft storage ({@code <data-dir>/raft/<venue>})
     * @param handler what the consumer on {@code matching.<venue>} calls while this replica leads
     */
    public ReplicatedVenue(Vertx vertx, Context context, String venueName, ReplicationConfig config, Path dir,
            Supplier<Venue> fresh, DurableVenue.Output output, Handler<Message<Command>> handler, Logger log) {
        this.vertx = vertx;
        this.venueName = venueName;
        this.config = config;
        this.dir = dir;
        this.output = output;
        this.handler = handler;
        this.log = log;
        this.component = "matching." + venueName;
        this.venueThread = task -> context.runOnContext(v -> task.run());
        this.stateMachine = new VenueStateMachine(venueName, fresh, venueThread, this, log);
        this.group = VenueRaftGroup.group(venueName, config);
        this.self = RaftPeerId.valueOf(config.self());
        this.requestTimeoutNanos = config.requestTimeout().toNanos();
        this.health = new ReplicaHealth(venueName, config, dir);
    }

    /** Starts the Raft server (recovering the latest snapshot and the log) on a worker; completes on the venue thread. */
    public Future<Void> start() {
        proposer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "tradewire-raft-propose-" + venueName);
            thread.setDaemon(true);
            return thread;
        });
        if (config.peers().size() < ReplicationConfig.FAILOVER_REPLICAS) {
            log.warn("Venue {} has {} replica(s): every command needs all of them ({} of {}), and the venue stops when one is "
                    + "down; {} replicas survive the loss of one", venueName, config.peers().size(), config.majority(),
                    config.peers().size(), ReplicationConfig.FAILOVER_REPLICAS);
        }
        return vertx.<RaftServer>executeBlocking(() -> {
            Files.createDirectories(dir);
            RaftServer raft = RaftServer.newBuilder()
                    .setServerId(self)
                    .setGroup(group)
                    .setStateMachine(stateMachine)
                    .setProperties(VenueRaftGroup.properties(config, dir))
                    .setOption(RaftStorage.StartupOption.RECOVER)
                    .build();
            try {
                raft.start();
            } catch (IOException | RuntimeException e) {
                raft.close();
                throw e;
            }
            return raft;
        }, false).map(raft -> {
            server = raft;
            try {
                division = raft.getDivision(group.getGroupId());
            } catch (IOException e) {
                throw new IllegalStateException("Raft group of venue " + venueName + " did not start", e);
            }
            tickTimer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
            log.info("Venue {} replicates over Raft: this node is {} at {}:{}, peers {}, majority {}, election timeout {}..{} ms, "
                    + "storage {}", venueName, config.self(), config.bindHost(), config.bindPort(),
                    health.peers(), config.majority(),
                    config.electionTimeout().toMillis(), 2 * config.electionTimeout().toMillis(), dir);
            reportHealth(true);
            return null;
        });
    }

    /** The venue (venue thread). */
    public Venue venue() {
        return stateMachine.venue();
    }

    /** Whether this replica serves the venue now (it leads and has executed everything committed before its term). */
    public boolean serving() {
        return serving;
    }

    public VenueStateMachine stateMachine() {
        return stateMachine;
    }

    /** Handles a command received on {@code matching.<venue>} at {@code now} (venue thread). */
    public void handle(Command command, long now, Object context) {
        if (down != null) {
            output.deliver(Outcome.failure(context, ErrorCode.UNAVAILABLE, down));
            return;
        }
        if (!serving) {
            output.deliver(Outcome.failure(context, ErrorCode.UNAVAILABLE, "Service unavailable: venue " + venueName
                    + " is not led by this node right now; retry"));
            return;
        }
        if (!leaseHeld()) {
            // Perhaps deposed without knowing it yet (paused, cut off): neither answer from this state nor append.
            output.deliver(Outcome.failure(context, ErrorCode.UNAVAILABLE, "Service unavailable: venue " + venueName
                    + " has not heard from a majority of its replicas lately; the command was not executed, retry"));
            return;
        }
        if (!Venue.changesState(command)) {
            output.deliver(query(command, now, context));
            return;
        }
        long callId = nextCallId++;
        pending.put(callId, new Pending(context, System.nanoTime() + requestTimeoutNanos));
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(self)
                .setGroupId(group.getGroupId())
                .setCallId(callId)
                .setMessage(org.apache.ratis.protocol.Message.valueOf(ByteString.copyFrom(new VenueCommandEntry(now, command).encode())))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        RaftServer raft = server;
        proposer.execute(() -> {
            CompletableFuture<RaftClientReply> reply;
            try {
                reply = raft.submitClientRequestAsync(request);
            } catch (IOException | RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            reply.whenComplete((r, e) -> venueThread.execute(() -> replied(callId, r, e)));
        });
    }

    /** Whether this leader heard from a majority recently enough to answer queries from its state ({@link ReadLease}). */
    private boolean leaseHeld() {
        RoleInfoProto role = division.getInfo().getRoleInfoProto();
        if (!role.hasLeaderInfo()) {
            return false;
        }
        List<Long> ages = role.getLeaderInfo().getFollowerInfoList().stream().map(ServerRpcProto::getLastRpcElapsedTimeMs).toList();
        return ReadLease.held(ages, config.majority(), config.electionTimeout().toMillis());
    }

    private Outcome query(Command command, long now, Object context) {
        try {
            return new Outcome(context, venue().handle(command, now, event -> {
            }), null, null, List.of());
        } catch (RejectedException e) {
            return Outcome.failure(context, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Venue {} failed on {} of user {}", venueName, command.getClass().getSimpleName(), command.userId(), e);
            return Outcome.failure(context, ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage());
        }
    }

    /** Ratis answered a proposal (venue thread). A committed one was answered when it was executed. */
    private void replied(long callId, RaftClientReply reply, Throwable error) {
        Pending waiting = pending.remove(callId);
        if (waiting == null) {
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null && reply != null && !reply.isSuccess()) {
            cause = reply.getException();
        }
        String why;
        if (cause instanceof NotLeaderException) {
            why = "this node stopped leading the venue";
        } else if (cause != null) {
            why = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } else {
            why = "committed, but not executed on this node";
        }
        output.deliver(Outcome.failure(waiting.context(), ErrorCode.UNAVAILABLE, String.format(OUTCOME_UNKNOWN, venueName, why)));
    }

    /** Publishes events that belong to no command (summaries), while this replica serves. */
    public void publish(List<Event> events) {
        if (serving && down == null) {
            output.deliver(new Outcome(null, null, null, null, events));
        }
    }

    @Override
    public void applied(long index, ClientId client, long callId, Outcome outcome) {
        Pending waiting = client.equals(clientId) ? pending.remove(callId) : null;
        if (waiting != null) {
            output.deliver(new Outcome(waiting.context(), outcome.reply(), outcome.errorCode(), outcome.errorMessage(),
                    outcome.events()));
        } else if (serving && !outcome.events().isEmpty()) {
            // Proposed here but given up on (timed out) and committed since: its events still go out, once, from here.
            output.deliver(new Outcome(null, null, null, null, outcome.events()));
        }
        if (readyIndex >= 0 && index >= readyIndex) {
            serve();
        }
    }

    @Override
    public void failed(String reason) {
        down = stateMachine.failure();
        unserve("its state machine stopped");
        output.down(reason);
        reportHealth(true);
    }

    @Override
    public void leaderChanged(RaftPeerId leader) {
        venueThread.execute(() -> {
            if (division == null) {
                return; // still starting: the first tick reads the role
            }
            if (!self.equals(leader)) {
                unserve(leader == null ? "no leader is known" : "it follows " + leader);
            }
            logLeader();
            reportHealth(true);
        });
    }

    @Override
    public void leaderReady() {
        venueThread.execute(this::checkReady);
    }

    @Override
    public void notLeader() {
        venueThread.execute(() -> {
            if (division == null) {
                return;
            }
            unserve("it lost its leadership");
            reportHealth(true);
        });
    }

    /** Venue thread: this replica leads; it serves once it has executed every entry committed so far. */
    private void checkReady() {
        if (serving || down != null || server == null || division == null) {
            return;
        }
        DivisionInfo info = division.getInfo();
        if (!info.isLeader() || !info.isLeaderReady()) {
            return;
        }
        if (readyIndex < 0) {
            readyIndex = division.getRaftLog().getLastCommittedIndex();
        }
        if (stateMachine.appliedIndex() >= readyIndex) {
            serve();
        }
    }

    private void serve() {
        readyIndex = -1;
        if (serving || down != null || !division.getInfo().isLeader()) {
            return;
        }
        serving = true;
        servingSince = System.currentTimeMillis();
        consumer = vertx.eventBus().consumer(Addresses.matching(venueName), handler);
        log.info("Venue {}: this node leads (term {}) and serves {} from log index {}", venueName,
                division.getInfo().getCurrentTerm(), Addresses.matching(venueName), stateMachine.appliedIndex());
        lastLeaderLogged = config.self() + "@" + division.getInfo().getCurrentTerm();
        reportHealth(true);
    }

    private void unserve(String why) {
        readyIndex = -1;
        if (!serving) {
            return;
        }
        serving = false;
        if (consumer != null) {
            consumer.unregister();
            consumer = null;
        }
        log.warn("Venue {}: this node stops serving {} ({}); {} command(s) in flight are answered 'outcome unknown'", venueName,
                Addresses.matching(venueName), why, pending.size());
        failPending("this node stopped leading the venue");
    }

    private void failPending(String why) {
        List<Pending> failed = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending waiting : failed) {
            output.deliver(Outcome.failure(waiting.context(), ErrorCode.UNAVAILABLE, String.format(OUTCOME_UNKNOWN, venueName, why)));
        }
    }

    private void logLeader() {
        DivisionInfo info = division.getInfo();
        RaftPeerId leader = info.getLeaderId();
        String key = (leader == null ? "" : leader.toString()) + "@" + info.getCurrentTerm();
        if (leader == null || self.equals(leader) || key.equals(lastLeaderLogged)) {
            return;
        }
        lastLeaderLogged = key;
        log.info("Venue {}: this node follows {} (term {})", venueName, leader, info.getCurrentTerm());
    }

    /** Venue thread, every {@link #TICK_MILLIS}: times out proposals, follows the role, refreshes health. */
    private void tick() {
        long now = System.nanoTime();
        List<Pending> expired = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending waiting = it.next();
            if (waiting.deadlineNanos() - now > 0) {
                break; // proposals are in order, and so are their deadlines
            }
            it.remove();
            expired.add(waiting);
        }
        String why = "not committed within " + config.requestTimeout().toMillis() + " ms";
        for (Pending waiting : expired) {
            output.deliver(Outcome.failure(waiting.context(), ErrorCode.UNAVAILABLE, String.format(OUTCOME_UNKNOWN, venueName, why)));
        }
        DivisionInfo info = division.getInfo();
        if (serving && !info.isLeader()) {
            unserve("it is no longer the leader");
        } else if (!serving) {
            checkReady();
        }
        logLeader();
        reportHealth(false);
    }

    private void reportHealth(boolean now) {
        if (stopped) {
            return;
        }
        if (division == null) {
            HealthRegistry.report(vertx, component, "STARTING", health.starting());
            return;
        }
        HealthRegistry.report(vertx, component, down == null ? "UP" : "DOWN",
                health.current(division, stateMachine, serving ? servingSince : 0, down, now));
    }

    /**
     * Stops (venue thread): stops serving, answers what is in flight ("outcome unknown"), closes the Raft server on a
     * worker (it takes a last snapshot) and unlocks the storage.
     */
    public Future<Void> stop() {
        stopped = true;
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
            tickTimer = -1;
        }
        unserve("it is stopping");
        failPending("this node is stopping");
        RaftServer raft = server;
        server = null;
        Future<Void> closed = raft == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
            raft.close();
            return null;
        }, false);
        return closed.onComplete(v -> {
            if (proposer != null) {
                proposer.shutdown();
            }
            failPending("this node is stopping");
            log.info("Venue {}: Raft server of {} stopped", venueName, config.self());
        });
    }

    @Override
    public String toString() {
        return "ReplicatedVenue[" + venueName + " on " + config.self() + "]";
    }
}
