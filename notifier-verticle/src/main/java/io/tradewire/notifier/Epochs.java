package io.tradewire.notifier;

import java.util.function.LongSupplier;

/**
 * Chooses the epoch of the streams of a partition this notifier gains. An epoch must never come back with other
 * sequence numbers behind it, or a client holding it would take the new numbers for the old stream. So an epoch is
 * the time of the gain in milliseconds, strictly later than the previous one of this node (a clock that steps back
 * cannot repeat one), times {@link #NODES} plus a number derived from the node id: two notifiers that gain the same
 * partition in the same millisecond (clock skew) still choose different epochs unless their node ids also share
 * that number (1 in 1,024). Epochs stay below 2^53 until the year 2248, so JavaScript clients read them exactly.
 */
final class Epochs {
    /** How many node numbers an epoch distinguishes in one millisecond. */
    static final int NODES = 1_024;

    private final LongSupplier millis;
    private final int node;
    private long lastMillis;
    private long last;

    Epochs(String nodeId, LongSupplier millis) {
        this.millis = millis;
        this.node = (int) Math.floorMod(Ownership.hash(nodeId), (long) NODES);
    }

    /** A new epoch, greater than every epoch this node chose before. */
    long next() {
        lastMillis = Math.max(millis.getAsLong(), lastMillis + 1);
        last = lastMillis * NODES + node;
        return last;
    }

    /** The latest epoch chosen (0 before the first). */
    long last() {
        return last;
    }
}
