// Fuzz longer: mvn -B -q install -DskipTests && JAZZER_FUZZ=1 JAZZER_MAX_DURATION=10m mvn -B -pl matching-verticle test -Dtest='JournalDecoderFuzzTest#decodeCommand' -Dsurefire.failIfNoSpecifiedTests=false (or #recoverSegment)
package io.tradewire.matching.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.ByteOut;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.RandomCommands;
import io.tradewire.matching.journal.CommandCodec;
import io.tradewire.matching.journal.JournalFormat;
import io.tradewire.matching.journal.VenueStore;
import io.tradewire.model.command.Command;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.helpers.NOPLogger;

/**
 * Fuzz targets for the journal record decoder (issue 9), like the gateway's
 * {@code io.tradewire.gateway.fuzz.ExchangeCodecFuzzTest}: every {@code mvn test} runs each target once per
 * committed input under {@code src/test/resources/io/tradewire/matching/fuzz/JournalDecoderFuzzTestInputs/<method>/}
 * (regression mode, a few seconds); {@code JAZZER_FUZZ=1} mutates them, coverage-guided (see the first line).
 * A finding is written as {@code crash-<sha1>} into that directory and stays as a regression test once committed.
 */
class JournalDecoderFuzzTest {
    private static final long CREATED_AT = 1_700_000_000_000L;

    /**
     * A record payload ({@link CommandCodec}): decodes to a command that round-trips, or is refused with
     * {@link CorruptDataException} / {@link IncompatibleDataException}; no other exception escapes.
     */
    @FuzzTest(maxDuration = "2m")
    void decodeCommand(byte[] input) {
        Command command;
        try {
            command = CommandCodec.decode(new ByteIn(input));
        } catch (CorruptDataException | IncompatibleDataException e) {
            return;
        }
        assertThat(command).isNotNull();
        ByteOut out = new ByteOut();
        CommandCodec.encode(command, out);
        try {
            assertThat(CommandCodec.decode(new ByteIn(out.toByteArray()))).isEqualTo(command);
        } catch (CorruptDataException | IncompatibleDataException e) {
            throw new AssertionError("a decoded command does not decode after encoding: " + e.getMessage(), e);
        }
    }

    /**
     * A segment {@code journal-…01.log}: a valid header, then the input as its records. Recovery either stops
     * at the last good record (as an independent reading of {@link JournalFormat} finds it), reports any damage
     * and cuts the file there, or refuses with {@link IncompatibleDataException} (an intact record the venue
     * cannot replay). Nothing else escapes.
     */
    @FuzzTest(maxDuration = "2m")
    void recoverSegment(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("journal-fuzz-");
        try {
            Path segment = dir.resolve(JournalFormat.segmentName(1));
            Files.write(segment, concat(JournalFormat.header(1, CREATED_AT), input));
            long[] expected = goodPrefix(input); // {good records, bytes they take, damaged ? 1 : 0}
            try (VenueStore store = VenueStore.open(dir, () -> CREATED_AT)) {
                VenueStore.Recovered recovered;
                try {
                    recovered = store.recover(RandomCommands::replayVenue, NOPLogger.NOP_LOGGER);
                } catch (IncompatibleDataException e) {
                    return;
                }
                assertThat(recovered.lastSequence()).as("last good record").isEqualTo(expected[0]);
                assertThat(recovered.damage() != null).as("damage reported: %s", recovered.damage()).isEqualTo(expected[2] == 1);
                assertThat(Files.size(segment)).as("segment cut after the last good record")
                        .isEqualTo(JournalFormat.HEADER_BYTES + expected[1]);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * The records {@link JournalFormat} calls good from the start of {@code records} (sequences from 1), and the bytes the
     * segment keeps: up to the first bad record, or all of it when only zeros follow the good ones (preallocated space).
     */
    private static long[] goodPrefix(byte[] records) {
        ByteBuffer in = ByteBuffer.wrap(records);
        long count = 0;
        while (in.hasRemaining()) {
            if (onlyZerosFrom(records, in.position())) {
                return new long[] {count, records.length, 0};
            }
            if (in.remaining() < JournalFormat.RECORD_OVERHEAD) {
                return new long[] {count, in.position(), 1};
            }
            int length = in.getInt(in.position());
            if (length < JournalFormat.MIN_BODY || length > JournalFormat.MAX_BODY
                    || in.remaining() < JournalFormat.RECORD_OVERHEAD + length
                    || JournalFormat.recordCrc(records, in.position(), length) != in.getInt(in.position() + 4)
                    || in.getLong(in.position() + JournalFormat.RECORD_OVERHEAD) != count + 1) {
                return new long[] {count, in.position(), 1};
            }
            in.position(in.position() + JournalFormat.RECORD_OVERHEAD + length);
            count++;
        }
        return new long[] {count, in.position(), 0};
    }

    private static boolean onlyZerosFrom(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
