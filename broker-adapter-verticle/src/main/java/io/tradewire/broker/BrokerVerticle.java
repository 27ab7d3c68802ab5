package io.tradewire.broker;

import io.tradewire.broker.spi.BrokerAdapter;
import io.tradewire.broker.spi.BrokerListener;
import io.tradewire.broker.spi.BrokerState;
import io.tradewire.model.Addresses;
import io.tradewire.model.BrokerOrderIds;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.OrderType;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.RejectedException;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one {@link BrokerAdapter} into the mesh: answers commands on {@code broker.<name>} for the broker account's owner,
 * publishes the adapter's events on {@code events} once each ({@link EventFilter}), and reports its state in
 * {@code /health} as component {@code broker.<name>}.
 */
public final class BrokerVerticle extends VerticleBase implements BrokerListener {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerVerticle.class);
    private static final int REMEMBERED_IDS = 100_000;

    private final BrokerAdapter adapter;
    private final String user;
    private final EventFilter filter = new EventFilter(REMEMBERED_IDS);
    private BrokerState state = BrokerState.CONNECTING;

    public BrokerVerticle(BrokerAdapter adapter, String user) {
        this.adapter = adapter;
        this.user = user;
    }

    public static String component(String broker) {
        return BrokerAdapterVerticle.COMPONENT + "." + broker;
    }

    @Override
    public Future<?> start() {
        onState(BrokerState.CONNECTING, "starting");
        MessageConsumer<Command> commands = vertx.eventBus().consumer(Addresses.broker(adapter.name()), this::handle);
        return commands.completion().compose(v -> adapter.start(this));
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, component(adapter.name()));
        return adapter.stop();
    }

    @Override
    public void onEvent(Event event) {
        if (filter.accept(event)) {
            vertx.eventBus().publish(Addresses.EVENTS, event);
        }
    }

    @Override
    public void onState(BrokerState newState, String detail) {
        if (newState != state) {
            LOG.info("Broker {}: {} ({})", adapter.name(), newState, detail);
            if (newState == BrokerState.AUTH_FAILED || newState == BrokerState.WAITING_FOR_LOGIN) {
                vertx.eventBus().publish(Addresses.EVENTS, new BrokerNotice(user, adapter.name(), newState.name(),
                        "broker " + adapter.name() + " is " + newState + ": " + detail, System.currentTimeMillis()));
            }
        }
        state = newState;
        HealthRegistry.report(vertx, component(adapter.name()), newState.healthStatus(),
                new JsonObject().put("state", newState.name()).put("detail", detail).put("user", user));
    }

    private void handle(Message<Command> message) {
        Future<?> reply;
        try {
            reply = execute(message.body());
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        reply.onSuccess(message::reply).onFailure(e -> {
            if (e instanceof RejectedException rejected) {
                message.fail(rejected.code().code(), rejected.getMessage());
            } else if (e instanceof ReplyException failure) {
                message.fail(failure.failureCode(), failure.getMessage());
            } else {
                LOG.warn("Broker {}: command failed: {}", adapter.name(), e.toString());
                message.fail(ErrorCode.UNAVAILABLE.code(), "broker " + adapter.name() + " could not be reached");
            }
        });
    }

    private Future<?> execute(Command command) {
        if (command instanceof SubmitOrder submit) {
            requireOwner(submit.userId(), ErrorCode.FORBIDDEN, "instrument " + submit.instrument() + " is routed to broker "
                    + adapter.name() + ", which trades for another user");
            requireConnected();
            return adapter.submit(withTimeInForce(submit)).map(this::published);
        }
        if (command instanceof CancelOrder cancel) {
            String id = ownedBrokerId(cancel.userId(), cancel.orderId());
            requireConnected();
            return adapter.cancel(id).map(this::published);
        }
        if (command instanceof AmendOrder amend) {
            String id = ownedBrokerId(amend.userId(), amend.orderId());
            requireConnected();
            return adapter.amend(id, amend).map(this::published);
        }
        if (command instanceof QueryOrder query) {
            ownedBrokerId(query.userId(), query.orderId());
            OrderView known = filter.lastOrder(query.orderId());
            if (known == null) {
                return Future.failedFuture(new RejectedException(ErrorCode.ORDER_NOT_FOUND, "Order not found: " + query.orderId()));
            }
            return Future.succeededFuture(known);
        }
        requireOwner(command.userId(), ErrorCode.FORBIDDEN, "broker " + adapter.name() + " serves another user");
        if (command instanceof QueryOrders) {
            return adapter.orders().map(OrderList::new);
        }
        if (command instanceof QueryPositions) {
            return adapter.positions().map(PositionList::new);
        }
        if (command instanceof QueryAccount) {
            return adapter.account();
        }
        return Future.failedFuture(new RejectedException(ErrorCode.UNSUPPORTED,
                command.getClass().getSimpleName() + " is not supported by broker " + adapter.name()));
    }

    /** A dialect may leave the time in force open: GTC for a limit order, IOC for a market order (as on the venue). */
    private static SubmitOrder withTimeInForce(SubmitOrder s) {
        if (s.timeInForce() != null) {
            return s;
        }
        return new SubmitOrder(s.userId(), s.clientOrderId(), s.instrument(), s.side(), s.offset(), s.type(),
                s.type() == OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC, s.price(), s.quantity(), s.source(), s.postOnly());
    }

    /** Publishes the order a command's reply carries (filtered like every other event), then replies with it. */
    private OrderView published(OrderView order) {
        onEvent(new OrderUpdated(order));
        return order;
    }

    private String ownedBrokerId(String userId, String orderId) {
        String brokerId = BrokerOrderIds.brokerIdOf(adapter.name(), orderId);
        if (brokerId == null || !user.equals(userId)) {
            throw new RejectedException(ErrorCode.ORDER_NOT_FOUND, "Order not found: " + orderId);
        }
        return brokerId;
    }

    private void requireOwner(String userId, ErrorCode code, String message) {
        if (!user.equals(userId)) {
            throw new RejectedException(code, message);
        }
    }

    private void requireConnected() {
        if (state != BrokerState.CONNECTED) {
            throw new RejectedException(ErrorCode.UNAVAILABLE, "broker " + adapter.name() + " is not connected (" + state + ")");
        }
    }
}
