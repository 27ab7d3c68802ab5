package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.matching.engine.RandomCommands;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Snapshots on demand, atomic files, pruning, fallback to the older snapshot, and the one taken at a clean stop. */
class SnapshotTest {
    private static final long SEGMENT_BYTES = 2 * 1024;

    private static Harness harness(Path dir) throws Exception {
        return new Harness(dir, true, SEGMENT_BYTES, FileChannel::open, 1_700_000_000_000L);
    }

    private static void run(Harness harness, RandomCommands commands, int count) throws Exception {
        int before = harness.delivered.size();
        for (int i = 0; i < count; i++) {
            harness.handle(commands.next(), commands.tick(), i);
            if (i % 10 == 0) {
                harness.loop.runPending();
                harness.delivered.forEach(o -> commands.observe(o.reply()));
            }
        }
        harness.drain(before + count);
        harness.delivered.forEach(o -> commands.observe(o.reply()));
    }

    @Test
    @DisplayName("Each snapshot records its sequence; only the newest two stay, with the journal needed to replay from the older")
    void pruning() throws Exception {
        Path dir = Harness.newDir("snapshots-");
        RandomCommands commands = new RandomCommands(5);
        Harness harness = harness(dir);
        assertThat(harness.venue.recovered().snapshotSequence()).isZero();
        assertThat(harness.venue.venue().stateHash()).isNotNull();
        long previous = 0;
        java.util.Set<Long> segmentStarts = new java.util.TreeSet<>();
        java.util.Set<Long> snapshotEnds = new java.util.TreeSet<>(List.of(0L));
        for (int round = 0; round < 6; round++) {
            run(harness, commands, 300);
            segmentStarts.addAll(segmentsIn(dir)); // every record queued after a snapshot's roll is durable now
            long sequence = harness.await(harness.venue.snapshot());
            assertThat(sequence).isEqualTo(harness.venue.writer().lastAssigned()).isGreaterThan(previous);
            assertThat(harness.await(harness.venue.snapshot())).as("nothing changed: same snapshot").isEqualTo(sequence);
            List<Long> snapshots = snapshotsIn(dir);
            assertThat(snapshots).as("snapshots after round %d", round).hasSizeLessThanOrEqualTo(2).first().isEqualTo(sequence);
            long oldestKept = snapshots.get(snapshots.size() - 1);
            List<Long> segments = segmentsIn(dir);
            assertThat(segments.get(0)).as("first kept segment").isLessThanOrEqualTo(oldestKept + 1);
            segmentStarts.addAll(segments);
            snapshotEnds.add(sequence);
            previous = sequence;
        }
        assertThat(segmentStarts).as("segments rolled by size too, not only at snapshots")
                .anyMatch(first -> !snapshotEnds.contains(first - 1));
        run(harness, commands, 200);
        segmentStarts.addAll(segmentsIn(dir));
        assertThat(segmentStarts).as("a segment starts right after every snapshot")
                .containsAll(snapshotEnds.stream().map(end -> end + 1).toList());
        harness.venue.halt();
        String expected = Harness.reference(harness.journaled, harness.journaled.size()).stateHash();

        try (Harness recovered = harness(dir)) {
            assertThat(recovered.venue.recovered().snapshotSequence()).isEqualTo(previous);
            assertThat(recovered.venue.recovered().replayed()).isPositive();
            assertThat(recovered.venue.venue().stateHash()).isEqualTo(expected);
            recovered.venue.halt();
        }
        // Without the newest snapshot, the older one and the journal kept for it rebuild the same state.
        Files.delete(dir.resolve(SnapshotFile.name(previous)));
        try (Harness fallback = harness(dir)) {
            assertThat(fallback.venue.recovered().snapshotSequence()).isLessThan(previous);
            assertThat(fallback.venue.venue().stateHash()).isEqualTo(expected);
            fallback.venue.halt();
        }
    }

