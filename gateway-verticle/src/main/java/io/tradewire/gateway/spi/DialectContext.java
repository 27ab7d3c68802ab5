package io.tradewire.gateway.spi;

import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.config.ConfigReader;

/**
 * What a codec may know about the deployment.
 *
 * @param section the dialect's own configuration section ({@code gateway.<name>}); read dialect-specific keys here
 */
public record DialectContext(InstrumentDirectory instruments, ConfigReader section) {
}
