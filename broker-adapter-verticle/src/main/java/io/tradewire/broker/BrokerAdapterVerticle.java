package io.tradewire.broker;

import io.tradewire.broker.sim.SimulatorConfig;
import io.tradewire.broker.sim.SimulatorVerticle;
import io.tradewire.broker.spi.BrokerAdapterFactory;
import io.tradewire.broker.spi.BrokerSettings;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that trades from outside the venue, as child verticles: the simulated market ({@code market.simulator.*})
 * and one {@link BrokerVerticle} per enabled broker ({@code brokers.<name>.enabled}, the adapter found by name among the
 * {@link BrokerAdapterFactory} services). Undeploying this verticle undeploys them.
 */
public final class BrokerAdapterVerticle extends VerticleBase {
    public static final String COMPONENT = "broker";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAdapterVerticle.class);

    @Override
    public Future<?> start() {
        BusCodecs.ensureRegistered(vertx);
        ConfigReader legacy = ConfigReader.of(config(), "broker");
        legacy.ignore("simulator");
        legacy.warnUnknown(LOG);
        SimulatorConfig simulator = SimulatorConfig.from(config(), LOG);
        InstrumentDirectory instruments = InstrumentDirectory.fromConfig(ConfigReader.of(config(), ""));
        String venue = ConfigReader.of(config(), "matching").string("venue", "tradewire");
        List<Instrument> simulated = instruments.all().stream().filter(Instrument::routedToVenue).collect(Collectors.toList());

        List<Deployable> children = new ArrayList<>();
        JsonObject details = new JsonObject().put("simulator", simulator.enabled() && !simulated.isEmpty());
        if (simulator.enabled() && !simulated.isEmpty()) {
            children.add(new SimulatorVerticle(simulator, simulated, venue));
            details.put("simulated-instruments", simulated.size());
        }
        List<String> brokers = new ArrayList<>();
        children.addAll(brokerVerticles(brokers));
        details.put("brokers", brokers);

        Future<Void> chain = Future.succeededFuture();
        for (Deployable child : children) {
            chain = chain.compose(v -> vertx.deployVerticle(child).mapEmpty());
        }
        return chain.onSuccess(v -> HealthRegistry.report(vertx, COMPONENT, "UP", details));
    }

    @Override
    public Future<?> stop() {
        HealthRegistry.remove(vertx, COMPONENT);
        return Future.succeededFuture();
    }

    /** One verticle per enabled broker section; an enabled broker without an adapter fails the deployment. */
    private List<Deployable> brokerVerticles(List<String> names) {
        Map<String, BrokerAdapterFactory> factories = new TreeMap<>();
        ServiceLoader.load(BrokerAdapterFactory.class, getClass().getClassLoader()).forEach(f -> factories.put(f.name(), f));
        ConfigReader brokers = ConfigReader.of(config(), "brokers");
        List<Deployable> verticles = new ArrayList<>();
        for (String name : brokers.keys()) {
            ConfigReader section = brokers.section(name);
            if (!section.bool("enabled", false)) {
                continue;
            }
            BrokerAdapterFactory factory = factories.get(name);
            if (factory == null) {
                throw new ConfigException(section.key("enabled"), "no adapter for broker '" + name + "' (known: " + factories.keySet() + ")");
            }
            BrokerSettings settings = BrokerSettings.from(name, section);
            section.ignore("symbols", "instruments", "kind");
            verticles.add(new BrokerVerticle(factory.create(vertx, settings, section), settings.user()));
            section.warnUnknown(LOG);
            names.add(name);
        }
        return verticles;
    }
}
