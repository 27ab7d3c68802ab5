package io.tradewire.matching.journal;

import io.tradewire.matching.codec.ByteOut;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The journal's on-disk layout (big-endian). A venue's journal is a series of segment files
 * {@code journal-<first sequence, 20 digits>.log}; each starts with a 32-byte header and holds records
 * with consecutive sequence numbers:
 *
 * <pre>
 * header  magic "TWJL" | u16 version = 1 | u16 0 | i64 first sequence | i64 created (epoch ms) | i32 0 |
 *         i32 CRC32C of the 28 bytes before it
 * record  i32 body length N (17 .. 1 MiB) | i32 CRC32C of (the 4 length bytes + body) |
 *         body: i64 sequence | i64 timestamp (epoch ms the venue executed it at) | payload ({@link CommandCodec})
 * </pre>
 *
 * A record is good when its length is in range, all of it is present, its CRC matches and its sequence
 * is the previous one + 1. The first record that is not ends the journal: recovery stops there.
 */
public final class JournalFormat {
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 32;
    /** Length and CRC fields in front of every record body. */
    public static final int RECORD_OVERHEAD = 8;
    /** Sequence and timestamp: the smallest body is these plus a one-byte payload. */
    public static final int MIN_BODY = 17;
    public static final int MAX_BODY = 1 << 20;
    private static final byte[] MAGIC = "TWJL".getBytes(StandardCharsets.US_ASCII);
    private static final SequencedFileName SEGMENT_NAME = new SequencedFileName("journal-", ".log");

    private JournalFormat() {
    }

    public static String segmentName(long firstSequence) {
        return SEGMENT_NAME.name(firstSequence);
    }

    /** The first sequence a segment's file name announces, or -1 when the name is not a segment's. */
    public static long segmentFirstSequence(String fileName) {
        return SEGMENT_NAME.sequenceOf(fileName);
    }

    public static byte[] header(long firstSequence, long createdAt) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(firstSequence).putLong(createdAt).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_BYTES - 4);
        header.putInt((int) crc.getValue());
        return header.array();
    }

    /**
     * Checks a segment header.
     *
     * @return null when it is valid for {@code expectedFirstSequence}, else what is wrong with it
     */
    public static String checkHeader(ByteBuffer header, long expectedFirstSequence) {
        if (header.remaining() < HEADER_BYTES) {
            return "header is " + header.remaining() + " bytes, " + HEADER_BYTES + " expected";
        }
        byte[] bytes = new byte[HEADER_BYTES];
        header.get(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER_BYTES - 4);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(HEADER_BYTES - 4) != (int) crc.getValue()) {
            return "header checksum mismatch";
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return "not a journal segment";
            }
        }
        int version = b.getShort(4) & 0xFFFF;
        if (version != VERSION) {
            return "format version " + version + ", this version reads " + VERSION;
        }
        long first = b.getLong(8);
        if (first != expectedFirstSequence) {
            return "header says first sequence " + first + ", the file name " + expectedFirstSequence;
        }
        return null;
    }

    /** Whether a header problem is a version this code does not read (refuse) rather than damage (stop there). */
    public static boolean isVersionProblem(String problem) {
        return problem != null && problem.startsWith("format version");
    }

    /**
     * Appends one complete record to {@code out}: length, CRC, sequence, timestamp, then whatever
     * {@code payload} writes.
     */
    public static void appendRecord(ByteOut out, long sequence, long timestamp, PayloadWriter payload) {
        int start = out.size();
        out.i32(0).i32(0).i64(sequence).i64(timestamp);
        payload.write(out);
        int bodyLength = out.size() - start - RECORD_OVERHEAD;
        if (bodyLength > MAX_BODY) {
            throw new IllegalArgumentException("journal record of " + bodyLength + " bytes exceeds " + MAX_BODY);
        }
        out.i32At(start, bodyLength);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), start, 4);
        crc.update(out.array(), start + RECORD_OVERHEAD, bodyLength);
        out.i32At(start + 4, (int) crc.getValue());
    }

    /** CRC32C of a record's length field and body, as {@link #appendRecord} computed it. */
    public static int recordCrc(byte[] lengthAndCrcAndBody, int offset, int bodyLength) {
        CRC32C crc = new CRC32C();
        crc.update(lengthAndCrcAndBody, offset, 4);
        crc.update(lengthAndCrcAndBody, offset + RECORD_OVERHEAD, bodyLength);
        return (int) crc.getValue();
    }

    /** Writes a record's payload. */
    @FunctionalInterface
    public interface PayloadWriter {
        void write(ByteOut out);
    }
}
