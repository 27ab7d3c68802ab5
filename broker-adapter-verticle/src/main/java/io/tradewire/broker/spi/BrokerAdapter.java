package io.tradewire.broker.spi;

import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import io.vertx.core.Future;
import java.util.List;

/**
 * One upstream broker behind the canonical command and event contract. An adapter keeps itself connected (reconnect with
 * backoff, resubscribe, reconcile after every (re)connect) and reports what it learns to its {@link BrokerListener} as
 * canonical events: orders with ids {@code <broker>-<broker order id>} ({@link io.tradewire.model.BrokerOrderIds}), source
 * {@link io.tradewire.model.OrderSource#BROKER}, owned by the configured Tradewire user. The listener filters duplicates;
 * an adapter may report the same fact twice (a push and a reconciliation).
 *
 * <p>Every method is called on the adapter's own Vert.x context; none blocks. A failure is a
 * {@link io.tradewire.model.RejectedException} with the {@link io.tradewire.model.ErrorCode} the client should see.
 */
public interface BrokerAdapter {
    /** The broker's name: its instruments' route, the prefix of its order ids, {@code broker.<name>} on the bus. */
    String name();

    /** Starts connecting (and reconnecting) in the background; completes once started, whether or not the broker answers. */
    Future<Void> start(BrokerListener listener);

    /** Closes every connection and timer. */
    Future<Void> stop();

    /** Places an order; the reply is the order as the broker accepted it. */
    Future<OrderView> submit(SubmitOrder order);

    /** Cancels an order by the broker's own id. */
    Future<OrderView> cancel(String brokerOrderId);

    /** Changes an order's price and / or total quantity (the command's order id is the broker's own id). */
    Future<OrderView> amend(String brokerOrderId, AmendOrder amend);

    /** The broker's open and recent orders. */
    Future<List<OrderView>> orders();

    Future<List<PositionView>> positions();

    Future<AccountView> account();
}
