package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.command.CancelOrder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The least time between two group commits ({@code matching.journal.commit-interval}), on a clock the test moves. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommitIntervalTest {
    private static final long WALL = 1_700_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Counts the records of each group commit. */
    private static final class Commits implements JournalWriter.Listener {
        final List<Integer> records = new CopyOnWriteArrayList<>();

        @Override
        public void durable(long sequence) {
        }

        @Override
        public void failed(IOException cause) {
        }

        @Override
        public void synced(int count, long fsyncNanos) {
            records.add(count);
        }
    }

    private static JournalWriter writer(Path dir, Commits commits, long intervalNanos, AtomicLong clock) throws IOException {
        return new JournalWriter(dir, null, 0, 0, true, JournalWriter.DEFAULT_SEGMENT_BYTES, commits, FileChannel::open, () -> WALL,
                intervalNanos, clock::get);
    }

    private static void append(JournalWriter writer, int n) {
        writer.append(WALL + n, new CancelOrder("u" + n, "O" + n));
    }

    /** Waits for a state the writer reaches on its own thread (no time limit here: the class's timeout is the bound). */
    private static void awaitState(BooleanSupplier state) throws InterruptedException {
        while (!state.getAsBoolean()) {
            Thread.sleep(1);
        }
    }

    /** Record 1 committed, then record 2 queued while the writer waits out the interval before committing it. */
    private static void commitOneThenHoldOne(JournalWriter writer) throws Exception {
        append(writer, 1);
        writer.awaitDurable(1);
        append(writer, 2);
        awaitState(() -> writer.pacedUntil() != 0);
    }

    @Test
    @DisplayName("The first commit is not held; later records wait until the interval since the last commit started has "
            + "passed on the clock, and everything that arrived meanwhile is one group commit")
    void holdsTheNextCommitUntilTheIntervalPassed() throws Exception {
        AtomicLong clock = new AtomicLong(5 * SECOND);
        Commits commits = new Commits();
        JournalWriter writer = writer(Harness.newDir("interval-"), commits, SECOND, clock);
        try {
            append(writer, 1);
            writer.awaitDurable(1);

            append(writer, 2);
            awaitState(() -> writer.pacedUntil() != 0);
            assertThat(writer.pacedUntil()).as("due one interval after the first commit started").isEqualTo(6 * SECOND);
            append(writer, 3);
            append(writer, 4);
            clock.set(6 * SECOND - 1);
            Thread.sleep(50); // the writer looks at the clock at least every 10 ms: it has seen this time several times
            assertThat(writer.durable()).as("nothing is committed before the interval passed").isEqualTo(1);
            assertThat(commits.records).containsExactly(1);

            clock.set(6 * SECOND);
            writer.awaitDurable(4);
            assertThat(commits.records).as("the records that waited share one fsync").containsExactly(1, 3);
            assertThat(writer.pacedUntil()).isZero();
        } finally {
            writer.close();
        }
    }

    @Test
    @DisplayName("A commit that comes later than the interval anyway is not held")
    void doesNotHoldACommitThatIsLateAnyway() throws Exception {
        AtomicLong clock = new AtomicLong(5 * SECOND);
        Commits commits = new Commits();
        JournalWriter writer = writer(Harness.newDir("interval-"), commits, SECOND, clock);
        try {
            append(writer, 1);
            writer.awaitDurable(1);
            clock.addAndGet(SECOND);
            append(writer, 2);
            writer.awaitDurable(2);
            assertThat(commits.records).containsExactly(1, 1);
        } finally {
            writer.close();
        }
    }

    @Test
    @DisplayName("Closing while a commit is held writes and fsyncs it at once, without waiting out the interval")
    void closeDoesNotWaitOutTheInterval() throws Exception {
        Path dir = Harness.newDir("interval-");
        Commits commits = new Commits();
        JournalWriter writer = new JournalWriter(dir, null, 0, 0, true, JournalWriter.DEFAULT_SEGMENT_BYTES, commits, FileChannel::open,
                () -> WALL, Duration.ofHours(1).toNanos(), System::nanoTime);
        commitOneThenHoldOne(writer);

        writer.close();

        assertThat(writer.durable()).isEqualTo(2);
        assertThat(commits.records).containsExactly(1, 1);
        try (SegmentReader reader = new SegmentReader(writer.segment())) {
            assertThat(reader.readHeader(1)).isNull();
            assertThat(reader.next().sequence()).isEqualTo(1);
            assertThat(reader.next().sequence()).isEqualTo(2);
            assertThat(reader.next()).isNull();
            assertThat(reader.damage()).isNull();
        }
    }

    @Test
    @DisplayName("A halt while a commit is held writes nothing more, as a process that dies there")
    void haltWhileHeldWritesNothing() throws Exception {
        AtomicLong clock = new AtomicLong(5 * SECOND);
        Commits commits = new Commits();
        JournalWriter writer = writer(Harness.newDir("interval-"), commits, SECOND, clock);
        commitOneThenHoldOne(writer);

        writer.halt();

        assertThat(writer.durable()).isEqualTo(1);
        assertThat(commits.records).containsExactly(1);
    }

    @Test
    @DisplayName("A negative interval is refused")
    void negativeIntervalRefused() {
        Path dir = Path.of("unused");
        assertThatThrownBy(() -> DurableVenue.Settings.of(dir, true).withCommitInterval(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> writer(dir, new Commits(), -1, new AtomicLong()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
