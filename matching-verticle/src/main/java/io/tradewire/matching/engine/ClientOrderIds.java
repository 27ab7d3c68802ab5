package io.tradewire.matching.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The latest order of each (user, client order id): per user, a map by the client's id. Looking one up builds no key
 * (a composite {@code user/id} string had to be concatenated and hashed on every submit, cancel and amend that named
 * a client order id); a user's map goes away with the last order in it.
 */
final class ClientOrderIds {
    private final Map<String, Map<String, Order>> byUser = new HashMap<>();

    /** The user's latest order with this client order id, or null. */
    Order get(String userId, String clientOrderId) {
        Map<String, Order> orders = byUser.get(userId);
        return orders == null ? null : orders.get(clientOrderId);
    }

    /** Makes {@code order} (which has a client order id) the holder of its id: a later order replaces an earlier one. */
    void put(Order order) {
        byUser.computeIfAbsent(order.userId, u -> new HashMap<>(4)).put(order.clientOrderId, order);
    }

    /** Forgets {@code order} if it still holds its client order id (a later order with the same id stays). */
    void remove(Order order) {
        Map<String, Order> orders = byUser.get(order.userId);
        if (orders != null && orders.remove(order.clientOrderId, order) && orders.isEmpty()) {
            byUser.remove(order.userId);
        }
    }

    void clear() {
        byUser.clear();
    }

    /** How many (user, client order id) pairs have a holder. */
    int size() {
        return byUser.values().stream().mapToInt(Map::size).sum();
    }
}
