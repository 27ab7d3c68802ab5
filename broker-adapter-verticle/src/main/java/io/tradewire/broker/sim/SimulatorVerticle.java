package io.tradewire.broker.sim;

import io.tradewire.broker.ClusterSingleton;
import io.tradewire.model.Addresses;
import io.tradewire.model.Instrument;
import io.tradewire.model.VenueOrderIds;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.cluster.ClusterView;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.PositionView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated market on the in-house venues: every step it refreshes the simulator users' positions from every venue
 * that trades a simulated instrument, then sends the {@link SimulatedMarket}'s orders in sequence, as ordinary commands
 * on {@code matching.<venue>} of the instrument's venue ({@link Instrument#venue}; a cancel goes to the venue its order
 * id names, {@link VenueOrderIds}). A step needs every venue's positions: while one venue does not answer, the
 * simulator pauses (it would otherwise quote from positions it cannot see).
 * In a cluster only one node's simulator trades: the one that holds the {@code broker} role ({@link ClusterSingleton});
 * the others skip their steps until they take the role over.
 */
public final class SimulatorVerticle extends VerticleBase {
    /** The part whose role the simulator follows: it runs inside the broker verticle. */
    static final String PART = "broker";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);

    private final SimulatorConfig simulator;
    private final List<Instrument> instruments;
    private final String defaultVenue;
    /** The venues of the simulated instruments, in configuration order. */
    private final List<String> venues;
    private SimulatedMarket market;
    private boolean stepping;
    private ClusterSingleton role;

    /** @param venue the default venue ({@code matching.venue}): the one of instruments routed {@code venue} */
    public SimulatorVerticle(SimulatorConfig simulator, List<Instrument> instruments, String venue) {
        this.simulator = simulator;
        this.instruments = List.copyOf(instruments);
        this.defaultVenue = venue;
        this.venues = instruments.stream().map(i -> i.venue(venue)).filter(Objects::nonNull).distinct().toList();
    }

    @Override
    public Future<?> start() {
        market = new SimulatedMarket(simulator, instruments);
        MessageConsumer<Object> fills = vertx.eventBus().consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), event -> {
            if (event instanceof TradeExecuted trade) {
                market.onTrade(trade);
            }
        }));
        return fills.completion().onSuccess(v -> {
            role = ClusterSingleton.follow(ClusterView.of(vertx), PART, context, active -> { });
            vertx.setPeriodic(simulator.interval().toMillis(), id -> step());
            LOG.info("Simulated market quoting {} instruments on venues {} as {} / {}", instruments.size(), venues,
                    simulator.marketMaker(), simulator.taker());
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

    /** The user's positions on every venue, merged (an instrument trades on one venue only). */
    private Future<Void> positions(String user) {
        List<Future<PositionList>> each = venues.stream()
                .map(venue -> vertx.eventBus().<PositionList>request(Addresses.matching(venue), new QueryPositions(user, null))
                        .map(reply -> reply.body()))
                .toList();
        return Future.all(each).map(v -> {
            List<PositionView> merged = new ArrayList<>();
            each.forEach(reply -> merged.addAll(reply.result().positions()));
            market.updatePositions(user, new PositionList(merged));
            return null;
        });
    }

    /** The venue a simulator command goes to: its instrument's, or for a cancel the one its order id names. */
    private String addressOf(Command command) {
        if (command instanceof SubmitOrder submit) {
            for (Instrument instrument : instruments) {
                if (instrument.symbol().equals(submit.instrument())) {
                    return Addresses.matching(instrument.venue(defaultVenue));
                }
            }
        }
        String orderId = command instanceof CancelOrder cancel ? cancel.orderId() : null;
        String named = VenueOrderIds.venueOf(orderId);
        return Addresses.matching(named != null ? named : defaultVenue);
    }

    private Future<Void> send(Command command) {
        return vertx.eventBus().request(addressOf(command), command)
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
