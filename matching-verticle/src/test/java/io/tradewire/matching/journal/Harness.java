package io.tradewire.matching.journal;

import io.tradewire.matching.engine.RandomCommands;
import io.tradewire.matching.engine.Venue;
import io.tradewire.model.command.Command;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DurableVenue} on a real directory, driven from the test thread: what it delivered, what it
 * journaled (sequence → timestamp and command, for reference replays), and whether it went down.
 */
final class Harness implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger("journal-test");

    /** A journaled command as the test saw it go in. */
    record Journaled(long sequence, long timestamp, Command command) {
    }

    final Path dir;
    final ManualLoop loop = new ManualLoop();
    final List<Outcome> delivered = new ArrayList<>();
    final List<String> downReasons = new ArrayList<>();
    final List<Journaled> journaled = new ArrayList<>();
    final DurableVenue venue;
    private final AtomicLong clock;

    Harness(Path dir, boolean fsync, long segmentBytes, JournalWriter.ChannelOpener opener, long startMillis) throws Exception {
        this(dir, fsync, segmentBytes, opener, startMillis, RandomCommands::venue);
    }

    /** With venues of another configuration ({@code factory} builds one reading the given clock). */
    Harness(Path dir, boolean fsync, long segmentBytes, JournalWriter.ChannelOpener opener, long startMillis,
            Function<LongSupplier, Venue> factory) throws Exception {
        this.dir = dir;
        this.clock = new AtomicLong(startMillis);
        DurableVenue.Output output = new DurableVenue.Output() {
            @Override
            public void deliver(Outcome outcome) {
                delivered.add(outcome);
            }

            @Override
            public void down(String reason) {
                downReasons.add(reason);
            }
        };
        venue = DurableVenue.open(new DurableVenue.Settings(dir, fsync, segmentBytes, opener, clock::get),
                () -> factory.apply(clock::get), output, loop, LOG);
    }

    Harness(Path dir) throws Exception {
        this(dir, true, JournalWriter.DEFAULT_SEGMENT_BYTES, FileChannel::open, 1_700_000_000_000L);
    }

    /** Executes a command at {@code now}; remembers its record when it got one. */
    long handle(Command command, long now, Object context) {
        clock.set(now);
        long sequence = venue.handle(command, now, context);
        if (sequence > 0) {
            journaled.add(new Journaled(sequence, now, command));
        }
        return sequence;
    }

    /** Runs the venue thread until every command handled so far has its outcome. */
    void drain(int expectedOutcomes) throws InterruptedException {
        loop.runUntil(() -> delivered.size() >= expectedOutcomes || !downReasons.isEmpty());
        loop.runPending();
    }

    <T> T await(CompletableFuture<T> future) throws Exception {
        loop.runUntil(future::isDone);
        return future.get();
    }

    /** A fresh venue fed the first {@code count} journaled commands: what recovery must rebuild. */
    static Venue reference(List<Journaled> journal, long count) {
        Venue venue = RandomCommands.replayVenue();
        for (Journaled record : journal) {
            if (record.sequence() <= count) {
                venue.handle(record.command(), record.timestamp(), io.tradewire.matching.engine.EventSink.DISCARD);
            }
        }
        return venue;
    }

    static Path newDir(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), prefix);
    }

    @Override
    public void close() throws IOException {
        try {
            await(venue.close());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("closing the venue failed", e);
        }
    }
}
