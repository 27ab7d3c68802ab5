package io.tradewire.broker.bybit;

import io.tradewire.broker.spi.BrokerAdapter;
import io.tradewire.broker.spi.BrokerAdapterFactory;
import io.tradewire.broker.spi.BrokerSettings;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;

/** {@code brokers.bybit}: the Bybit v5 adapter. */
public final class BybitAdapterFactory implements BrokerAdapterFactory {
    @Override
    public String name() {
        return BybitMapper.BROKER;
    }

    @Override
    public BrokerAdapter create(Vertx vertx, BrokerSettings settings, ConfigReader section) {
        return new BybitAdapter(vertx, settings, BybitConfig.from(section));
    }
}
