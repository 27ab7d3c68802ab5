package io.tradewire.matching.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one journal segment record by record, checking each ({@link JournalFormat}): the first record
 * that is torn (the file ends inside it), has an impossible length, a wrong CRC or an unexpected
 * sequence ends the read. {@link #damage()} then says what was wrong and {@link #goodEnd()} where the
 * last good record ends; nothing after it is ever returned. Zeros from the end of a record to the end of the file are
 * the writer's preallocated space ({@link JournalWriter#PREALLOCATE_BYTES}), not damage: the segment ends there cleanly.
 */
final class SegmentReader implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(JournalFormat.MAX_BODY + JournalFormat.RECORD_OVERHEAD + 4096);
    /** File offset of the buffer's first unread byte. */
    private long offset;
    private long goodEnd;
    private long expected;
    private String damage;
    private boolean ended;

    SegmentReader(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        buffer.limit(0);
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    /**
     * Reads and checks the header.
     *
     * @return null when it is valid, else the problem (and the segment counts as damaged from byte 0)
     */
    String readHeader(long firstSequence) throws IOException {
        fill(JournalFormat.HEADER_BYTES);
        String problem = JournalFormat.checkHeader(buffer.duplicate(), firstSequence);
        if (problem != null) {
            damage = problem;
            ended = true;
            goodEnd = 0;
            return problem;
        }
        buffer.position(buffer.position() + JournalFormat.HEADER_BYTES);
        offset += JournalFormat.HEADER_BYTES;
        goodEnd = offset;
        expected = firstSequence;
        return null;
    }

    /** The next good record, or null at the end of the segment or at the first bad record. */
    JournalRecord next() throws IOException {
        if (ended) {
            return null;
        }
        long left = size - offset;
        if (left == 0 || zerosToTheEnd()) {
            ended = true;
            return null;
        }
        if (left < JournalFormat.RECORD_OVERHEAD) {
            return stop("torn record: " + left + " bytes left, a record header needs " + JournalFormat.RECORD_OVERHEAD);
        }
        fill(JournalFormat.RECORD_OVERHEAD);
        int start = buffer.position();
        int bodyLength = buffer.getInt(start);
        int crc = buffer.getInt(start + 4);
        if (bodyLength < JournalFormat.MIN_BODY || bodyLength > JournalFormat.MAX_BODY) {
            return stop("invalid record length " + bodyLength);
        }
        if (left < JournalFormat.RECORD_OVERHEAD + (long) bodyLength) {
            return stop("torn record: needs " + (JournalFormat.RECORD_OVERHEAD + bodyLength) + " bytes, " + left + " left");
        }
        fill(JournalFormat.RECORD_OVERHEAD + bodyLength);
        start = buffer.position();
        byte[] array = buffer.array();
        if (JournalFormat.recordCrc(array, start, bodyLength) != crc) {
            return stop("checksum mismatch");
        }
        long sequence = buffer.getLong(start + JournalFormat.RECORD_OVERHEAD);
        long timestamp = buffer.getLong(start + JournalFormat.RECORD_OVERHEAD + 8);
        if (sequence != expected) {
            return stop("sequence " + sequence + " where " + expected + " was expected");
        }
        int payloadStart = start + JournalFormat.RECORD_OVERHEAD + 16;
        byte[] payload = java.util.Arrays.copyOfRange(array, payloadStart, start + JournalFormat.RECORD_OVERHEAD + bodyLength);
        int recordBytes = JournalFormat.RECORD_OVERHEAD + bodyLength;
        buffer.position(start + recordBytes);
        offset += recordBytes;
        goodEnd = offset;
        expected = sequence + 1;
        return new JournalRecord(sequence, timestamp, payload);
    }

    /** Whether every byte from the next record's place to the end of the file is zero (preallocated, never written). */
    private boolean zerosToTheEnd() throws IOException {
        // A record starts with its length, 17 or more: one of its 4 bytes is not zero (the common case, no I/O here).
        int head = (int) Math.min(size - offset, 4);
        fill(head);
        for (int i = 0; i < head; i++) {
            if (buffer.get(buffer.position() + i) != 0) {
                return false;
            }
        }
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        for (long at = offset + head; at < size; ) {
            chunk.clear();
            int read = channel.read(chunk, at);
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (chunk.get(i) != 0) {
                    return false;
                }
            }
            at += read;
        }
        return true;
    }

    /** What ended the read early, or null when the segment ended cleanly (or was not read to its end). */
    String damage() {
        return damage;
    }

    /** Byte offset just after the last good record (after the header when there is none; 0 for a bad header). */
    long goodEnd() {
        return goodEnd;
    }

    /** The sequence the next record would have had. */
    long expected() {
        return expected;
    }

    private JournalRecord stop(String problem) {
        damage = problem + " at byte " + offset;
        ended = true;
        return null;
    }

    /** Makes at least {@code count} bytes (or what is left of the file) readable from the buffer's position. */
    private void fill(int count) throws IOException {
        if (buffer.remaining() >= count) {
            return;
        }
        buffer.compact();
        long readAt = offset + buffer.position();
        while (buffer.position() < count && readAt < size) {
            int read = channel.read(buffer, readAt);
            if (read < 0) {
                break;
            }
            readAt += read;
        }
        buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
