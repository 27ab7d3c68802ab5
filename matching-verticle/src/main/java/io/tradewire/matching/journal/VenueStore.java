package io.tradewire.matching.journal;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.EventSink;
import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.engine.VenueSnapshot;
import io.tradewire.model.RejectedException;
import io.tradewire.model.command.Command;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * One venue's directory ({@code <data-dir>/venues/<venue>/}): journal segments, snapshots, and a
 * {@code LOCK} file held while a venue uses it, so that two processes never write the same journal.
 *
 * <p>{@link #recover} rebuilds the venue: the newest snapshot that reads back whole (older ones are
 * tried when it does not), then every good journal record after its sequence, replayed with its recorded
 * timestamp. The first damaged record (torn, wrong length, wrong CRC, wrong sequence) ends the replay:
 * the bytes from there to the end of that segment are copied to {@code <segment>.damaged-<millis>} and
 * cut off, later segments are renamed the same way, and new records then append right after the last
 * good one. Nothing damaged is ever applied, and the next start finds a clean journal. Data that is
 * intact but unusable (another configuration, a newer format, a record the venue now refuses) stops the
 * start instead, without touching any file.
 */
public final class VenueStore implements AutoCloseable {
    static final String LOCK_FILE = "LOCK";
    static final String DAMAGED_SUFFIX = ".damaged-";
    /** Snapshots kept by {@link #prune}: the newest and the one before it (the fallback if the newest is damaged). */
    public static final int KEEP_SNAPSHOTS = 2;

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LongSupplier wallClock;

    private VenueStore(Path dir, FileChannel lockChannel, FileLock lock, LongSupplier wallClock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.wallClock = wallClock;
    }

