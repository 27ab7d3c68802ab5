package io.tradewire.model.event;

import io.tradewire.model.StreamKeys;

/**
 * Where each of a user's private streams stood when a message of one of them was published: the last sequence
 * number of {@code user.<uid>.orders}, {@code trades}, {@code account} and {@code positions} (this message's own
 * included). The notifier is the one sequencer of a user's streams, so a message on one stream comes causally after
 * the messages of the others up to these numbers: a subscriber delivers it only once it delivered those (or found
 * they were lost and healed them), which keeps a user's order → fill → position → account in order across streams.
 * All numbers belong to the push's epoch.
 */
public record UserClock(long orders, long trades, long account, long positions) {

    /** The clock from sequence numbers in {@link StreamKeys#USER_KINDS} order. */
    public static UserClock of(long[] seqs) {
        return new UserClock(seqs[0], seqs[1], seqs[2], seqs[3]);
    }

    /** The sequence number of the stream of kind {@code index} in {@link StreamKeys#USER_KINDS}. */
    public long seq(int index) {
        return switch (index) {
            case 0 -> orders;
            case 1 -> trades;
            case 2 -> account;
            case 3 -> positions;
            default -> throw new IndexOutOfBoundsException("no user stream kind " + index);
        };
    }
}
