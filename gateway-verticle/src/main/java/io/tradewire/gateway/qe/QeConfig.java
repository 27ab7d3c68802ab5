package io.tradewire.gateway.qe;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.Duration;

/**
 * {@code gateway.qe.*} beyond the dialect's path, ping interval and idle timeout.
 *
 * @param listenKeyTtl      how long a listen key opens WebSockets ({@code listen-key-ttl}, 24 h)
 * @param defaultRecvWindow a signed request's validity when it names no {@code recvWindow} (5 s)
 * @param maxRecvWindow     the largest {@code recvWindow} a request may name (60 s, as the SDK documents)
 * @param maxClockAhead     how far a request's {@code timestamp} may be ahead of the server's clock (1 s)
 */
public record QeConfig(Duration listenKeyTtl, Duration defaultRecvWindow, Duration maxRecvWindow, Duration maxClockAhead) {

    public static QeConfig from(ConfigReader section) {
        QeConfig config = new QeConfig(
                section.duration("listen-key-ttl", Duration.ofHours(24), Duration.ofSeconds(10), Duration.ofDays(7)),
                section.duration("default-recv-window", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10)),
                section.duration("max-recv-window", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofMinutes(10)),
                section.duration("max-clock-ahead", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1)));
        // A known key of this section: the API key store's directory, which QeRoutes and the CLI resolve with
        // ApiKeyStore.dirOf (it falls back to the data dir).
        section.string("api-key-dir", "");
        if (config.defaultRecvWindow().compareTo(config.maxRecvWindow()) > 0) {
            throw new ConfigException(section.key("default-recv-window"), "must not exceed max-recv-window");
        }
        return config;
    }
}
