package io.tradewire.matching.journal;

import io.tradewire.matching.codec.ByteOut;
import io.tradewire.model.command.Command;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Appends journal records on its own thread, with group commit: the venue's thread only assigns the
 * sequence number and queues the command ({@link #append}, a short critical section, no I/O); the
 * writer thread takes <em>everything</em> queued, encodes it, writes it with as few {@code write}
 * calls as fit, and makes it durable with one {@code fdatasync} ({@link FileChannel#force force(false)}).
 * Whatever arrives while that fsync is in flight forms the next batch. After each batch it reports the
 * highest durable sequence to its {@link Listener}.
 *
 * <p>Segments: {@link #roll} (called when a snapshot is taken) makes the next record start a new segment
 * file; a segment also rolls once it exceeds its size limit. A new segment's header is written and
 * fsynced, and the directory fsynced, before any record goes into it.
 *
 * <p>Preallocation: a segment is extended with zeros {@link #PREALLOCATE_BYTES} at a time ahead of its records, so
 * that most group commits overwrite blocks the file already has and their {@code fdatasync} has no file size to
 * commit (on this machine's ext4: about 85 µs instead of 140 µs for a 4 KiB batch). The zeros after the last
 * record read as the end of the journal ({@link SegmentReader}); a segment is cut back to its last record when it
 * is rolled or closed, and on recovery.
 *
 * <p>Commit interval: with a {@code commitIntervalNanos} above zero, a group commit starts at least that long after
 * the previous one started. The writer then waits for the rest of the interval before it takes the queue, so
 * everything that arrives meanwhile shares one {@code write} and one {@code fdatasync}: fewer, larger syncs (fewer
 * device interrupts and wake-ups per record) in exchange for up to one interval of added acknowledgement latency.
 * Zero (the default) commits as soon as the previous fsync returned. Closing does not wait out the interval.
 *
 * <p>With {@code fsync} off, a batch counts as durable once {@code write} returned: it survives the
 * process being killed (the bytes are in the page cache) but not a power loss or kernel crash.
 *
 * <p>Failure: the first I/O error stops the writer for good. Nothing queued after it is reported
 * durable; the listener's {@link Listener#failed} is told once. There is no retry: after a failed
 * fsync the kernel may already have dropped the dirty pages, so a retry could report durable what is not.
 */
public final class JournalWriter implements AutoCloseable {
    /** Called on the writer thread. */
    public interface Listener {
        /** Every record up to and including {@code sequence} is durable. */
        void durable(long sequence);

        /** The writer stopped on an I/O error; nothing after the last {@link #durable} call will become durable. */
        void failed(IOException cause);

        /** One group of {@code records} records was written and fsynced; the fsync took {@code fsyncNanos}. */
        default void synced(int records, long fsyncNanos) {
        }
    }

    /** How segment files are opened (tests put a faulty channel here). */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path file, OpenOption... options) throws IOException;
    }

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final int WRITE_CHUNK = 1 << 20;
    /** How far a segment is extended with zeros ahead of its records, at a time. */
    public static final int PREALLOCATE_BYTES = 4 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();
    /** The longest single park while waiting out the commit interval (a clock that jumps is noticed this soon). */
    private static final long MAX_PARK_NANOS = 10_000_000L;

    private final Path dir;
    private final boolean fsync;
    private final long segmentBytes;
    private final Listener listener;
    private final ChannelOpener opener;
    private final LongSupplier wallClock;
    private final long commitIntervalNanos;
    private final LongSupplier nanoClock;
    private final Thread thread;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: entries waiting for the writer; a null command marks a segment roll. */
    private ArrayList<Entry> queue = new ArrayList<>();
    private ArrayList<Entry> spare = new ArrayList<>();
    /** Written under {@link #lock}; volatile so that the writer sees it while it waits out the commit interval. */
    private volatile boolean closing;
    private boolean halted;
    private boolean writerWaiting;

    /** Venue thread only. */
    private long lastAssigned;

    private final Object progress = new Object();
    private volatile long durable;
    private volatile IOException failure;
    private volatile boolean stopped;
    /** Bytes of the current segment known to be on disk (tests emulate a power loss by cutting the file there). */
    private volatile long syncedBytes;
    private volatile Path segment;
    /** When (on the nano clock) the commit the writer is waiting for is due; 0 while it is not waiting for one. */
    private volatile long pacedUntil;

    /** Writer thread only. */
    private long lastCommitStart;
    private FileChannel channel;
    private long segmentFirst;
    /** Where the next record goes (the end of the last one). */
    private long size;
    /** The file's length: {@link #size} plus the zeros written ahead. */
    private long allocated;

    private record Entry(long sequence, long timestamp, Command command) {
    }

    /**
     * Opens the writer after recovery.
     *
     * @param appendSegment  the segment to continue (null: start a new one at {@code lastSequence + 1})
     * @param appendPosition where its last good record ends
     * @param lastSequence   the sequence of the last record the state contains
     */
    public JournalWriter(Path dir, Path appendSegment, long appendPosition, long lastSequence, boolean fsync, long segmentBytes,
            Listener listener, ChannelOpener opener, LongSupplier wallClock) throws IOException {
        this(dir, appendSegment, appendPosition, lastSequence, fsync, segmentBytes, listener, opener, wallClock, 0, System::nanoTime);
    }

    /**
     * Opens the writer after recovery, with a minimum interval between group commits.
     *
     * @param commitIntervalNanos the least time from one group commit's start to the next one's (0: none)
     * @param nanoClock           the clock of that interval ({@link System#nanoTime} but in tests)
     */
    public JournalWriter(Path dir, Path appendSegment, long appendPosition, long lastSequence, boolean fsync, long segmentBytes,
            Listener listener, ChannelOpener opener, LongSupplier wallClock, long commitIntervalNanos, LongSupplier nanoClock)
            throws IOException {
        if (commitIntervalNanos < 0) {
            throw new IllegalArgumentException("commit interval " + commitIntervalNanos + " ns is negative");
        }
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.listener = listener;
        this.opener = opener;
        this.wallClock = wallClock;
        this.commitIntervalNanos = commitIntervalNanos;
        this.nanoClock = nanoClock;
        this.lastCommitStart = nanoClock.getAsLong() - commitIntervalNanos;
        this.lastAssigned = lastSequence;
        this.durable = lastSequence;
        if (appendSegment == null) {
            openSegment(lastSequence + 1);
        } else {
            channel = opener.open(appendSegment, StandardOpenOption.WRITE);
            channel.truncate(appendPosition);
            channel.position(appendPosition);
            segment = appendSegment;
            segmentFirst = JournalFormat.segmentFirstSequence(appendSegment.getFileName().toString());
            size = appendPosition;
            allocated = appendPosition;
            syncedBytes = appendPosition;
        }
        thread = new Thread(this::run, "tradewire-journal-" + dir.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a record (venue thread). The command must be immutable: the writer encodes it later.
     *
     * @return its sequence number
     */
    public long append(long timestamp, Command command) {
        long sequence = ++lastAssigned;
        enqueue(new Entry(sequence, timestamp, command));
        return sequence;
    }

    /** The next record starts a new segment (venue thread). */
    public void roll() {
        enqueue(new Entry(lastAssigned + 1, 0, null));
    }

    /** The sequence of the last record queued (venue thread). */
    public long lastAssigned() {
        return lastAssigned;
    }

    /** The highest sequence known to be durable. */
    public long durable() {
        return durable;
    }

    public IOException failure() {
        return failure;
    }

    /** Blocks until {@code sequence} is durable; throws when the writer failed or stopped before. */
    public void awaitDurable(long sequence) throws IOException, InterruptedException {
        synchronized (progress) {
            while (durable < sequence && failure == null && !stopped) {
                progress.wait();
            }
        }
        if (durable < sequence) {
            throw failure != null ? new IOException("journal failed before sequence " + sequence, failure)
                    : new IOException("journal stopped before sequence " + sequence);
        }
    }

    /** Writes and syncs everything queued, then stops the thread and closes the file (blocking). */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the writer still finishes on its own
        }
    }

    /**
     * Stops the thread at once: what is queued is not written, the current file is not synced (tests:
     * a process that dies here; with {@link #syncedBytes()} a power loss).
     */
    public void halt() throws InterruptedException {
        synchronized (lock) {
            halted = true;
            closing = true;
            lock.notifyAll();
        }
        LockSupport.unpark(thread);
        thread.join();
    }

    /** The segment being written. */
    public Path segment() {
        return segment;
    }

    /** When the group commit the writer is waiting for is due on its nano clock; 0 while it is not waiting for one. */
    long pacedUntil() {
        return pacedUntil;
    }

    /** Bytes of {@link #segment()} that were fsynced (everything before it is in earlier, fully synced segments). */
    public long syncedBytes() {
        return syncedBytes;
    }

    private void enqueue(Entry entry) {
        synchronized (lock) {
            if (closing || failure != null) {
                return; // the venue already knows (failed) or no longer accepts commands (closing)
            }
            queue.add(entry);
            if (writerWaiting) {
                lock.notify();
            }
        }
    }

    private void run() {
        ByteOut out = new ByteOut(WRITE_CHUNK + 4096);
        try {
            while (true) {
                ArrayList<Entry> batch;
                synchronized (lock) {
                    while (queue.isEmpty() && !closing) {
                        writerWaiting = true;
                        lock.wait();
                        writerWaiting = false;
                    }
                    if (halted || queue.isEmpty()) {
                        break;
                    }
                }
                awaitCommitInterval();
                synchronized (lock) {
                    if (halted) {
                        break;
                    }
                    batch = queue;
                    queue = spare;
                    spare = batch;
                }
                lastCommitStart = nanoClock.getAsLong();
                long last = 0;
                int records = 0;
                for (Entry entry : batch) {
                    if (entry.command == null) {
                        if (entry.sequence != segmentFirst || size > JournalFormat.HEADER_BYTES) {
                            flush(out);
                            rollTo(entry.sequence);
                        }
                        continue;
                    }
                    JournalFormat.appendRecord(out, entry.sequence, entry.timestamp,
                            o -> CommandCodec.encode(entry.command, o));
                    last = entry.sequence;
                    records++;
                    if (out.size() >= WRITE_CHUNK) {
                        flush(out);
                    }
                }
                batch.clear();
                flush(out);
                if (fsync) {
                    long syncStarted = System.nanoTime();
                    channel.force(false);
                    listener.synced(records, System.nanoTime() - syncStarted);
                }
                syncedBytes = fsync ? size : syncedBytes;
                if (last > 0) {
                    durable = last;
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                    listener.durable(last);
                }
                if (size >= segmentBytes) {
                    rollTo(last > 0 ? last + 1 : durable + 1);
                }
            }
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new IOException("journal writer failed: " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new IOException("journal writer interrupted", e));
        } finally {
            try {
                if (channel != null) {
                    if (!halted && failure == null) {
                        cutPreallocated();
                        if (fsync) {
                            channel.force(false);
                        }
                    }
                    channel.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    fail(e);
                }
            }
            stopped = true;
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** Waits until a commit interval has passed since the last group commit started, or the writer is closing. */
    private void awaitCommitInterval() {
        if (commitIntervalNanos == 0) {
            return;
        }
        long due = lastCommitStart + commitIntervalNanos;
        for (long now = nanoClock.getAsLong(); now - due < 0 && !closing; now = nanoClock.getAsLong()) {
            pacedUntil = due;
            LockSupport.parkNanos(this, Math.min(due - now, MAX_PARK_NANOS));
        }
        pacedUntil = 0;
    }

    private void fail(IOException e) {
        synchronized (lock) {
            failure = e;
            queue.clear();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        listener.failed(e);
    }

    private void flush(ByteOut out) throws IOException {
        if (out.size() == 0) {
            return;
        }
        if (size + out.size() > allocated) {
            preallocate(size + out.size());
        }
        ByteBuffer buffer = ByteBuffer.wrap(out.array(), 0, out.size());
        while (buffer.hasRemaining()) {
            size += channel.write(buffer);
        }
        allocated = Math.max(allocated, size);
        out.reset();
    }

    /** Syncs and closes the current segment, then opens a new one whose first record is {@code first}. */
    private void rollTo(long first) throws IOException {
        cutPreallocated();
        channel.force(false);
        channel.close();
        channel = null;
        openSegment(first);
    }

    private void openSegment(long first) throws IOException {
        Path file = dir.resolve(JournalFormat.segmentName(first));
        FileChannel created = opener.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.wrap(JournalFormat.header(first, wallClock.getAsLong()));
        while (header.hasRemaining()) {
            created.write(header);
        }
        created.force(true);
        VenueStore.syncDirectory(dir);
        channel = created;
        segment = file;
        segmentFirst = first;
        size = JournalFormat.HEADER_BYTES;
        allocated = size;
        syncedBytes = size;
    }

    /**
     * Extends the file with zeros to {@link #PREALLOCATE_BYTES} past {@code needed}, but not past the segment's size
     * limit (positional writes: the records' position stays). Made durable by the next batch's fsync, which then also
     * commits the new length once.
     */
    private void preallocate(long needed) throws IOException {
        long target = Math.min(needed + PREALLOCATE_BYTES, segmentBytes);
        if (target <= needed) {
            return; // the segment is full after this batch: the write itself extends the file
        }
        ByteBuffer zeros = ZEROS.duplicate();
        while (allocated < target) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), target - allocated));
            while (zeros.hasRemaining()) {
                allocated += channel.write(zeros, allocated);
            }
        }
    }

    /** Cuts the zeros after the last record (the segment is complete, or the writer stops). */
    private void cutPreallocated() throws IOException {
        if (allocated > size) {
            channel.truncate(size);
            allocated = size;
        }
    }
}
