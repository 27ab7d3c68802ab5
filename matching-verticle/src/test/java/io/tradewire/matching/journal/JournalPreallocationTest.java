package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.command.CancelOrder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The writer extends its segment with zeros ahead of the records and cuts them when a segment is complete. */
class JournalPreallocationTest {
    private static final class Durable implements JournalWriter.Listener {
        @Override
        public void durable(long sequence) {
        }

        @Override
        public void failed(IOException cause) {
        }
    }

    private static List<Long> recordEnds(Path segment, long first) throws IOException {
        List<Long> ends = new ArrayList<>();
        try (SegmentReader reader = new SegmentReader(segment)) {
            assertThat(reader.readHeader(first)).isNull();
            while (reader.next() != null) {
                ends.add(reader.goodEnd());
            }
            assertThat(reader.damage()).as("zeros after the last record are no damage").isNull();
        }
        return ends;
    }

    @Test
    @DisplayName("Records go into zeros preallocated ahead of them; a clean close cuts the file after the last record")
    void preallocatesAndCutsOnClose() throws Exception {
        Path dir = Harness.newDir("prealloc-");
        JournalWriter writer = new JournalWriter(dir, null, 0, 0, true, JournalWriter.DEFAULT_SEGMENT_BYTES, new Durable(),
                FileChannel::open, () -> 1_700_000_000_000L);
        for (int i = 1; i <= 100; i++) {
            writer.append(1_700_000_000_000L + i, new CancelOrder("u" + i, "O" + i));
        }
        writer.awaitDurable(100);
        Path segment = writer.segment();
        long records = writer.syncedBytes();
        assertThat(Files.size(segment)).as("zeros ahead of the records")
                .isGreaterThan(records).isGreaterThanOrEqualTo(JournalWriter.PREALLOCATE_BYTES);
        assertThat(recordEnds(segment, 1)).hasSize(100).last().isEqualTo(records);

        writer.close();
        assertThat(Files.size(segment)).as("cut after the last record on close").isEqualTo(records);
        assertThat(recordEnds(segment, 1)).hasSize(100);
    }

    @Test
    @DisplayName("A halted writer (a crash) leaves the zeros; the journal reads to its last record and a new writer continues there")
    void haltLeavesZerosThatReadAsTheEnd() throws Exception {
        Path dir = Harness.newDir("prealloc-");
        JournalWriter writer = new JournalWriter(dir, null, 0, 0, true, JournalWriter.DEFAULT_SEGMENT_BYTES, new Durable(),
                FileChannel::open, () -> 1_700_000_000_000L);
        for (int i = 1; i <= 10; i++) {
            writer.append(1_700_000_000_000L + i, new CancelOrder("u" + i, "O" + i));
        }
        writer.awaitDurable(10);
        Path segment = writer.segment();
        long records = writer.syncedBytes();
        writer.halt();
        assertThat(Files.size(segment)).isGreaterThan(records);
        assertThat(recordEnds(segment, 1)).hasSize(10).last().isEqualTo(records);

        JournalWriter again = new JournalWriter(dir, segment, records, 10, true, JournalWriter.DEFAULT_SEGMENT_BYTES, new Durable(),
                FileChannel::open, () -> 1_700_000_000_000L);
        again.append(1_700_000_000_100L, new CancelOrder("u11", "O11"));
        again.awaitDurable(11);
        again.close();
        List<Long> ends = recordEnds(segment, 1);
        assertThat(ends).hasSize(11);
        assertThat(Files.size(segment)).isEqualTo(ends.get(10));
    }

    @Test
    @DisplayName("A segment that rolls over is cut after its last record; only the current one carries zeros")
    void rolledSegmentsAreCut() throws Exception {
        Path dir = Harness.newDir("prealloc-");
        JournalWriter writer = new JournalWriter(dir, null, 0, 0, true, 4096, new Durable(), FileChannel::open,
                () -> 1_700_000_000_000L);
        for (int i = 1; i <= 300; i++) {
            writer.append(1_700_000_000_000L + i, new CancelOrder("user" + i, "O000000000000000000" + i));
            if (i % 20 == 0) {
                writer.awaitDurable(i);
            }
        }
        writer.awaitDurable(300);
        Path current = writer.segment();
        List<Path> segments;
        try (var files = Files.list(dir)) {
            segments = files.filter(f -> JournalFormat.segmentFirstSequence(f.getFileName().toString()) > 0).sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThan(2).contains(current);
        int records = 0;
        for (Path segment : segments) {
            List<Long> ends = recordEnds(segment, JournalFormat.segmentFirstSequence(segment.getFileName().toString()));
            records += ends.size();
            if (!segment.equals(current)) {
                assertThat(Files.size(segment)).as("%s", segment.getFileName()).isEqualTo(ends.get(ends.size() - 1));
            }
        }
        assertThat(records).isEqualTo(300);
        writer.close();
    }
}
