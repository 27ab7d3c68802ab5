package io.tradewire.broker.algo;

import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Future;

/**
 * Where the engine sends child orders: a venue ({@code matching.<venue>}) or a broker adapter
 * ({@code broker.<name>}). The reply is the child's {@link OrderView} after it executed (children are IOC, so the
 * reply is final); a refusal fails with a {@link io.tradewire.model.RejectedException} carrying its error code.
 */
@FunctionalInterface
interface ChildOrders {
    Future<OrderView> submit(String address, SubmitOrder order);
}
