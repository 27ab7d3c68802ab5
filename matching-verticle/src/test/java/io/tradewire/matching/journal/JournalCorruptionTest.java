package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.codec.ByteOut;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.RandomCommands;
import io.tradewire.matching.engine.Venue;
import io.tradewire.matching.engine.VenueSettings;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.SubmitOrder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damage to the journal's tail and middle: truncation at every byte of the last records, bit flips,
 * zero fill, a repeated record, damaged segment headers and snapshots. Recovery must detect each,
 * report it, stop at the last good record (never apply a damaged one), move the damaged bytes aside,
 * and leave a journal that new records append to cleanly and that the next start reads without damage.
 */
class JournalCorruptionTest {
    private static final int COMMANDS = 400;
    private static Path pristine;
    private static List<Harness.Journaled> journal;
    /** Byte offset where each record ends in the first segment, by sequence (index 0 = end of header). */
    private static long[] recordEnds;

    @BeforeAll
    static void writeJournal() throws Exception {
        pristine = Harness.newDir("corruption-");
        Harness harness = new Harness(pristine);
        RandomCommands commands = new RandomCommands(42);
        for (int i = 0; i < COMMANDS; i++) {
            commands.observe(null);
            harness.handle(commands.next(), commands.tick(), "c" + i);
            if (i % 7 == 0) {
                harness.drain(i + 1);
                harness.delivered.forEach(o -> commands.observe(o.reply()));
            }
        }
        harness.drain(COMMANDS);
        harness.venue.halt(); // a crash after everything was acknowledged: no final snapshot
        journal = List.copyOf(harness.journaled);
        assertThat(journal).hasSizeGreaterThan(COMMANDS / 3);
        recordEnds = new long[journal.size() + 1];
        try (SegmentReader reader = new SegmentReader(segment(pristine, 1))) {
            assertThat(reader.readHeader(1)).isNull();
            recordEnds[0] = reader.goodEnd();
            for (int i = 1; i <= journal.size(); i++) {
                assertThat(reader.next()).isNotNull();
                recordEnds[i] = reader.goodEnd();
            }
            assertThat(reader.next()).isNull();
            assertThat(reader.damage()).isNull();
        }
    }

    private static Path segment(Path dir, long first) {
        return dir.resolve(JournalFormat.segmentName(first));
    }

