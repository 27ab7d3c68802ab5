package io.tradewire.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tradewire.gateway.session.SessionMetrics;
import io.tradewire.gateway.session.Sessions;
import io.tradewire.model.NodeMetrics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's meters: sessions and outbound queue depth per dialect (gauges), frames in and out per dialect
 * and type, dropped frames, and the round trip of requests over the event bus. Gauges read values copied
 * from {@link Sessions} on the gateway's event loop by {@link #refresh()} (called before each scrape), so the
 * registry never reads the sessions from another thread.
 */
final class GatewayMeters implements SessionMetrics {
    static final String SESSIONS = "tradewire.gateway.sessions";
    static final String STREAMS = "tradewire.gateway.streams";
    static final String FRAMES_RECEIVED = "tradewire.gateway.frames.received";
    static final String FRAMES_SENT = "tradewire.gateway.frames.sent";
    static final String QUEUED_FRAMES = "tradewire.gateway.outbound.queue.frames";
    static final String DROPPED_FRAMES = "tradewire.gateway.outbound.dropped.frames";
    static final String BUS_REQUEST = "tradewire.gateway.bus.request";
    /** Why frames are dropped today: a slow consumer's socket closed, or too many pushes held while a snapshot was on its way. */
    static final List<String> DROP_REASONS = List.of("slow_consumer", "snapshot_backlog", "conflated", "throttled");

    private final MeterRegistry registry;
    private final Sessions sessions;
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> queued = new ConcurrentHashMap<>();
    private final AtomicLong streams = new AtomicLong();
    /** Counters by name, dialect and type (or reason): looked up on every frame, so without building a key. */
    private final Map<String, Map<String, Map<String, Counter>>> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    GatewayMeters(MeterRegistry registry, Sessions sessions, Collection<String> dialects) {
        this.registry = registry;
        this.sessions = sessions;
        // A gateway deployed again on this node reads its own sessions, not the gauges of the one before.
        List.of(SESSIONS, QUEUED_FRAMES, STREAMS).forEach(name -> registry.find(name).meters().forEach(registry::remove));
        for (String dialect : dialects) {
            Gauge.builder(SESSIONS, open.computeIfAbsent(dialect, d -> new AtomicLong()), AtomicLong::get)
                    .description("Open sessions").tag("dialect", dialect).register(registry);
            Gauge.builder(QUEUED_FRAMES, queued.computeIfAbsent(dialect, d -> new AtomicLong()), AtomicLong::get)
                    .description("Frames written to clients and not yet handed to the network").tag("dialect", dialect)
                    .register(registry);
            for (String reason : DROP_REASONS) {
                dropped(dialect, reason, 0); // present from the start, so that a rate over them reads 0 rather than nothing
            }
        }
        Gauge.builder(STREAMS, streams, AtomicLong::get).description("Streams this gateway consumes for its sessions")
                .register(registry);
    }

    /** Copies the session counts for the gauges; on the gateway's event loop. */
    void refresh() {
        Map<String, Integer> counts = sessions.countsByDialect();
        Map<String, Integer> depths = sessions.queuedFramesByDialect();
        open.forEach((dialect, value) -> value.set(counts.getOrDefault(dialect, 0)));
        queued.forEach((dialect, value) -> value.set(depths.getOrDefault(dialect, 0)));
        streams.set(sessions.streamCount());
    }

    @Override
    public void received(String dialect, String type) {
        counter(FRAMES_RECEIVED, "Client frames by what they turned out to be", "type", dialect, type).increment();
    }

    @Override
    public void sent(String dialect, String type, int frames) {
        counter(FRAMES_SENT, "Frames written to clients by message or event type", "type", dialect, type).increment(frames);
    }

    @Override
    public void dropped(String dialect, String reason, int frames) {
        counter(DROPPED_FRAMES, "Frames not delivered: the client did not read fast enough", "reason", dialect, reason)
                .increment(frames);
    }

    @Override
    public void busRequest(String address, String type, String outcome, long nanos) {
        timers.computeIfAbsent(address + '\n' + type + '\n' + outcome, key -> NodeMetrics.latency(BUS_REQUEST,
                        "Request/reply round trip over the event bus, from the gateway")
                .tag("address", address).tag("type", type).tag("outcome", outcome).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String description, String label, String dialect, String value) {
        Map<String, Counter> byValue = counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(dialect, d -> new ConcurrentHashMap<>());
        Counter counter = byValue.get(value);
        return counter != null ? counter : byValue.computeIfAbsent(value, v -> Counter.builder(name).description(description)
                .tag("dialect", dialect).tag(label, value).register(registry));
    }
}
