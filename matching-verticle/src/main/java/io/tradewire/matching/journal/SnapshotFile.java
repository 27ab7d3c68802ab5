package io.tradewire.matching.journal;

import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.VenueSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A snapshot file {@code snapshot-<journal sequence, 20 digits>.snap}: a 40-byte header, then the
 * {@link VenueSnapshot} body. It is written to {@code <name>.tmp}, fsynced, renamed into place
 * atomically and the directory fsynced, so a snapshot file either exists whole or not at all.
 *
 * <pre>
 * magic "TWSN" | u16 file version = 1 | u16 body version ({@link VenueSnapshot#VERSION}) | i64 journal sequence |
 * i64 created (epoch ms) | i64 body length | i32 CRC32C of the body | i32 CRC32C of the 36 bytes before it
 * </pre>
 */
public final class SnapshotFile {
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 40;
    private static final byte[] MAGIC = "TWSN".getBytes(StandardCharsets.US_ASCII);
    private static final SequencedFileName FILE_NAME = new SequencedFileName("snapshot-", ".snap");
    public static final String TEMP_SUFFIX = ".tmp";

    private SnapshotFile() {
    }

    public static String name(long sequence) {
        return FILE_NAME.name(sequence);
    }

    /** The journal sequence a snapshot's file name announces, or -1. */
    public static long sequenceOf(String fileName) {
        return FILE_NAME.sequenceOf(fileName);
    }

    /** Writes a snapshot atomically (temp file, fsync, rename, directory fsync); returns its path. */
    public static Path write(Path dir, long sequence, long createdAt, byte[] body) throws IOException {
        return writeTo(dir.resolve(name(sequence)), sequence, createdAt, body);
    }

    /**
     * Writes a snapshot atomically under another name than {@link #name} (a replicated venue's snapshots are named by
     * Ratis' storage): {@code <target>.tmp}, fsync, rename, directory fsync.
     */
    public static Path writeTo(Path target, long sequence, long createdAt, byte[] body) throws IOException {
        CRC32C bodyCrc = new CRC32C();
        bodyCrc.update(body, 0, body.length);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putShort((short) VERSION).putShort((short) VenueSnapshot.VERSION).putLong(sequence)
                .putLong(createdAt).putLong(body.length).putInt((int) bodyCrc.getValue());
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(header.array(), 0, HEADER_BYTES - 4);
        header.putInt((int) headerCrc.getValue());
        header.flip();
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, header);
            writeFully(channel, ByteBuffer.wrap(body));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        VenueStore.syncDirectory(target.toAbsolutePath().getParent());
        return target;
    }

    /** A snapshot file's body and the {@link VenueSnapshot} version it is written in. */
    public record Body(byte[] bytes, int version) {
    }

    /**
     * Reads and checks a snapshot file.
     *
     * @return the body, in any version from {@link VenueSnapshot#OLDEST_READABLE_VERSION} to {@link VenueSnapshot#VERSION}
     * @throws CorruptDataException      short, wrong checksum, or the header disagrees with the file name
     * @throws IncompatibleDataException a file or body version this code does not read
     */
    public static Body read(Path file, long sequence) throws IOException, CorruptDataException, IncompatibleDataException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_BYTES) {
            throw new CorruptDataException("snapshot of " + bytes.length + " bytes has no complete header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_BYTES);
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(bytes, 0, HEADER_BYTES - 4);
        if (header.getInt(HEADER_BYTES - 4) != (int) headerCrc.getValue()) {
            throw new CorruptDataException("snapshot header checksum mismatch");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new CorruptDataException("not a snapshot file");
            }
        }
        int fileVersion = header.getShort(4) & 0xFFFF;
        int bodyVersion = header.getShort(6) & 0xFFFF;
        if (fileVersion != VERSION || bodyVersion < VenueSnapshot.OLDEST_READABLE_VERSION || bodyVersion > VenueSnapshot.VERSION) {
            throw new IncompatibleDataException("snapshot " + file.getFileName() + " has format " + fileVersion + "/" + bodyVersion
                    + ", this version reads " + VERSION + "/" + VenueSnapshot.OLDEST_READABLE_VERSION + ".." + VenueSnapshot.VERSION);
        }
        if (header.getLong(8) != sequence) {
            throw new CorruptDataException("snapshot header says sequence " + header.getLong(8) + ", its name " + sequence);
        }
        long bodyLength = header.getLong(24);
        if (bodyLength != bytes.length - HEADER_BYTES) {
            throw new CorruptDataException("snapshot body is " + (bytes.length - HEADER_BYTES) + " bytes, header says " + bodyLength);
        }
        CRC32C bodyCrc = new CRC32C();
        bodyCrc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        if (header.getInt(32) != (int) bodyCrc.getValue()) {
            throw new CorruptDataException("snapshot body checksum mismatch");
        }
        return new Body(java.util.Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length), bodyVersion);
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
