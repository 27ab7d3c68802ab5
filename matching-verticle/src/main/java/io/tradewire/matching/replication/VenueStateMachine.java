package io.tradewire.matching.replication;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.engine.VenueSnapshot;
import io.tradewire.matching.journal.Outcome;
import io.tradewire.matching.journal.SnapshotFile;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.RejectedException;
import io.tradewire.model.event.Event;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;

/**
 * A venue as a Ratis state machine: each committed log entry ({@link VenueCommandEntry}) is executed by the
 * {@link Venue}, on every replica, in log order.
 *
 * <p>Threads. Ratis calls {@link #applyTransaction} from its state machine updater thread, one entry after the other;
 * the entry is handed to the <em>venue thread</em> (the matching verticle's event loop, through {@code venueThread},
 * which runs tasks in order) and executed there, so the venue stays single-writer and the verticle reads it without
 * locks. The returned future completes once it ran: only then does Ratis consider the entry applied. Snapshots are
 * captured on the venue thread too (so the image and the applied index match) and written on Ratis' thread.
 *
 * <p>Snapshots are files {@code snapshot.<term>_<index>} of Ratis' {@link SimpleStateMachineStorage} (its naming, so
 * that Ratis can send them to a follower that is too far behind), in the {@link SnapshotFile} format (the
 * {@link VenueSnapshot} body with a checksummed header), written to a temporary file then renamed, with an
 * {@code .md5} file beside them for the transfer. The newest {@link #KEEP_SNAPSHOTS} are kept.
 */
public final class VenueStateMachine extends BaseStateMachine {
    /** What the state machine reports to its owner. */
    public interface Listener {
        /**
         * A committed entry was executed (venue thread). {@code client} and {@code callId} name the request that
         * proposed it: the owner that proposed it answers it with {@code outcome} (whose context is null) and publishes
         * its events; the other replicas drop them.
         */
        void applied(long index, ClientId client, long callId, Outcome outcome);

        /** The state machine cannot execute the log any more (venue thread): the replica must stop serving. */
        void failed(String reason);

        /** Ratis learnt of a new leader ({@code leader} may be this node), on a Ratis thread. */
        void leaderChanged(RaftPeerId leader);

        /** This node became leader and committed an entry of its term: it may serve (Ratis thread). */
        void leaderReady();

        /** This node stopped being leader (Ratis thread). */
        void notLeader();
    }

    public static final int KEEP_SNAPSHOTS = 2;
    private static final long VENUE_THREAD_TIMEOUT_SECONDS = 30;

    private final String venueName;
    private final Supplier<Venue> fresh;
    private final Executor venueThread;
    private final Listener listener;
    private final Logger log;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    /** Written on the venue thread once serving; read there (and by Ratis threads through the capture task). */
    private volatile Venue venue;
    /** The last entry executed by the venue (venue thread), null before the first. */
    private volatile TermIndex applied;
    /** Why the venue cannot go on, or null (venue thread). */
    private volatile String failure;

    /**
     * @param fresh       a new empty venue with the configured rules
     * @param venueThread runs tasks on the venue thread, in order
     */
    public VenueStateMachine(String venueName, Supplier<Venue> fresh, Executor venueThread, Listener listener, Logger log) {
        this.venueName = venueName;
        this.fresh = fresh;
        this.venueThread = venueThread;
        this.listener = listener;
        this.log = log;
    }

    /** The venue (read it on the venue thread only). */
    public Venue venue() {
        return venue;
    }

    /** The index of the last executed entry (or restored snapshot); 0 before any. */
    public long appliedIndex() {
        TermIndex last = applied;
        return last == null ? 0 : last.getIndex();
    }

    /** Null while the venue executes the log; otherwise why it stopped. */
    public String failure() {
        return failure;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().startAndTransition(() -> {
            storage.init(raftStorage);
            deleteTempFiles();
            load(storage.loadLatestSnapshot(), false);
        });
    }

