package io.tradewire.matching;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tradewire.model.NodeMetrics;
import io.tradewire.model.command.Command;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A venue's meters: commands by type and outcome (their rate is the venue's commands per second), the
 * acknowledgement latency of each command (from its arrival on the bus to its reply, journal fsync included),
 * and the journal's fsync latency and group size.
 */
final class VenueMeters {
    static final String COMMANDS = "tradewire.venue.commands";
    static final String ACK = "tradewire.venue.ack";
    static final String FSYNC = "tradewire.journal.fsync";
    static final String BATCH = "tradewire.journal.batch.records";

    private final MeterRegistry registry;
    private final String venue;
    /** Per command type, registered on first use: no key is built per command. */
    private final Map<Class<?>, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Class<?>, Timer> acks = new ConcurrentHashMap<>();
    private final Timer fsync;
    private final DistributionSummary batch;

    VenueMeters(MeterRegistry registry, String venue) {
        this.registry = registry;
        this.venue = venue;
        this.fsync = NodeMetrics.latency(FSYNC, "fsync of one group of journal records").tag("venue", venue).register(registry);
        this.batch = DistributionSummary.builder(BATCH).description("Journal records made durable by one fsync")
                .tag("venue", venue).register(registry);
    }

    /** A command was answered {@code nanos} after it arrived. */
    void answered(Class<? extends Command> type, boolean accepted, long nanos) {
        (accepted ? this.accepted : rejected).computeIfAbsent(type, t -> counter(t, accepted ? "accepted" : "rejected")).increment();
        acks.computeIfAbsent(type, t -> NodeMetrics.latency(ACK, "From a command's arrival to its reply (journal included)")
                .tag("venue", venue).tag("command", NodeMetrics.typeName(t)).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(Class<?> type, String outcome) {
        return Counter.builder(COMMANDS).description("Commands answered by the venue").tag("venue", venue)
                .tag("command", NodeMetrics.typeName(type)).tag("outcome", outcome).register(registry);
    }

    void synced(int records, long fsyncNanos) {
        fsync.record(fsyncNanos, TimeUnit.NANOSECONDS);
        batch.record(records);
    }
}
