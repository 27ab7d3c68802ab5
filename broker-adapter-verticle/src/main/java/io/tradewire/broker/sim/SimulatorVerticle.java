package io.tradewire.broker.sim;

import io.tradewire.broker.ClusterSingleton;
import io.tradewire.model.Addresses;
import io.tradewire.model.Instrument;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated market on the in-house venue: every step it refreshes the simulator users' positions from the venue,
 * then sends the {@link SimulatedMarket}'s orders in sequence, as ordinary commands on {@code matching.<venue>}.
 * In a cluster only one node's simulator trades: the one that holds the {@code broker} role ({@link ClusterSingleton});
 * the others skip their steps until they take the role over.
 */
public final class SimulatorVerticle extends VerticleBase {
    /** The part whose role the simulator follows: it runs inside the broker verticle. */
    static final String PART = "broker";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);

    private final SimulatorConfig simulator;
    private final List<Instrument> instruments;
    private final String venueAddress;
    private SimulatedMarket market;
    private boolean stepping;
    private ClusterSingleton role;

    public SimulatorVerticle(SimulatorConfig simulator, List<Instrument> instruments, String venue) {
        this.simulator = simulator;
        this.instruments = List.copyOf(instruments);
        this.venueAddress = Addresses.matching(venue);
    }

    @Override
    public Future<?> start() {
        market = new SimulatedMarket(simulator, instruments);
        MessageConsumer<Event> fills = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
            if (message.body() instanceof TradeExecuted trade) {
                market.onTrade(trade);
            }
        });
        return fills.completion().onSuccess(v -> {
            role = ClusterSingleton.follow(ClusterView.of(vertx), PART, context, active -> { });
            vertx.setPeriodic(simulator.interval().toMillis(), id -> step());
            LOG.info("Simulated market quoting {} instruments as {} / {}", instruments.size(), simulator.marketMaker(), simulator.taker());
        });
    }

    @Override
    public Future<?> stop() {
        if (role != null) {
            role.stop();
        }
        return Future.succeededFuture();
    }

    /** One step: refresh the simulator's positions from the venue, then send its orders in sequence. */
    private void step() {
        if (!role.active()) {
            return; // another node's simulator trades
        }
        if (stepping) {
            return; // the previous step is still waiting for the venue
        }
        stepping = true;
        Future.all(positions(simulator.marketMaker()), positions(simulator.taker()))
                .compose(v -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (Command command : market.step()) {
                        chain = chain.compose(ignored -> send(command));
                    }
                    return chain;
                })
                .onFailure(e -> LOG.debug("Simulator step failed: {}", e.getMessage()))
                .onComplete(done -> stepping = false);
    }

    private Future<Void> positions(String user) {
        return vertx.eventBus().<PositionList>request(venueAddress, new QueryPositions(user, null))
                .map(reply -> {
                    market.updatePositions(user, reply.body());
                    return null;
                });
    }

    private Future<Void> send(Command command) {
        return vertx.eventBus().request(venueAddress, command)
                .map(reply -> {
                    if (reply.body() instanceof OrderView order) {
                        market.onAccepted(order);
                    }
                    return (Void) null;
                })
                .recover(e -> {
                    LOG.debug("Simulator order refused: {}", e.getMessage());
                    return Future.succeededFuture();
                });
    }
}
