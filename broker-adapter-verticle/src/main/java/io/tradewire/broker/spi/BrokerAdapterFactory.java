package io.tradewire.broker.spi;

import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;

/**
 * Creates the adapter of one broker from its configuration section {@code brokers.<name>}. Found with
 * {@link java.util.ServiceLoader}: adding a broker is a package plus one line in
 * {@code META-INF/services/io.tradewire.broker.spi.BrokerAdapterFactory}; {@code brokers.<name>.enabled} chooses it.
 */
public interface BrokerAdapterFactory {
    String name();

    /** Reads the section into a typed configuration (failing on invalid values) and creates the adapter. */
    BrokerAdapter create(Vertx vertx, BrokerSettings settings, ConfigReader section);
}