    private static Path copy() throws IOException {
        Path target = Harness.newDir("damaged-");
        try (Stream<Path> files = Files.list(pristine)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static int last() {
        return journal.size();
    }

    /** Recovers {@code dir}, checks it stopped at {@code expectedLast} with the reference state, then appends and recovers again. */
    private static void assertRecoversTo(Path dir, long expectedLast, boolean damaged) throws Exception {
        String hash;
        long appended;
        try (Harness harness = new Harness(dir)) {
            VenueStore.Recovered recovered = harness.venue.recovered();
            assertThat(recovered.lastSequence()).as("last good record").isEqualTo(expectedLast);
            assertThat(recovered.damage() != null).as("damage reported: %s", recovered.damage()).isEqualTo(damaged);
            assertThat(harness.venue.venue().stateHash()).as("recovered state")
                    .isEqualTo(Harness.reference(journal, expectedLast).stateHash());
            if (damaged) {
                assertThat(recovered.movedAside()).isNotEmpty().allSatisfy(p -> assertThat(p).exists());
            }
            // New records continue right after the last good one.
            appended = harness.handle(new SubmitOrder("u9", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null,
                    new BigDecimal("190.00"), BigDecimal.ONE, OrderSource.API), 1_800_000_000_000L, "new");
            assertThat(appended).isEqualTo(expectedLast + 1);
            harness.drain(1);
            assertThat(harness.delivered).singleElement().satisfies(o -> assertThat(o.failed()).isFalse());
            hash = harness.venue.venue().stateHash();
            harness.venue.halt();
        }
        try (Harness again = new Harness(dir)) {
            assertThat(again.venue.recovered().damage()).as("second start finds a clean journal").isNull();
            assertThat(again.venue.recovered().lastSequence()).isEqualTo(appended);
            assertThat(again.venue.venue().stateHash()).isEqualTo(hash);
            again.venue.halt();
        }
    }

    @Test
    @DisplayName("An intact journal recovers every record, reports no damage, and moves nothing")
    void intact() throws Exception {
        assertRecoversTo(copy(), last(), false);
    }

    @Test
    @DisplayName("Truncated at every byte of the last three records: recovery stops at the last complete record")
    void truncatedTail() throws Exception {
        for (long cut = recordEnds[last() - 3]; cut < recordEnds[last()]; cut++) {
            Path dir = copy();
            try (FileChannel channel = FileChannel.open(segment(dir, 1), StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            int complete = 0;
            while (complete < last() && recordEnds[complete + 1] <= cut) {
                complete++;
            }
            // A torn record whose surviving bytes are all zeros (the high bytes of its length) reads like preallocated
            // space: the journal ends there cleanly. Either way nothing of it is applied.
            assertRecoversTo(dir, complete, recordEnds[complete] != cut && !zeros(pristineBytes(), recordEnds[complete], cut));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    @DisplayName("A flipped bit anywhere in the last record is detected; recovery stops before it")
    void bitFlipInTail(long seed) throws Exception {
        Random random = new Random(seed);
        long start = recordEnds[last() - 1];
        long bit = random.nextInt((int) (recordEnds[last()] - start) * 8);
        Path dir = copy();
        flip(segment(dir, 1), start * 8 + bit);
        assertRecoversTo(dir, last() - 1, true);
    }

    @Test
    @DisplayName("Every bit of the last record's length and checksum fields is covered")
    void bitFlipInRecordHeader() throws Exception {
        long start = recordEnds[last() - 1];
        for (int bit = 0; bit < 64; bit++) {
            Path dir = copy();
            flip(segment(dir, 1), start * 8 + bit);
            assertRecoversTo(dir, last() - 1, true);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15})
    @DisplayName("A flipped bit in a record in the middle: recovery stops before it and moves everything after it aside, byte for byte")
    void bitFlipInTheMiddle(long seed) throws Exception {
        Random random = new Random(seed);
        int damaged = last() / 4 + random.nextInt(last() / 2);
        long start = recordEnds[damaged - 1];
        long bit = random.nextInt((int) (recordEnds[damaged] - start) * 8);
        Path dir = copy();
        flip(segment(dir, 1), start * 8 + bit);
        byte[] original = Files.readAllBytes(segment(pristine, 1));
        byte[] expectedAside = java.util.Arrays.copyOfRange(Files.readAllBytes(segment(dir, 1)), (int) start, original.length);
        String hash;
        try (Harness harness = new Harness(dir)) {
            VenueStore.Recovered recovered = harness.venue.recovered();
            assertThat(recovered.lastSequence()).isEqualTo(damaged - 1);
            assertThat(recovered.movedAside()).singleElement().satisfies(aside ->
                    assertThat(Files.readAllBytes(aside)).isEqualTo(expectedAside));
            assertThat(Files.size(segment(dir, 1))).isEqualTo(start);
            hash = harness.venue.venue().stateHash();
            harness.venue.halt();
        }
        assertThat(hash).isEqualTo(Harness.reference(journal, damaged - 1).stateHash());
        assertRecoversTo(dir, damaged - 1, false);
    }

    @Test
    @DisplayName("A zero-filled tail (space the writer preallocated, or a file extended but never written) ends the journal "
            + "cleanly: no record, no damage, new records go right after the last one")
    void zeroFilledTail() throws Exception {
        assertThat(Files.size(segment(pristine, 1))).as("the crashed writer left its preallocated zeros")
                .isGreaterThan(recordEnds[last()]);
        Path dir = copyEndingAtLastRecord();
        Files.write(segment(dir, 1), new byte[4096], StandardOpenOption.APPEND);
        assertRecoversTo(dir, last(), false);
    }

    @Test
    @DisplayName("Zeros followed by anything else are damage: recovery stops at the first zero byte")
    void zerosThenData() throws Exception {
        byte[] zerosThenOne = new byte[4096];
        zerosThenOne[4000] = 1;
        assertRecoversTo(copyWithAppended(zerosThenOne), last(), true);
    }

    @Test
    @DisplayName("A well-formed record with a repeated sequence number is detected by its sequence")
    void repeatedRecord() throws Exception {
        Path dir = copyEndingAtLastRecord();
        byte[] bytes = Files.readAllBytes(segment(dir, 1));
        byte[] lastRecord = java.util.Arrays.copyOfRange(bytes, (int) recordEnds[last() - 1], (int) recordEnds[last()]);
        Files.write(segment(dir, 1), lastRecord, StandardOpenOption.APPEND);
        try (Harness harness = new Harness(dir)) {
            assertThat(harness.venue.recovered().damage()).contains("sequence " + last() + " where " + (last() + 1) + " was expected");
            harness.venue.halt();
        }
        assertRecoversTo(copyWithAppended(lastRecord), last(), true);
    }

    /** The journal as a writer that stopped cleanly leaves it: its preallocated zeros cut after the last record. */
    private static Path copyEndingAtLastRecord() throws IOException {
        Path dir = copy();
        try (FileChannel channel = FileChannel.open(segment(dir, 1), StandardOpenOption.WRITE)) {
            channel.truncate(recordEnds[last()]);
        }
        return dir;
    }

    private static Path copyWithAppended(byte[] extra) throws IOException {
        Path dir = copyEndingAtLastRecord();
        Files.write(segment(dir, 1), extra, StandardOpenOption.APPEND);
        return dir;
    }

    private static byte[] pristineBytes() throws IOException {
        return Files.readAllBytes(segment(pristine, 1));
    }

    private static boolean zeros(byte[] bytes, long from, long to) {
        for (long i = from; i < to; i++) {
            if (bytes[(int) i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    @DisplayName("An intact record this version cannot decode stops the start and changes no file")
    void unknownCommandType() throws Exception {
        ByteOut out = new ByteOut();
        JournalFormat.appendRecord(out, last() + 1, 1_800_000_000_000L, o -> o.u8(99).string("future"));
        Path dir = copyWithAppended(out.toByteArray());
        Map<Path, byte[]> before = contents(dir);

        assertThatThrownBy(() -> new Harness(dir)).isInstanceOf(IncompatibleDataException.class)
                .hasMessageContaining("unknown command type 99");

        Map<Path, byte[]> after = contents(dir);
        assertThat(after).as("files after the refused start").containsOnlyKeys(before.keySet().toArray(Path[]::new));
        before.forEach((file, bytes) -> assertThat(after.get(file)).as("%s", file).isEqualTo(bytes));
    }

    @Test
    @DisplayName("An intact record the venue refuses on replay stops the start instead of being skipped")
    void refusedOnReplay() throws Exception {
        ByteOut out = new ByteOut();
        Command cancel = new CancelOrder("u1", "O99999999999999999999");
        JournalFormat.appendRecord(out, last() + 1, 1_800_000_000_000L, o -> CommandCodec.encode(cancel, o));
        Path dir = copyWithAppended(out.toByteArray());

        assertThatThrownBy(() -> new Harness(dir)).isInstanceOf(IncompatibleDataException.class)
                .hasMessageContaining("record " + (last() + 1)).hasMessageContaining("refused on replay");
    }

    @Test
    @DisplayName("Data written with another starting balance or without an instrument is refused, naming the key")
    void configurationChanged() throws Exception {
        Path dir = copy();
        DurableVenue.Output ignore = new DurableVenue.Output() {
            @Override
            public void deliver(Outcome outcome) {
            }

            @Override
            public void down(String reason) {
            }
        };
        DurableVenue.Settings settings = DurableVenue.Settings.of(dir, true);
        assertThatThrownBy(() -> DurableVenue.open(settings, () -> new Venue("prop", RandomCommands.instruments(),
                new VenueSettings(true, new BigDecimal("1"), "USD", 10), () -> 0L), ignore, Runnable::run, Harness.LOG))
                .isInstanceOf(IncompatibleDataException.class).hasMessageContaining("matching.starting-balance 250000");
        assertThatThrownBy(() -> DurableVenue.open(settings, () -> new Venue("prop",
                new io.tradewire.model.InstrumentDirectory(List.of(RandomCommands.INSTRUMENTS.get(0))), RandomCommands.settings(),
                () -> 0L), ignore, Runnable::run, Harness.LOG))
                .isInstanceOf(IncompatibleDataException.class).hasMessageContaining("instrument AAPL");
        // And the refused starts left the lock free for the right configuration.
        assertRecoversTo(dir, last(), false);
    }

    @Test
    @DisplayName("A damaged segment header is damage at byte 0: the segment is moved aside and a new one continues")
    void damagedHeader() throws Exception {
        Path dir = copy();
        flip(segment(dir, 1), 8 * 10);
        // Without a usable segment the state is the snapshot at 0.
        assertRecoversTo(dir, 0, true);
    }

    @Test
    @DisplayName("Two processes on one directory: the second is refused while the first holds the lock")
    void lockedDirectory() throws Exception {
        Path dir = copy();
        try (Harness first = new Harness(dir)) {
            assertThatThrownBy(() -> new Harness(dir)).isInstanceOf(IOException.class).hasMessageContaining("in use");
            first.venue.halt();
        }
    }

    static void flip(Path file, long bit) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, bit / 8);
            one.flip();
            byte value = (byte) (one.get(0) ^ (1 << (bit % 8)));
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {value}), bit / 8);
        }
    }

    private static Map<Path, byte[]> contents(Path dir) throws IOException {
        Map<Path, byte[]> result = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                result.put(file.getFileName(), Files.readAllBytes(file));
            }
        }
        return result;
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(Path::getFileName).sorted().toList());
        }
    }
}
