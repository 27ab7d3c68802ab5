package io.tradewire.matching.journal;

import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.engine.VenueSnapshot;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.RejectedException;
import io.tradewire.model.command.Command;
import io.tradewire.model.event.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A {@link Venue} whose accepted state changes are journaled before anything about them leaves it.
 *
 * <p>Threads. The venue, this object and the {@link OutputGate} belong to one thread, the <em>venue
 * thread</em> (the matching verticle's event loop), and never block it. A command is executed in memory
 * at once; if it changed state, its record is queued to the {@link JournalWriter}, whose own thread
 * writes and fsyncs in groups. The reply and events of every command — queries and rejections too — are
 * held in the gate in arrival order and released when the journal reports their records durable (the
 * report is posted back to the venue thread through {@code loop}). So no client, and no subscriber of
 * the events, ever sees an effect that a crash could take back, and nothing is re-ordered. A rejected
 * command changed nothing and writes no record. Snapshots are captured on the venue thread (a byte image
 * of the state: a pause proportional to the state's size), and written on a background thread once the
 * journal is durable up to their sequence.
 *
 * <p>Failing closed. If the journal cannot write or fsync, the state in memory is ahead of the disk and
 * cannot be made durable: the venue stops accepting commands (every command, queries included, gets
 * {@link ErrorCode#UNAVAILABLE}), every held reply becomes UNAVAILABLE ("outcome unknown until restart"),
 * their events are dropped, and {@link Output#down} reports it (health DOWN). A restart recovers the
 * durable state. An unexpected exception inside a state-changing command does the same, except that the
 * commands before it still complete (their records are fine): the state in memory may be half-changed,
 * so nothing after it is executed, and no snapshot is taken of it.
 */
public final class DurableVenue {
    /** Where outcomes go, on the venue thread. */
    public interface Output {
        /** Sends the reply (or failure) to {@link Outcome#context()}, then publishes the events. */
        void deliver(Outcome outcome);

        /** The venue stopped accepting commands for good (until restarted). */
        void down(String reason);

        /** The journal fsynced a group of records (on the journal's writer thread: must be thread-safe). */
        default void synced(int records, long fsyncNanos) {
        }
    }

    /**
     * How a journaled venue keeps its data.
     *
     * @param commitInterval the least time between the starts of two group commits ({@link JournalWriter}; zero: none)
     */
    public record Settings(Path dir, boolean fsync, long segmentBytes, JournalWriter.ChannelOpener opener, LongSupplier wallClock,
            Duration commitInterval) {
        public Settings {
            if (commitInterval.isNegative()) {
                throw new IllegalArgumentException("commit interval " + commitInterval + " is negative");
            }
        }

        /** No interval between group commits. */
        public Settings(Path dir, boolean fsync, long segmentBytes, JournalWriter.ChannelOpener opener, LongSupplier wallClock) {
            this(dir, fsync, segmentBytes, opener, wallClock, Duration.ZERO);
        }

        public static Settings of(Path dir, boolean fsync) {
            return new Settings(dir, fsync, JournalWriter.DEFAULT_SEGMENT_BYTES, java.nio.channels.FileChannel::open,
                    System::currentTimeMillis);
        }

        public Settings withCommitInterval(Duration interval) {
            return new Settings(dir, fsync, segmentBytes, opener, wallClock, interval);
        }
    }

    private static final String UNKNOWN_OUTCOME = "Service unavailable: the venue's journal failed before this command was "
            + "durable; its outcome is unknown until the venue restarts (then query the order)";

    private final Venue venue;
    private final VenueStore store;
    private final JournalWriter writer;
    private final OutputGate<Outcome> gate;
    private final Output output;
    private final Executor loop;
    private final ExecutorService background;
    private final Logger log;
    private final VenueStore.Recovered recovered;
    private String unavailable;
    private boolean journalFailed;
    private boolean halted;
    private long snapshotSequence = -1;
    private CompletableFuture<Long> snapshotInFlight;

    private DurableVenue(Venue venue, VenueStore store, VenueStore.Recovered recovered, Settings settings, Output output,
            Executor loop, Logger log) throws IOException {
        this.venue = venue;
        this.store = store;
        this.recovered = recovered;
        this.output = output;
        this.loop = loop;
        this.log = log;
        long start = recovered == null ? 0 : recovered.lastSequence();
        this.gate = new OutputGate<>(start, output::deliver);
        if (store == null) {
            writer = null;
            background = null;
            return;
        }
        String name = store.dir().getFileName().toString();
        background = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "tradewire-snapshot-" + name);
            thread.setDaemon(true);
            return thread;
        });
        writer = new JournalWriter(store.dir(), recovered.appendSegment(), recovered.appendPosition(), start, settings.fsync(),
                settings.segmentBytes(), new JournalWriter.Listener() {
                    @Override
                    public void durable(long sequence) {
                        loop.execute(() -> gate.durable(sequence));
                    }

                    @Override
                    public void failed(IOException cause) {
                        loop.execute(() -> onJournalFailure(cause));
                    }

                    @Override
                    public void synced(int records, long fsyncNanos) {
                        output.synced(records, fsyncNanos);
                    }
                }, settings.opener(), settings.wallClock(), settings.commitInterval().toNanos(), System::nanoTime);
    }

    /** A venue without a journal (matching.journal.enabled=false): outcomes leave at once, nothing survives a restart. */
    public static DurableVenue inMemory(Venue venue, Output output, Logger log) {
        try {
            return new DurableVenue(venue, null, null, null, output, Runnable::run, log);
        } catch (IOException e) {
            throw new IllegalStateException(e); // nothing is opened without a store
        }
    }

    /**
     * Locks the directory, recovers the venue from it and opens the journal (blocking: run it off the
     * venue thread). The first start writes a snapshot at sequence 0 so that the configuration the data
     * belongs to is recorded; a start whose trading rules (fees, price bands, self-trade prevention, client order id
     * window) differ from the snapshot's writes one at once, so that records journaled from now on are replayed
     * under the rules they were executed with.
     *
     * @param fresh builds a new venue with the current configuration
     * @param loop  runs tasks on the venue thread, in order
     */
    public static DurableVenue open(Settings settings, Supplier<Venue> fresh, Output output, Executor loop, Logger log)
            throws IOException, IncompatibleDataException {
        VenueStore store = VenueStore.open(settings.dir(), settings.wallClock());
        try {
            VenueStore.Recovered recovered = store.recover(fresh, log);
            if (!recovered.ruleChanges().isEmpty()) {
                log.info("Venue {}: trading rules changed since the snapshot at sequence {} ({}); they apply from now on",
                        recovered.venue().name(), recovered.snapshotSequence(), String.join(", ", recovered.ruleChanges()));
            }
            if (store.snapshotSequences().isEmpty() || !recovered.ruleChanges().isEmpty()) {
                store.writeSnapshot(recovered.lastSequence(), VenueSnapshot.encode(recovered.venue()));
            }
            long newestSnapshot = store.snapshotSequences().get(0);
            DurableVenue durable = new DurableVenue(recovered.venue(), store, recovered, settings, output, loop, log);
            durable.snapshotSequence = newestSnapshot;
            return durable;
        } catch (IOException | IncompatibleDataException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Venue venue() {
        return venue;
    }

    /** What recovery found; null without a journal. */
    public VenueStore.Recovered recovered() {
        return recovered;
    }

    public boolean journaled() {
        return writer != null;
    }

    /** Null while the venue accepts commands, else why it does not. */
    public String unavailable() {
        return unavailable;
    }

    /** The journal writer (tests and measurements); null without a journal. */
    public JournalWriter writer() {
        return writer;
    }

    /**
     * Executes a command as of {@code now} (venue thread); its outcome goes to the output once every
     * journal record it depends on is durable.
     *
     * @return the sequence of the command's journal record, 0 when it got none (a query, a rejection, no journal)
     */
    public long handle(Command command, long now, Object context) {
        if (unavailable != null) {
            gate.offer(outputSequence(), Outcome.failure(context, ErrorCode.UNAVAILABLE, unavailable));
            return 0;
        }
        List<Event> events = new ArrayList<>();
        Outcome outcome;
        boolean journal = false;
        try {
            Object reply = venue.handle(command, now, events::add);
            outcome = new Outcome(context, reply, null, null, events);
            journal = writer != null && Venue.changesState(command);
        } catch (RejectedException e) {
            outcome = Outcome.failure(context, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // Commands carry no secrets. The command's partial events are dropped.
            log.error("Venue {} failed on {} of user {}", venue.name(), command.getClass().getSimpleName(), command.userId(), e);
            outcome = Outcome.failure(context, ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage());
            if (writer != null && Venue.changesState(command)) {
                stopAccepting("internal error in " + command.getClass().getSimpleName()
                        + ": the state in memory may differ from the journal; a restart recovers the journaled state");
            }
        }
        long sequence = journal ? writer.append(now, command) : 0;
        gate.offer(journal ? sequence : outputSequence(), outcome);
        return sequence;
    }

    /** Publishes events that belong to no command (periodic summaries), in order with the commands' outcomes. */
    public void publish(List<Event> events) {
        if (unavailable == null) {
            gate.offer(outputSequence(), new Outcome(null, null, null, null, events));
        }
    }

    /**
     * Takes a snapshot now (venue thread): the state is captured at once, written when the journal is
     * durable up to it, then older snapshots and segments are pruned. Completes (on the venue thread)
     * with the snapshot's journal sequence; a snapshot already being written is shared, and nothing is
     * written when nothing changed since the last one.
     */
    public CompletableFuture<Long> snapshot() {
        if (writer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the journal is disabled: nothing to snapshot into"));
        }
        if (unavailable != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(unavailable));
        }
        return takeSnapshot();
    }

    private CompletableFuture<Long> takeSnapshot() {
        if (snapshotInFlight != null) {
            return snapshotInFlight;
        }
        long sequence = writer.lastAssigned();
        if (sequence == snapshotSequence) {
            return CompletableFuture.completedFuture(sequence);
        }
        long started = System.nanoTime();
        byte[] body = VenueSnapshot.encode(venue);
        long captureMicros = (System.nanoTime() - started) / 1000;
        writer.roll();
        CompletableFuture<Long> done = new CompletableFuture<>();
        snapshotInFlight = done;
        background.execute(() -> {
            try {
                writer.awaitDurable(sequence);
                Path file = store.writeSnapshot(sequence, body);
                List<Path> deleted = store.prune();
                loop.execute(() -> {
                    snapshotSequence = sequence;
                    snapshotInFlight = null;
                    log.info("Venue {} snapshot {} ({} bytes, captured in {} µs); pruned {}", venue.name(), file.getFileName(),
                            body.length, captureMicros, deleted.stream().map(p -> p.getFileName().toString()).toList());
                    done.complete(sequence);
                });
            } catch (IOException | InterruptedException | RuntimeException e) {
                loop.execute(() -> {
                    snapshotInFlight = null;
                    log.error("Venue {} snapshot at sequence {} failed (the journal still holds everything): {}", venue.name(),
                            sequence, e.toString());
                    done.completeExceptionally(e);
                });
            }
        });
        return done;
    }

    /**
     * Stops (venue thread): refuses new commands, takes a last snapshot when the venue is healthy, writes
     * and syncs what is queued, releases what waited for it, closes the journal and unlocks the directory.
     * Completes on the venue thread.
     */
    public CompletableFuture<Void> close() {
        if (halted) {
            return CompletableFuture.completedFuture(null);
        }
        boolean healthy = unavailable == null;
        if (unavailable == null) {
            unavailable = "Service unavailable: venue " + venue.name() + " is stopping";
        }
        if (writer == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        CompletableFuture<Long> last = healthy ? takeSnapshot() : CompletableFuture.completedFuture(null);
        last.whenComplete((sequence, snapshotFailure) -> {
            try {
                background.execute(() -> finishClose(closed));
            } catch (RuntimeException e) {
                closed.completeExceptionally(e);
            }
        });
        return closed;
    }

    /** Background thread: syncs and closes the journal, then releases what it held and unlocks (venue thread). */
    private void finishClose(CompletableFuture<Void> closed) {
        writer.close();
        loop.execute(() -> {
            // Durability reports posted before this task have run: only a failed journal leaves anything held.
            for (Outcome held : gate.drain()) {
                if (held.context() != null) {
                    output.deliver(Outcome.failure(held.context(), ErrorCode.UNAVAILABLE, UNKNOWN_OUTCOME));
                }
            }
            try {
                store.close();
            } catch (IOException e) {
                log.warn("Venue {}: unlocking {} failed: {}", venue.name(), store.dir(), e.toString());
            }
            background.shutdown();
            closed.complete(null);
        });
    }

    /**
     * Stops at once, as a killed process would (tests): the writer stops without writing what is queued
     * or syncing what it wrote, nothing more is delivered, the directory is unlocked. Blocking.
     */
    void halt() throws IOException, InterruptedException {
        unavailable = "halted";
        halted = true;
        if (writer != null) {
            writer.halt();
            background.shutdownNow();
            store.close();
        }
    }

    private long outputSequence() {
        if (writer == null) {
            return 0;
        }
        return journalFailed ? gate.durableSequence() : writer.lastAssigned();
    }

    private void onJournalFailure(IOException cause) {
        journalFailed = true;
        log.error("Venue {}: the journal in {} failed; the venue stops accepting commands (restart to recover)", venue.name(),
                store.dir(), cause);
        stopAccepting("journal failure: " + cause.getMessage());
        for (Outcome held : gate.drain()) {
            if (held.context() != null) {
                output.deliver(Outcome.failure(held.context(), ErrorCode.UNAVAILABLE, UNKNOWN_OUTCOME));
            }
        }
    }

    private void stopAccepting(String reason) {
        if (unavailable == null || unavailable.endsWith("is stopping")) {
            unavailable = "Service unavailable: venue " + venue.name() + " stopped accepting commands (" + reason + ")";
            output.down(reason);
        }
    }
}
