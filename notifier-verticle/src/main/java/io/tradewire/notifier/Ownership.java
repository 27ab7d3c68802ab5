package io.tradewire.notifier;

import io.tradewire.model.StreamPartitions;
import java.util.List;

/**
 * Which notifier owns each partition of the stream space ({@link StreamPartitions}): rendezvous (highest random
 * weight) hashing over the live notifiers' node ids. Every node computes the same owners from the same members, in
 * any order, and a change of membership moves only the partitions of the node that left (to the survivors, spread
 * evenly) or the share taken by the node that joined (from each member evenly). The weight of a (node, partition)
 * pair is a 64-bit FNV-1a hash of the node id's characters mixed with the partition number by SplitMix64's
 * finalizer: specified here, so the same on every JVM.
 */
final class Ownership {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private Ownership() {
    }

    /** The owner of every partition, indexed by partition; all null when there is no member. */
    static String[] owners(List<String> members) {
        String[] owners = new String[StreamPartitions.COUNT];
        long[] hashes = new long[members.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hash(members.get(i));
        }
        for (int partition = 0; partition < owners.length; partition++) {
            owners[partition] = ownerOf(partition, members, hashes);
        }
        return owners;
    }

    /** The owner of one partition, null when there is no member. */
    static String ownerOf(int partition, List<String> members) {
        long[] hashes = new long[members.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hash(members.get(i));
        }
        return ownerOf(partition, members, hashes);
    }

    /** The weight of {@code member} for {@code partition}: the highest weight owns it. */
    static long weight(String member, int partition) {
        return weight(hash(member), partition);
    }

    private static String ownerOf(int partition, List<String> members, long[] hashes) {
        String best = null;
        long bestWeight = 0;
        for (int i = 0; i < hashes.length; i++) {
            long weight = weight(hashes[i], partition);
            String member = members.get(i);
            int order = best == null ? 1 : Long.compareUnsigned(weight, bestWeight);
            if (order > 0 || order == 0 && member.compareTo(best) > 0) {
                best = member;
                bestWeight = weight;
            }
        }
        return best;
    }

    private static long weight(long memberHash, int partition) {
        long z = memberHash ^ (partition + 1) * GOLDEN;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over the UTF-16 characters of a node id. */
    static long hash(String member) {
        long h = FNV_OFFSET;
        for (int i = 0; i < member.length(); i++) {
            h ^= member.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }
}
