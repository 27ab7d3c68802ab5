package io.tradewire.notifier;

import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The notifier's configuration: {@code notifier.query-timeout} (how long a snapshot may wait for the venue),
 * {@code notifier.history.*} (what is kept for clients that resume), {@code notifier.beacon-interval} (how soon
 * after a stream's last message its latest sequence number is published, so that a lost last message is noticed;
 * 0: never), plus the venue name and instruments it bootstraps stream states from.
 */
record NotifierConfig(Duration queryTimeout, HistoryConfig history, Duration beaconInterval, String venue,
        InstrumentDirectory instruments) {

    static final Duration DEFAULT_BEACON_INTERVAL = Duration.ofSeconds(1);

    static NotifierConfig from(JsonObject root, Logger log) {
        ConfigReader notifier = ConfigReader.of(root, "notifier");
        NotifierConfig config = new NotifierConfig(
                notifier.duration("query-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1)),
                HistoryConfig.from(notifier.section("history")),
                beaconInterval(notifier),
                ConfigReader.of(root, "matching").string("venue", "tradewire"),
                InstrumentDirectory.fromConfig(ConfigReader.of(root, "")));
        notifier.warnUnknown(log);
        return config;
    }

    private static Duration beaconInterval(ConfigReader notifier) {
        Duration interval = notifier.duration("beacon-interval", DEFAULT_BEACON_INTERVAL, Duration.ZERO, Duration.ofMinutes(1));
        if (!interval.isZero() && interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new ConfigException(notifier.key("beacon-interval"), "must be 0 (off) or at least 10ms");
        }
        return interval;
    }
}
