package io.tradewire.broker;

import io.tradewire.broker.sim.SimulatedMarket;
import io.tradewire.broker.sim.SimulatorConfig;
import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker side of the mesh. For now it runs the simulated market that keeps the embedded demo venue
 * alive (quotes and trades around each instrument's reference price); the Bybit and Interactive Brokers
 * adapters plug in here behind the same command and event contract.
 */
public final class BrokerAdapterVerticle extends VerticleBase {
    public static final String COMPONENT = "broker";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAdapterVerticle.class);

    private SimulatorConfig simulator;
    private String venueAddress;
    private SimulatedMarket market;
    private boolean stepping;

    @Override
    public Future<?> start() {
        BusCodecs.ensureRegistered(vertx);
        ConfigReader broker = ConfigReader.of(config(), "broker");
        simulator = SimulatorConfig.from(broker.section("simulator"));
        broker.warnUnknown(LOG);
        InstrumentDirectory instruments = InstrumentDirectory.fromConfig(ConfigReader.of(config(), ""));
        venueAddress = Addresses.matching(ConfigReader.of(config(), "matching").string("venue", "tradewire"));
        List<Instrument> simulated = instruments.all().stream().filter(Instrument::routedToVenue).collect(Collectors.toList());
        JsonObject details = new JsonObject().put("simulator", simulator.enabled());
        if (!simulator.enabled() || simulated.isEmpty()) {
            HealthRegistry.report(vertx, COMPONENT, "UP", details);
            return Future.succeededFuture();
        }
        Random random = simulator.seed() == 0 ? new Random() : new Random(simulator.seed());
        market = new SimulatedMarket(simulator, simulated, random);
        MessageConsumer<Event> fills = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
            if (message.body() instanceof TradeExecuted trade) {
                market.onTrade(trade);
            }
        });
        return fills.completion().onSuccess(v -> {
            vertx.setPeriodic(simulator.interval().toMillis(), id -> step());
            HealthRegistry.report(vertx, COMPONENT, "UP", details.put("simulated-instruments", simulated.size()));
            LOG.info("Simulated market quoting {} instruments as {} / {}", simulated.size(), simulator.marketMaker(), simulator.taker());
        });
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        return Future.succeededFuture();
    }

    /** One step: refresh the simulator's positions from the venue, then send its orders in sequence. */
    private void step() {
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
