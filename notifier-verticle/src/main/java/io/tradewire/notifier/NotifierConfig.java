package io.tradewire.notifier;

import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The notifier's configuration: {@code notifier.query-timeout} (how long a snapshot may wait for the
 * venue), plus the venue name and instruments it bootstraps stream states from.
 */
record NotifierConfig(Duration queryTimeout, String venue, InstrumentDirectory instruments) {

    static NotifierConfig from(JsonObject root, Logger log) {
        ConfigReader notifier = ConfigReader.of(root, "notifier");
        NotifierConfig config = new NotifierConfig(
                notifier.duration("query-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1)),
                ConfigReader.of(root, "matching").string("venue", "tradewire"),
                InstrumentDirectory.fromConfig(ConfigReader.of(root, "")));
        notifier.warnUnknown(log);
        return config;
    }
}