    /** Creates the directory if needed and locks it; fails when another process (or venue) holds it. */
    public static VenueStore open(Path dir, LongSupplier wallClock) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(dir + " is in use by another venue process (" + LOCK_FILE + " is locked)");
        }
        return new VenueStore(dir, channel, lock, wallClock);
    }

    public Path dir() {
        return dir;
    }

    /** What {@link #recover} found and where the journal continues. */
    /**
     * @param ruleChanges how the configured trading rules differ from those of the snapshot recovery started from
     *                    (then nothing was replayed: the caller snapshots the state so that they are recorded)
     */
    public record Recovered(Venue venue, long lastSequence, long snapshotSequence, long replayed, String damage,
            List<Path> movedAside, Path appendSegment, long appendPosition, List<String> ruleChanges) {
    }

    /**
     * Rebuilds the venue from the directory (blocking; run it off the event loop).
     *
     * @param fresh a new venue with the current configuration, nothing executed
     * @throws IncompatibleDataException intact data this configuration or version must not use
     * @throws IOException               the disk failed, or the data cannot rebuild any state (no usable snapshot
     *                                   and a journal that does not start at sequence 1, or a gap after a snapshot)
     */
    public Recovered recover(Supplier<Venue> fresh, Logger log) throws IOException, IncompatibleDataException {
        deleteTempFiles();
        Venue venue = null;
        long base = 0;
        List<String> ruleChanges = List.of();
        for (long sequence : snapshotSequences()) {
            Path file = dir.resolve(SnapshotFile.name(sequence));
            try {
                SnapshotFile.Body body = SnapshotFile.read(file, sequence);
                Venue candidate = fresh.get();
                ruleChanges = VenueSnapshot.restore(candidate, new ByteIn(body.bytes()), body.version());
                venue = candidate;
                base = sequence;
                break;
            } catch (CorruptDataException e) {
                Path aside = moveAside(file);
                log.error("Snapshot {} is damaged ({}); moved to {}, trying an older one", file.getFileName(), e.getMessage(),
                        aside.getFileName());
            }
        }
        List<Long> segments = segmentSequences();
        if (venue == null) {
            if (!segments.isEmpty() && segments.get(0) != 1) {
                throw new IOException("no usable snapshot in " + dir + " and the journal starts at sequence " + segments.get(0)
                        + ": the state cannot be rebuilt (move the directory aside to start an empty venue)");
            }
            venue = fresh.get();
        }
        int start = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i) <= base + 1) {
                start = i;
            }
        }
        if (start < 0 && !segments.isEmpty()) {
            throw new IOException("the journal in " + dir + " starts at sequence " + segments.get(0) + " but the snapshot ends at "
                    + base + ": records are missing (move the directory aside to start an empty venue)");
        }
        long last = base;
        long replayed = 0;
        String damage = null;
        int damagedIndex = -1;
        long damagedAt = 0;
        long expected = start < 0 ? base + 1 : segments.get(start);
        Path appendSegment = null;
        long appendPosition = 0;
        long[] sizes = new long[segments.size()];
        long totalBytes = 0;
        for (int i = Math.max(start, 0); i < segments.size(); i++) {
            sizes[i] = Files.size(dir.resolve(JournalFormat.segmentName(segments.get(i))));
            totalBytes += sizes[i];
        }
        ReplayProgress progress = new ReplayProgress(venue.name(), totalBytes, ReplayProgress.DEFAULT_INTERVAL_NANOS, log,
                System::nanoTime);
        long bytesBefore = 0;
        for (int i = Math.max(start, 0); start >= 0 && i < segments.size(); i++) {
            long first = segments.get(i);
            Path file = dir.resolve(JournalFormat.segmentName(first));
            if (first != expected) {
                damage = "segment " + file.getFileName() + " starts at sequence " + first + ", " + expected + " was expected";
                damagedIndex = i;
                damagedAt = 0;
                break;
            }
            try (SegmentReader reader = new SegmentReader(file)) {
                String headerProblem = reader.readHeader(first);
                if (JournalFormat.isVersionProblem(headerProblem)) {
                    throw new IncompatibleDataException("journal segment " + file.getFileName() + ": " + headerProblem);
                }
                JournalRecord record;
                while ((record = reader.next()) != null) {
                    if (record.sequence() > base) {
                        if (!ruleChanges.isEmpty()) {
                            throw new IncompatibleDataException("the journal after snapshot " + base + " was written under other "
                                    + "trading rules than configured now (" + String.join(", ", ruleChanges) + "): start once "
                                    + "with the rules of that time and stop cleanly (a clean stop takes a snapshot), then change them");
                        }
                        replay(venue, record);
                        last = record.sequence();
                        replayed++;
                        progress.replayed(bytesBefore + reader.goodEnd());
                    }
                }
                expected = reader.expected() == 0 ? first : reader.expected();
                if (reader.damage() != null) {
                    damage = file.getFileName() + ": " + reader.damage();
                    damagedIndex = i;
                    damagedAt = reader.goodEnd();
                    break;
                }
                appendSegment = file;
                appendPosition = reader.goodEnd();
            }
            bytesBefore += sizes[i];
        }
        List<Path> movedAside = new ArrayList<>();
        if (damage != null) {
            appendSegment = null;
            for (int i = damagedIndex; i < segments.size(); i++) {
                Path file = dir.resolve(JournalFormat.segmentName(segments.get(i)));
                if (i == damagedIndex && damagedAt >= JournalFormat.HEADER_BYTES) {
                    movedAside.add(cutTail(file, damagedAt));
                    appendSegment = file;
                    appendPosition = damagedAt;
                } else {
                    movedAside.add(moveAside(file));
                }
            }
            log.warn("Journal of venue {} is damaged: {}. Recovery stops after sequence {}; the damaged bytes were moved to {}",
                    venue.name(), damage, last, movedAside.stream().map(p -> p.getFileName().toString()).toList());
        }
        long journalEnd = expected - 1;
        if (appendSegment != null && journalEnd != last) {
            // The journal ends before the snapshot (its tail was lost): continue in a new segment after the snapshot.
            log.warn("Journal of venue {} ends at sequence {}, before its snapshot at {}; continuing at {}", venue.name(), journalEnd,
                    last, last + 1);
            appendSegment = null;
        }
        if (appendSegment != null) {
            try (FileChannel channel = FileChannel.open(appendSegment, StandardOpenOption.WRITE)) {
                channel.force(true); // what was replayed may have been only in the page cache of a killed process
            }
        }
        try {
            venue.validateInternalState();
        } catch (IllegalStateException e) {
            throw new IncompatibleDataException("the recovered state is inconsistent: " + e.getMessage());
        }
        return new Recovered(venue, last, base, replayed, damage, List.copyOf(movedAside), appendSegment, appendPosition,
                List.copyOf(ruleChanges));
    }

    private static void replay(Venue venue, JournalRecord record) throws IncompatibleDataException {
        Command command;
        try {
            command = CommandCodec.decode(new ByteIn(record.payload()));
        } catch (CorruptDataException e) {
            // The CRC matched: these are the bytes that were written, and this version cannot read them.
            throw new IncompatibleDataException("journal record " + record.sequence() + " does not decode: " + e.getMessage());
        }
        try {
            venue.handle(command, record.timestamp(), EventSink.DISCARD);
        } catch (RejectedException e) {
            throw new IncompatibleDataException("journal record " + record.sequence() + " was accepted when it was written but is "
                    + "refused on replay (" + e.getMessage() + "): did the configuration change?");
        }
    }

    /** Writes a snapshot of the journal up to {@code sequence} (atomically). */
    public Path writeSnapshot(long sequence, byte[] body) throws IOException {
        return SnapshotFile.write(dir, sequence, wallClock.getAsLong(), body);
    }

    /**
     * Keeps the newest {@link #KEEP_SNAPSHOTS} snapshots and the journal segments needed to replay from
     * the oldest of them; deletes older snapshots and segments. Damaged files moved aside stay.
     *
     * @return the deleted files
     */
    public List<Path> prune() throws IOException {
        List<Long> snapshots = snapshotSequences();
        List<Path> deleted = new ArrayList<>();
        if (snapshots.size() < KEEP_SNAPSHOTS) {
            return deleted;
        }
        long oldestKept = snapshots.get(KEEP_SNAPSHOTS - 1);
        for (long sequence : snapshots.subList(KEEP_SNAPSHOTS, snapshots.size())) {
            Path file = dir.resolve(SnapshotFile.name(sequence));
            if (Files.deleteIfExists(file)) {
                deleted.add(file);
            }
        }
        List<Long> segments = segmentSequences();
        for (int i = 0; i + 1 < segments.size(); i++) {
            // Every record of segment i is below the next segment's first sequence.
            if (segments.get(i + 1) <= oldestKept + 1) {
                Path file = dir.resolve(JournalFormat.segmentName(segments.get(i)));
                if (Files.deleteIfExists(file)) {
                    deleted.add(file);
                }
            }
        }
        if (!deleted.isEmpty()) {
            syncDirectory(dir);
        }
        return deleted;
    }

    /** Snapshot sequences, newest first. */
    public List<Long> snapshotSequences() throws IOException {
        return list(SnapshotFile::sequenceOf, Comparator.reverseOrder());
    }

    /** Segment first sequences, oldest first. */
    public List<Long> segmentSequences() throws IOException {
        return list(JournalFormat::segmentFirstSequence, Comparator.naturalOrder());
    }

    private List<Long> list(java.util.function.ToLongFunction<String> parse, Comparator<Long> order) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> parse.applyAsLong(p.getFileName().toString())).filter(s -> s >= 0).sorted(order).toList();
        }
    }

    private void deleteTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(SnapshotFile.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(file); // a snapshot that was being written when the process stopped
            }
        }
    }

    private Path moveAside(Path file) throws IOException {
        Path aside = asideName(file);
        Files.move(file, aside);
        syncDirectory(dir);
        return aside;
    }

    /** Copies the bytes from {@code goodEnd} on into a side file, then truncates the segment there. */
    private Path cutTail(Path file, long goodEnd) throws IOException {
        Path aside = asideName(file);
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel target = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = goodEnd;
            long size = source.size();
            while (position < size) {
                position += source.transferTo(position, size - position, target);
            }
            target.force(true);
            source.truncate(goodEnd);
            source.force(true);
        }
        syncDirectory(dir);
        return aside;
    }

    /** {@code <file>.damaged-<millis>}, with a counter when that exists already. */
    private Path asideName(Path file) {
        String base = file.getFileName() + DAMAGED_SUFFIX + wallClock.getAsLong();
        Path aside = file.resolveSibling(base);
        for (int i = 1; Files.exists(aside); i++) {
            aside = file.resolveSibling(base + "-" + i);
        }
        return aside;
    }

    /** fsync of a directory, so that a created, renamed or deleted entry survives a power loss. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
            // Windows cannot open a directory as a channel; NTFS journals its metadata.
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

}
