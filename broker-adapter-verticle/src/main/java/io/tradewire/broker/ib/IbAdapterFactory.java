package io.tradewire.broker.ib;

import io.tradewire.broker.spi.BrokerAdapter;
import io.tradewire.broker.spi.BrokerAdapterFactory;
import io.tradewire.broker.spi.BrokerSettings;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;

/** {@code brokers.ib}: Interactive Brokers through the Client Portal Web API gateway. */
public final class IbAdapterFactory implements BrokerAdapterFactory {
    @Override
    public String name() {
        return IbMapper.BROKER;
    }

    @Override
    public BrokerAdapter create(Vertx vertx, BrokerSettings settings, ConfigReader section) {
        return new IbAdapter(vertx, settings, IbConfig.from(section));
    }
}