    @Test
    @DisplayName("A damaged newest snapshot is moved aside and the older one is used; a clean stop leaves nothing to replay")
    void damagedSnapshotAndCleanStop() throws Exception {
        Path dir = Harness.newDir("snapshots-");
        RandomCommands commands = new RandomCommands(6);
        Harness harness = harness(dir);
        run(harness, commands, 300);
        long first = harness.await(harness.venue.snapshot());
        run(harness, commands, 300);
        long second = harness.await(harness.venue.snapshot());
        run(harness, commands, 100);
        harness.venue.halt();
        String expected = Harness.reference(harness.journaled, harness.journaled.size()).stateHash();
        JournalCorruptionTest.flip(dir.resolve(SnapshotFile.name(second)), 8L * (SnapshotFile.HEADER_BYTES + 100));

        String afterStop;
        long lastSequence;
        try (Harness recovered = harness(dir)) {
            assertThat(recovered.venue.recovered().snapshotSequence()).isEqualTo(first);
            assertThat(recovered.venue.venue().stateHash()).isEqualTo(expected);
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith(SnapshotFile.name(second) + VenueStore.DAMAGED_SUFFIX));
            run(recovered, commands, 50);
            afterStop = recovered.venue.venue().stateHash();
            lastSequence = recovered.venue.writer().lastAssigned();
        } // close(): a final snapshot at the last sequence
        try (Harness restarted = harness(dir)) {
            assertThat(restarted.venue.recovered().snapshotSequence()).isEqualTo(lastSequence);
            assertThat(restarted.venue.recovered().replayed()).isZero();
            assertThat(restarted.venue.venue().stateHash()).isEqualTo(afterStop);
        }
    }

    @Test
    @DisplayName("A temp file left by a snapshot cut short is ignored and removed")
    void leftoverTempFile() throws Exception {
        Path dir = Harness.newDir("snapshots-");
        try (Harness first = harness(dir)) {
            run(first, new RandomCommands(8), 50);
        }
        Path temp = dir.resolve(SnapshotFile.name(999) + SnapshotFile.TEMP_SUFFIX);
        Files.write(temp, new byte[] {1, 2, 3});
        try (Harness again = harness(dir)) {
            assertThat(temp).doesNotExist();
            assertThat(again.venue.recovered().damage()).isNull();
        }
    }

    private static List<Long> snapshotsIn(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> SnapshotFile.sequenceOf(p.getFileName().toString())).filter(s -> s >= 0)
                    .sorted(java.util.Comparator.reverseOrder()).toList();
        }
    }

    private static List<Long> segmentsIn(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> JournalFormat.segmentFirstSequence(p.getFileName().toString())).filter(s -> s >= 0).sorted().toList();
        }
    }

    @Test
    @DisplayName("Snapshot files of body versions 2 and 3 are read (version 3 with its body version); 1 and 4 are refused")
    void bodyVersions() throws Exception {
        Path dir = Harness.newDir("snapshot-versions-");
        byte[] body = {1, 2, 3};
        Path file = SnapshotFile.write(dir, 7, 1_700_000_000_000L, body);
        SnapshotFile.Body read = SnapshotFile.read(file, 7);
        assertThat(read.bytes()).isEqualTo(body);
        assertThat(read.version()).isEqualTo(io.tradewire.matching.engine.VenueSnapshot.VERSION).isEqualTo(3);
        for (int version : new int[] {1, 2, 4}) {
            byte[] bytes = Files.readAllBytes(file);
            java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(bytes, 0, SnapshotFile.HEADER_BYTES);
            header.putShort(6, (short) version).putLong(8, 8 + version);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, 0, SnapshotFile.HEADER_BYTES - 4);
            Path patched = dir.resolve(SnapshotFile.name(8 + version));
            header.putInt(SnapshotFile.HEADER_BYTES - 4, (int) crc.getValue());
            Files.write(patched, bytes);
            if (version == 2) {
                assertThat(SnapshotFile.read(patched, 8 + version).version()).isEqualTo(2);
            } else {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> SnapshotFile.read(patched, 8 + version))
                        .isInstanceOf(io.tradewire.matching.codec.IncompatibleDataException.class)
                        .hasMessageContaining("format 1/" + version);
            }
        }
    }
}
