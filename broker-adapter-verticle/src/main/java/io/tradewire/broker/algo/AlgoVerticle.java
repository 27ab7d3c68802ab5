package io.tradewire.broker.algo;

import io.tradewire.broker.ClusterSingleton;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.RejectedException;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderAction;
import io.tradewire.model.algo.QueryAlgoFills;
import io.tradewire.model.algo.QueryMasterOrders;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Tick;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the {@link AlgoEngine}: answers master-order requests on {@link Addresses#ALGO}, feeds it the public trades
 * from {@link Addresses#EVENTS}, wakes it every {@code algo.tick-interval}, sends its child orders to the venue or
 * broker and publishes its events. One active engine per mesh (it keeps its master orders in memory): in a cluster the
 * node that holds the {@code algo} role ({@link ClusterSingleton}) answers on {@link Addresses#ALGO}; the others stand
 * by without a consumer there. A node that hands the role over cancels its working master orders with a reason (their
 * owners see it), since they cannot move with the role.
 */
public final class AlgoVerticle extends VerticleBase {
    public static final String COMPONENT = "algo";
    private static final Logger LOG = LoggerFactory.getLogger(AlgoVerticle.class);

    /** The part whose role this verticle follows. */
    static final String PART = "algo";
    static final String HANDED_OVER = "The algorithmic execution engine moved to another node: submit the master order again";

    private AlgoEngine engine;
    private AlgoConfig config;
    private MessageConsumer<Object> requests;
    private ClusterSingleton role;

    @Override
    public Future<?> start() {
        BusCodecs.ensureRegistered(vertx);
        ConfigReader section = ConfigReader.of(config(), "algo");
        config = AlgoConfig.from(section, ConfigReader.of(config(), "matching").string("venue", "tradewire"));
        section.warnUnknown(LOG);
        InstrumentDirectory instruments = InstrumentDirectory.fromConfig(ConfigReader.of(config(), ""));
        engine = new AlgoEngine(config, instruments, this::submit, event -> vertx.eventBus().publish(Addresses.EVENTS, event),
                System::currentTimeMillis);
        MessageConsumer<Object> trades = vertx.eventBus().consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), event -> {
            if (event instanceof Tick tick) {
                engine.onTrade(tick);
            }
        }));
        return trades.completion().compose(v -> {
            Promise<Void> firstRole = Promise.promise();
            role = ClusterSingleton.follow(ClusterView.of(vertx), PART, context, active -> {
                Future<Void> changed = active ? activate() : standBy();
                changed.onComplete(done -> firstRole.tryComplete());
            });
            if (!role.active()) {
                reportRole(false);
                firstRole.tryComplete();
            }
            return firstRole.future();
        }).onSuccess(v -> {
            vertx.setPeriodic(config.tickInterval().toMillis(), id -> engine.tick());
            LOG.info("Algorithmic execution engine ready (TWAP / VWAP / POV, a decision every {} ms)", config.sliceInterval().toMillis());
        });
    }

    @Override
    public Future<?> stop() {
        if (role != null) {
            role.stop();
        }
        HealthRegistry.remove(vertx, COMPONENT);
        return Future.succeededFuture();
    }

    /** This node holds the role: answer on the algo address. */
    private Future<Void> activate() {
        requests = vertx.eventBus().consumer(Addresses.ALGO, this::handle);
        reportRole(true);
        return requests.completion();
    }

    /** Another node holds the role: stop answering, cancel what this engine still works on. */
    private Future<Void> standBy() {
        MessageConsumer<Object> registered = requests;
        requests = null;
        int cancelled = engine.cancelAll(HANDED_OVER);
        if (cancelled > 0) {
            LOG.warn("Algo role handed over to another node: {} working master order(s) cancelled", cancelled);
        }
        reportRole(false);
        return registered == null ? Future.succeededFuture() : registered.unregister();
    }

    private void reportRole(boolean active) {
        HealthRegistry.report(vertx, COMPONENT, "UP", new JsonObject()
                .put("slice-interval-ms", config.sliceInterval().toMillis())
                .put("role", active ? "active" : "standby"));
    }

    private void handle(Message<Object> message) {
        Object body = message.body();
        try {
            if (body instanceof CreateMasterOrder create) {
                message.reply(engine.create(create));
            } else if (body instanceof MasterOrderAction action) {
                message.reply(engine.act(action));
            } else if (body instanceof QueryMasterOrders query) {
                message.reply(engine.list(query));
            } else if (body instanceof QueryAlgoFills query) {
                message.reply(engine.fills(query));
            } else {
                message.fail(ErrorCode.UNSUPPORTED.code(), "Unsupported request");
            }
        } catch (RejectedException e) {
            message.fail(e.code().code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Master-order request {} failed", body == null ? null : body.getClass().getSimpleName(), e);
            message.fail(ErrorCode.INTERNAL.code(), "Internal error");
        }
    }

    /** A child order on the bus; a refusal becomes a {@link RejectedException} with the venue's code. */
    private Future<OrderView> submit(String address, io.tradewire.model.command.SubmitOrder order) {
        return vertx.eventBus().<OrderView>request(address, order).map(Message::body).recover(e -> {
            if (e instanceof ReplyException reply) {
                switch (reply.failureType()) {
                    case RECIPIENT_FAILURE:
                        return Future.failedFuture(new RejectedException(ErrorCode.of(reply.failureCode()), reply.getMessage()));
                    case TIMEOUT:
                        return Future.failedFuture(new RejectedException(ErrorCode.TIMEOUT, "The venue did not answer in time"));
                    default:
                        return Future.failedFuture(new RejectedException(ErrorCode.UNAVAILABLE, "No venue or broker at " + address));
                }
            }
            return Future.failedFuture(e);
        });
    }
}
