package io.tradewire.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.Optional;

/**
 * The node's meter registry: whoever builds the Vert.x instance installs it (with {@code metrics.enabled}),
 * verticles record their meters in {@link #registry}, and {@code /metrics} renders it. Without one (metrics
 * disabled, or a verticle under test on a plain Vert.x instance) meters go to a registry that keeps nothing.
 * Labels never carry user ids, order ids or tokens: only names from a small fixed set (dialect, message type,
 * command, venue, component, outcome).
 */
public final class NodeMetrics {
    private static final String MAP = "tradewire.metrics";
    private static final String KEY = "registry";
    /** A composite without members: its meters record nothing. */
    private static final MeterRegistry NONE = new CompositeMeterRegistry();

    /** The histogram buckets of every latency timer, 50 µs to 5 s, so that dashboards can read all of them alike. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofNanos(2_500_000_000L), Duration.ofSeconds(5)};

    private static final ClassValue<String> TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String camel = type.getSimpleName();
            StringBuilder snake = new StringBuilder(camel.length() + 4);
            for (int i = 0; i < camel.length(); i++) {
                char c = camel.charAt(i);
                if (Character.isUpperCase(c) && i > 0) {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            }
            return snake.toString();
        }
    };

    private record Installed(MeterRegistry registry) implements Shareable {
    }

    private NodeMetrics() {
    }

    /** Makes {@code registry} this Vert.x instance's registry (at build time, before any verticle starts). */
    public static void install(Vertx vertx, MeterRegistry registry) {
        vertx.sharedData().<String, Installed>getLocalMap(MAP).put(KEY, new Installed(registry));
    }

    /** The registry installed for this Vert.x instance, if any. */
    public static Optional<MeterRegistry> installed(Vertx vertx) {
        LocalMap<String, Installed> map = vertx.sharedData().getLocalMap(MAP);
        Installed installed = map.get(KEY);
        return installed == null ? Optional.empty() : Optional.of(installed.registry());
    }

    /** A latency timer with the common histogram buckets ({@code <name>_seconds_bucket{le=...}} in Prometheus). */
    public static Timer.Builder latency(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS);
    }

    /** The label of a message type: its record's name in snake case ({@code SubmitOrder} → {@code submit_order}). */
    public static String typeName(Class<?> type) {
        return TYPE_NAMES.get(type);
    }

    /** The registry to record in: the installed one, or one that keeps nothing. */
    public static MeterRegistry registry(Vertx vertx) {
        return installed(vertx).orElse(NONE);
    }
}
