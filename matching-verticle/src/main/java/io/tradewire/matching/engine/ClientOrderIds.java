package io.tradewire.matching.engine;

/**
 * The latest order of each (user, client order id), in one open-addressing table: a slot holds the order and a hash
 * of its user and client order id, found by linear probing and confirmed on the order itself. A lookup reads the
 * hashes it probes, the order (which the command reads next anyway) and the order's two ids; a map per user keyed by
 * the client's id read the user's entry, the user's table, a node, the stored key and its bytes, each a cold read
 * for an order touched once in thousands of commands (docs/BENCHMARKS.md, "Where the journaled venue thread's time
 * goes"). Removal shifts the following entries back (no tombstones), so the table never fills with dead slots.
 *
 * <p>Written here rather than taken from a library: the primitive-keyed maps at hand (Agrona) key by a {@code long}
 * that must be unique, and two (user, id) pairs can share any hash.
 */
final class ClientOrderIds {
    private static final int INITIAL_CAPACITY = 1024;

    /** Hash of each slot's (user, client order id), never 0; 0 marks an empty slot. */
    private int[] hashes = new int[INITIAL_CAPACITY];
    private Order[] orders = new Order[INITIAL_CAPACITY];
    private int size;

    /** The user's latest order with this client order id, or null. */
    Order get(String userId, String clientOrderId) {
        int hash = hash(userId, clientOrderId);
        int mask = hashes.length - 1;
        for (int i = hash & mask; hashes[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] == hash) {
                Order order = orders[i];
                if (order.clientOrderId.equals(clientOrderId) && order.userId.equals(userId)) {
                    return order;
                }
            }
        }
        return null;
    }

    /** Makes {@code order} (which has a client order id) the holder of its id: a later order replaces an earlier one. */
    void put(Order order) {
        int hash = hash(order.userId, order.clientOrderId);
        int mask = hashes.length - 1;
        int i = hash & mask;
        for (; hashes[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] == hash && orders[i].clientOrderId.equals(order.clientOrderId) && orders[i].userId.equals(order.userId)) {
                orders[i] = order;
                return;
            }
        }
        hashes[i] = hash;
        orders[i] = order;
        if (++size > hashes.length / 2) {
            grow();
        }
    }

    /** Forgets {@code order} if it still holds its client order id (a later order with the same id stays). */
    void remove(Order order) {
        int hash = hash(order.userId, order.clientOrderId);
        int mask = hashes.length - 1;
        for (int i = hash & mask; hashes[i] != 0; i = (i + 1) & mask) {
            if (orders[i] == order) {
                removeAt(i);
                return;
            }
        }
    }

    void clear() {
        hashes = new int[INITIAL_CAPACITY];
        orders = new Order[INITIAL_CAPACITY];
        size = 0;
    }

    int size() {
        return size;
    }

    /** Empties slot {@code i} and moves back each following entry of the run that would no longer be found past it. */
    private void removeAt(int i) {
        int mask = hashes.length - 1;
        int gap = i;
        for (int j = (i + 1) & mask; hashes[j] != 0; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            // The entry at j may move into the gap unless its home lies cyclically in (gap, j].
            boolean homeAfterGap = gap <= j ? gap < home && home <= j : gap < home || home <= j;
            if (!homeAfterGap) {
                hashes[gap] = hashes[j];
                orders[gap] = orders[j];
                gap = j;
            }
        }
        hashes[gap] = 0;
        orders[gap] = null;
        size--;
    }

    private void grow() {
        int[] oldHashes = hashes;
        Order[] oldOrders = orders;
        hashes = new int[oldHashes.length * 2];
        orders = new Order[oldOrders.length * 2];
        int mask = hashes.length - 1;
        for (int k = 0; k < oldHashes.length; k++) {
            if (oldHashes[k] != 0) {
                int i = oldHashes[k] & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[k];
                orders[i] = oldOrders[k];
            }
        }
    }

    /** A hash of both ids, its bits mixed (linear probing needs the low bits to differ), never 0. */
    static int hash(String userId, String clientOrderId) {
        int h = userId.hashCode() * 0x9E3779B9 + clientOrderId.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h == 0 ? 1 : h;
    }
}
