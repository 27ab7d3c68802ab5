package io.tradewire.gateway.spi;

import java.time.Duration;

/**
 * A dialect's defaults, each overridable in its configuration section.
 *
 * @param path         WebSocket path
 * @param pingInterval how often the server sends a WebSocket ping frame
 * @param idleTimeout  how long a socket may stay silent (no frame at all, pongs included) before it is closed
 */
public record DialectDefaults(String path, Duration pingInterval, Duration idleTimeout) {
}
