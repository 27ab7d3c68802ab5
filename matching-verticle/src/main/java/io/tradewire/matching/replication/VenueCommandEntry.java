package io.tradewire.matching.replication;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.ByteOut;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.journal.CommandCodec;
import io.tradewire.model.command.Command;

/**
 * The payload of one Raft log entry of a venue: a state-changing command and the time the leader received it, so
 * that every replica executes it exactly as the leader's venue would (ids and timestamps come from that time).
 *
 * <pre>
 * u8 format = 1 | i64 arrival time (epoch ms) | the command as {@link CommandCodec} writes it in a journal record
 * </pre>
 *
 * A format this version does not know is refused ({@link IncompatibleDataException}), never skipped.
 */
public record VenueCommandEntry(long timestamp, Command command) {
    public static final int FORMAT = 1;

    public byte[] encode() {
        ByteOut out = new ByteOut(128);
        out.u8(FORMAT).i64(timestamp);
        CommandCodec.encode(command, out);
        return out.toByteArray();
    }

    public static VenueCommandEntry decode(byte[] bytes) throws CorruptDataException, IncompatibleDataException {
        ByteIn in = new ByteIn(bytes);
        int format = in.u8();
        if (format != FORMAT) {
            throw new IncompatibleDataException("venue log entry of format " + format + ", this version reads " + FORMAT
                    + " (written by a newer version?)");
        }
        long timestamp = in.i64();
        return new VenueCommandEntry(timestamp, CommandCodec.decode(in));
    }
}
