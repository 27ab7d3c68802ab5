package io.tradewire.notifier;

import io.tradewire.model.StreamPartitions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The partitions this notifier owns, and how they change as notifiers come and go ({@link Ownership}). A partition
 * assigned to this node is taken at once when nobody else may still be serving it (its previous owner left, or it
 * had none), and only after a handover delay when its previous owner is alive (a node joined): that owner drops it
 * as soon as it sees the new member, so two notifiers never both stamp a stream while their views settle. A
 * partition assigned elsewhere is dropped at once. Plain Java, single-threaded (the notifier's context).
 */
final class PartitionTable {
    /** What a membership change asks of the notifier. */
    record Change(BitSet gainNow, BitSet gainLater, BitSet lost) {
        boolean isEmpty() {
            return gainNow.isEmpty() && gainLater.isEmpty() && lost.isEmpty();
        }
    }

    private final String self;
    private final BitSet owned = new BitSet(StreamPartitions.COUNT);
    /** Partitions waiting for their handover delay, each with the round in which it started waiting. */
    private final int[] waitingSince = new int[StreamPartitions.COUNT];
    private final BitSet waiting = new BitSet(StreamPartitions.COUNT);
    private String[] assigned;
    private List<String> members = List.of();
    private int round;

    /** A table for node {@code self} that owns nothing yet. */
    PartitionTable(String self) {
        this.self = self;
    }

    /**
     * The first view of the notifiers: as if this node joined a mesh of the others, so that partitions another live
     * node owned until now are handed over after the delay.
     */
    Change start(List<String> notifiers) {
        List<String> others = new ArrayList<>(notifiers);
        others.remove(self);
        assigned = Ownership.owners(others);
        members = List.copyOf(others);
        return update(notifiers);
    }

    /** A new view of the live notifiers (node ids): what to drop now, take now, and take after the delay. */
    Change update(List<String> notifiers) {
        round++;
        String[] next = Ownership.owners(notifiers);
        BitSet gainNow = new BitSet();
        BitSet gainLater = new BitSet();
        BitSet lost = new BitSet();
        for (int p = 0; p < next.length; p++) {
            boolean mine = self.equals(next[p]);
            if (!mine) {
                waiting.clear(p);
                if (owned.get(p)) {
                    owned.clear(p);
                    lost.set(p);
                }
            } else if (!owned.get(p) && !waiting.get(p)) {
                String previous = assigned[p];
                if (previous != null && !previous.equals(self) && notifiers.contains(previous)) {
                    waiting.set(p);
                    waitingSince[p] = round;
                    gainLater.set(p);
                } else {
                    owned.set(p);
                    gainNow.set(p);
                }
            }
        }
        assigned = next;
        members = List.copyOf(notifiers);
        return new Change(gainNow, gainLater, lost);
    }

    /**
     * The handover delay of the changes up to {@code round} is over: takes the partitions of those rounds still
     * assigned here (a later change may have given them to someone else) and returns them.
     */
    BitSet handOver(int upToRound) {
        BitSet taken = new BitSet();
        for (int p = waiting.nextSetBit(0); p >= 0; p = waiting.nextSetBit(p + 1)) {
            if (waitingSince[p] <= upToRound) {
                taken.set(p);
            }
        }
        waiting.andNot(taken);
        owned.or(taken);
        return taken;
    }

    /** The number of the latest change (for {@link #handOver}). */
    int round() {
        return round;
    }

    boolean owns(int partition) {
        return owned.get(partition);
    }

    /** Whether every partition is owned here (a lone notifier: nothing to check per stream). */
    boolean ownsAll() {
        return owned.cardinality() == StreamPartitions.COUNT;
    }

    /** The partitions owned here now (a copy). */
    BitSet owned() {
        return (BitSet) owned.clone();
    }

    int ownedCount() {
        return owned.cardinality();
    }

    int waitingCount() {
        return waiting.cardinality();
    }

    /** The live notifiers of the latest view. */
    List<String> members() {
        return members;
    }
}
