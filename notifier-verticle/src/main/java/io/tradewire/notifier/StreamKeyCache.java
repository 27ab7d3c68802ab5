package io.tradewire.notifier;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.event.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link StreamRouter#streamsOf} for the notifier's hot path: a user's private stream keys are built (and their
 * segments checked) once per user instead of once per event, and always as the same string instances, whose hashes
 * are computed once, so the sequencer finds their slots without hashing or comparing a new key on every message.
 * Other events go through {@link StreamRouter}. Keeps an entry per user that had an event, like the sequencer's
 * counters. Single-threaded (the notifier's context).
 */
final class StreamKeyCache {
    private final Map<String, UserKeys> users = new HashMap<>();

    /** The stream keys of {@code event}: the same as {@link StreamRouter#streamsOf}. */
    List<String> streamsOf(Event event) {
        if (event instanceof OrderUpdated e) {
            return user(e.order().userId()).orders;
        } else if (event instanceof TradeExecuted e) {
            return user(e.userId()).trades;
        } else if (event instanceof AccountChanged e) {
            return user(e.account().userId()).account;
        } else if (event instanceof PositionChanged e) {
            return user(e.position().userId()).positions;
        }
        return StreamRouter.streamsOf(event);
    }

    /** Users with keys kept. */
    int users() {
        return users.size();
    }

    private UserKeys user(String userId) {
        UserKeys keys = users.get(userId);
        if (keys == null) {
            keys = new UserKeys(userId); // checks the user id as StreamKeys does: an invalid one is never cached
            users.put(userId, keys);
        }
        return keys;
    }

    /** One user's four clocked private streams, each as the one-element list routing hands out. */
    private static final class UserKeys {
        final List<String> orders;
        final List<String> trades;
        final List<String> account;
        final List<String> positions;

        UserKeys(String userId) {
            orders = List.of(StreamKeys.userOrders(userId));
            trades = List.of(StreamKeys.userTrades(userId));
            account = List.of(StreamKeys.userAccount(userId));
            positions = List.of(StreamKeys.userPositions(userId));
        }
    }
}
