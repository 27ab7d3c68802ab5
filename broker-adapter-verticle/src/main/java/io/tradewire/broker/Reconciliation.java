package io.tradewire.broker;

import io.tradewire.broker.spi.BrokerAdapter;
import io.tradewire.broker.spi.BrokerListener;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * The REST snapshot an adapter reports after every (re)connect: its orders first, then the fills the broker lists
 * (read after the orders, whose offsets they take), with the positions and the account. The listener's filter drops
 * what the streams already reported.
 */
public final class Reconciliation {
    private Reconciliation() {
    }

    public static Future<Void> run(BrokerAdapter adapter, BrokerListener listener, Supplier<Future<Void>> fills) {
        Future<Void> orders = adapter.orders().map(list -> {
            list.forEach(order -> listener.onEvent(new OrderUpdated(order)));
            return null;
        });
        Future<Void> trades = orders.compose(v -> fills.get());
        Future<Void> positions = adapter.positions().map(list -> {
            list.forEach(position -> listener.onEvent(new PositionChanged(position)));
            return null;
        });
        Future<Void> account = adapter.account().map(view -> {
            listener.onEvent(new AccountChanged(view));
            return null;
        });
        return Future.all(trades, positions, account).mapEmpty();
    }
}