    /** Before Ratis installs a snapshot from the leader (then {@link #reinitialize}). */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    @Override
    public void reinitialize() throws IOException {
        // After a snapshot was installed from the leader: the state is the new snapshot's.
        load(storage.loadLatestSnapshot(), true);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public SingleFileSnapshotInfo getLatestSnapshot() {
        return storage.getLatestSnapshot();
    }

    private void load(SingleFileSnapshotInfo snapshot, boolean installed) throws IOException {
        Venue loaded = fresh.get();
        TermIndex at = null;
        if (snapshot != null) {
            File file = snapshot.getFile().getPath().toFile();
            MD5Hash digest = snapshot.getFile().getFileDigest();
            if (digest != null) {
                MD5FileUtil.verifySavedMD5(file, digest);
            }
            try {
                SnapshotFile.Body body = SnapshotFile.read(file.toPath(), snapshot.getIndex());
                List<String> ruleChanges = VenueSnapshot.restore(loaded, new ByteIn(body.bytes()), body.version());
                if (!ruleChanges.isEmpty()) {
                    log.warn("Venue {}: the configured trading rules differ from those of snapshot {} ({}); every replica of a "
                            + "venue must run the same rules, or replicas diverge", venueName, file.getName(),
                            String.join(", ", ruleChanges));
                }
            } catch (CorruptDataException | IncompatibleDataException e) {
                throw new IOException("venue " + venueName + " cannot use snapshot " + file + ": " + e.getMessage(), e);
            }
            at = snapshot.getTermIndex();
            log.info("Venue {}: {} snapshot {} (index {})", venueName, installed ? "installed the leader's" : "restored",
                    file.getName(), at.getIndex());
        }
        TermIndex restoredAt = at;
        if (!installed) {
            venue = loaded;
            applied = restoredAt;
            if (restoredAt != null) {
                setLastAppliedTermIndex(restoredAt);
            }
            return;
        }
        onVenueThread(() -> {
            venue = loaded;
            applied = restoredAt;
            if (restoredAt != null) {
                setLastAppliedTermIndex(restoredAt);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex termIndex = TermIndex.valueOf(entry);
        StateMachineLogEntryProto smEntry = entry.getStateMachineLogEntry();
        byte[] data = smEntry.getLogData().toByteArray();
        ClientId client = ClientId.valueOf(smEntry.getClientId());
        long callId = smEntry.getCallId();
        CompletableFuture<Message> done = new CompletableFuture<>();
        venueThread.execute(() -> {
            try {
                execute(termIndex, client, callId, data);
                done.complete(Message.EMPTY);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Venue thread: executes one committed entry and hands its outcome to the listener. */
    private void execute(TermIndex termIndex, ClientId client, long callId, byte[] data) {
        if (failure != null) {
            advance(termIndex);
            listener.applied(termIndex.getIndex(), client, callId, Outcome.failure(null, ErrorCode.UNAVAILABLE, failure));
            return;
        }
        VenueCommandEntry command;
        try {
            command = VenueCommandEntry.decode(data);
        } catch (CorruptDataException | IncompatibleDataException e) {
            fail("log entry " + termIndex.getIndex() + " does not decode (" + e.getMessage() + ")");
            advance(termIndex);
            listener.applied(termIndex.getIndex(), client, callId, Outcome.failure(null, ErrorCode.UNAVAILABLE, failure));
            return;
        }
        List<Event> events = new ArrayList<>();
        Outcome outcome;
        try {
            Object reply = venue.handle(command.command(), command.timestamp(), events::add);
            outcome = new Outcome(null, reply, null, null, events);
        } catch (RejectedException e) {
            outcome = Outcome.failure(null, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // Every replica executes the same entry the same way: they all stop here. Commands carry no secrets.
            log.error("Venue {} failed on log entry {} ({} of user {})", venueName, termIndex.getIndex(),
                    command.command().getClass().getSimpleName(), command.command().userId(), e);
            fail("internal error in " + command.command().getClass().getSimpleName() + " at log entry " + termIndex.getIndex());
            outcome = Outcome.failure(null, ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage());
        }
        advance(termIndex);
        listener.applied(termIndex.getIndex(), client, callId, outcome);
    }

    private void advance(TermIndex termIndex) {
        applied = termIndex;
        updateLastAppliedTermIndex(termIndex);
    }

    private void fail(String reason) {
        failure = "Service unavailable: venue " + venueName + " stopped executing its log (" + reason
                + "); its state needs an operator";
        log.error("Venue {}: {}", venueName, failure);
        listener.failed(reason);
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // Entries without a command (configuration, leader's first entry): in order with the commands.
        TermIndex termIndex = TermIndex.valueOf(term, index);
        venueThread.execute(() -> {
            if (applied == null || applied.getIndex() < index) {
                advance(termIndex);
            }
        });
    }

    @Override
    public long takeSnapshot() throws IOException {
        record Capture(TermIndex at, byte[] body) {
        }
        Capture capture = onVenueThread(() -> failure != null || applied == null ? null
                : new Capture(applied, VenueSnapshot.encode(venue)));
        if (capture == null) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
        long index = capture.at().getIndex();
        if (latest != null && latest.getIndex() >= index) {
            return latest.getIndex();
        }
        long started = System.nanoTime();
        File file = storage.getSnapshotFile(capture.at().getTerm(), index);
        SnapshotFile.writeTo(file.toPath(), index, System.currentTimeMillis(), capture.body());
        MD5Hash digest = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), digest), capture.at()));
        storage.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
            @Override
            public int getNumSnapshotsRetained() {
                return KEEP_SNAPSHOTS;
            }
        });
        log.info("Venue {} snapshot {} ({} bytes) in {} ms", venueName, file.getName(), capture.body().length,
                (System.nanoTime() - started) / 1_000_000);
        return index;
    }

    private <T> T onVenueThread(Supplier<T> task) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        venueThread.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(VENUE_THREAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for venue " + venueName, e);
        } catch (ExecutionException e) {
            throw new IOException("venue " + venueName + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("venue " + venueName + " did not answer within " + VENUE_THREAD_TIMEOUT_SECONDS + " s", e);
        }
    }

    private void deleteTempFiles() throws IOException {
        Path dir = storage.getSnapshotFile(0, 0).toPath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(SnapshotFile.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(file); // a snapshot that was being written when the process stopped
            }
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        listener.leaderChanged(newLeaderId);
    }

    @Override
    public void notifyLeaderReady() {
        listener.leaderReady();
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        listener.notLeader();
    }
}
