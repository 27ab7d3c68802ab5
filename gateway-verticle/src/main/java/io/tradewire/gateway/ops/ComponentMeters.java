package io.tradewire.gateway.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The node's components as {@code HealthRegistry} reports them, whatever they are (venues, the notifier, broker
 * adapters): {@code tradewire_component_up} (1 when UP or DISABLED) and, for every broker adapter and any component whose
 * health details carry a {@code reconnects} count, {@code tradewire_component_reconnects_total} (0 while it reports none). A component that appears later gets its
 * meters at the next {@link #refresh}; one that goes away reads 0 (not up).
 */
final class ComponentMeters {
    static final String UP = "tradewire.component.up";
    static final String RECONNECTS = "tradewire.component.reconnects";

    private final MeterRegistry registry;
    private final Set<String> known = new HashSet<>();
    private final Set<String> reconnecting = new HashSet<>();
    private volatile JsonObject components = new JsonObject();

    ComponentMeters(MeterRegistry registry) {
        this.registry = registry;
        // Meters of a gateway deployed before on this node read that gateway's snapshot: replace them.
        List.of(UP, RECONNECTS).forEach(name -> registry.find(name).meters().forEach(registry::remove));
    }

    /** Takes the current health snapshot and registers the meters of components seen for the first time. */
    void refresh(JsonObject snapshot) {
        components = snapshot;
        for (String name : snapshot.fieldNames()) {
            if (known.add(name)) {
                Gauge.builder(UP, this, meters -> meters.up(name) ? 1 : 0)
                        .description("1 when the component reports UP (or DISABLED on purpose), else 0").tag("component", name)
                        .register(registry);
            }
            boolean reports = snapshot.getValue(name) instanceof JsonObject details && details.getValue("reconnects") instanceof Number;
            if ((reports || Readiness.isBroker(name)) && reconnecting.add(name)) {
                FunctionCounter.builder(RECONNECTS, this, meters -> meters.reconnects(name))
                        .description("Reconnections the component reports since it started").tag("component", name)
                        .register(registry);
            }
        }
    }

    private boolean up(String name) {
        return components.getValue(name) instanceof JsonObject details && Readiness.isUp(details.getString("status"));
    }

    private double reconnects(String name) {
        return components.getValue(name) instanceof JsonObject details && details.getValue("reconnects") instanceof Number n
                ? n.doubleValue() : 0;
    }
}
