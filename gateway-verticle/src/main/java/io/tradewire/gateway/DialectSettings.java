package io.tradewire.gateway;

import io.tradewire.gateway.spi.DialectDefaults;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.Duration;

/** A dialect's listener settings after configuration: {@code gateway.<dialect>.path|ping-interval|idle-timeout}. */
public record DialectSettings(String path, Duration pingInterval, Duration idleTimeout) {

    static DialectSettings from(ConfigReader section, DialectDefaults defaults) {
        String path = section.string("path", defaults.path());
        if (!path.startsWith("/") || path.contains(" ")) {
            throw new ConfigException(section.key("path"), "must be an absolute path, got '" + path + "'");
        }
        Duration ping = section.duration("ping-interval", defaults.pingInterval(), Duration.ofMillis(100), Duration.ofMinutes(10));
        Duration idle = section.duration("idle-timeout", defaults.idleTimeout(), Duration.ofMillis(200), Duration.ofHours(1));
        if (idle.compareTo(ping) <= 0) {
            throw new ConfigException(section.key("idle-timeout"), "must be longer than ping-interval (" + ping + ")");
        }
        return new DialectSettings(path, ping, idle);
    }
}
