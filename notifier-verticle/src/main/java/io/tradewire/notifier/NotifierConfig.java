package io.tradewire.notifier;

import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The notifier's configuration: {@code notifier.query-timeout} (how long a snapshot may wait for the venue),
 * {@code notifier.history.*} (what is kept for clients that resume), {@code notifier.beacon-interval} (how soon
 * after a stream's last message its latest sequence number is published, so that a lost last message is noticed;
 * 0: never), {@code notifier.handover-delay} (in a cluster, how long a notifier waits before serving a partition
 * that a live notifier served until a node joined, so that the previous owner has seen the join and stopped first),
 * {@code notifier.pacing.<kind>} (how often at most a market stream of that kind is sent, see {@link Pacing}; 0: every
 * message), plus the venue name and instruments it bootstraps stream states from.
 */
record NotifierConfig(Duration queryTimeout, HistoryConfig history, Duration beaconInterval, Duration handoverDelay,
        Map<String, Duration> pacing, String venue, InstrumentDirectory instruments) {

    static final Duration DEFAULT_BEACON_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_HANDOVER_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_HANDOVER_DELAY = Duration.ofSeconds(30);
    /** Bars at most once a second each (a fill updates nine of them): the pace of public exchanges' kline streams. */
    static final Map<String, Duration> DEFAULT_PACING = Map.of("bar", Duration.ofSeconds(1), "book", Duration.ZERO,
            "ticker", Duration.ZERO, "summary", Duration.ZERO);
    static final Duration MIN_PACING = Duration.ofMillis(10);

    static NotifierConfig from(JsonObject root, Logger log) {
        ConfigReader notifier = ConfigReader.of(root, "notifier");
        NotifierConfig config = new NotifierConfig(
                notifier.duration("query-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1)),
                HistoryConfig.from(notifier.section("history")),
                beaconInterval(notifier),
                notifier.duration("handover-delay", DEFAULT_HANDOVER_DELAY, Duration.ZERO, MAX_HANDOVER_DELAY),
                pacing(notifier.section("pacing")),
                ConfigReader.of(root, "matching").string("venue", "tradewire"),
                InstrumentDirectory.fromConfig(ConfigReader.of(root, "")));
        notifier.warnUnknown(log);
        return config;
    }

    private static Map<String, Duration> pacing(ConfigReader pacing) {
        Map<String, Duration> intervals = new LinkedHashMap<>();
        for (String kind : Pacing.KINDS) {
            Duration interval = pacing.duration(kind, DEFAULT_PACING.get(kind), Duration.ZERO, Duration.ofMinutes(1));
            if (!interval.isZero() && interval.compareTo(MIN_PACING) < 0) {
                throw new ConfigException(pacing.key(kind), "must be 0 (every message) or at least 10ms");
            }
            intervals.put(kind, interval);
        }
        return Map.copyOf(intervals);
    }

    private static Duration beaconInterval(ConfigReader notifier) {
        Duration interval = notifier.duration("beacon-interval", DEFAULT_BEACON_INTERVAL, Duration.ZERO, Duration.ofMinutes(1));
        if (!interval.isZero() && interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new ConfigException(notifier.key("beacon-interval"), "must be 0 (off) or at least 10ms");
        }
        return interval;
    }
}
