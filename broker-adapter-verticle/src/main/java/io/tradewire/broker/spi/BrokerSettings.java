package io.tradewire.broker.spi;

import io.tradewire.broker.Backoff;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.Duration;

/**
 * What every broker section has: the Tradewire user that owns the broker account ({@code user}: its orders, fills,
 * positions and balances are that user's streams, and only that user may trade through the broker), the reconnect
 * backoff ({@code reconnect-initial} doubling up to {@code reconnect-max}, with jitter) and the REST request timeout (keep it
 * below {@code gateway.request-timeout}: a broker's answer that comes after the gateway gave up reaches the client only
 * through the order's pushes).
 */
public record BrokerSettings(String name, String user, Duration reconnectInitial, Duration reconnectMax, Duration requestTimeout) {

    public static BrokerSettings from(String name, ConfigReader section) {
        String user = section.string("user", null);
        if (user == null || !StreamKeys.isValidSegment(user)) {
            throw new ConfigException(section.key("user"), "the Tradewire user owning the broker account is required and must match "
                    + StreamKeys.SEGMENT);
        }
        return new BrokerSettings(name, user,
                section.duration("reconnect-initial", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(5)),
                section.duration("reconnect-max", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofHours(1)),
                section.duration("request-timeout", Duration.ofSeconds(4), Duration.ofMillis(100), Duration.ofMinutes(5)));
    }

    /** A fresh reconnect backoff between {@link #reconnectInitial} and {@link #reconnectMax}, with jitter. */
    public Backoff backoff() {
        return new Backoff(reconnectInitial, reconnectMax, new java.util.Random());
    }

    /** The client order id a broker order is sent with: the client's own, or a generated one ({@code tw} + 32 hex digits). */
    public static String clientOrderId(String given) {
        return given != null ? given : "tw" + java.util.UUID.randomUUID().toString().replace("-", "");
    }
}
