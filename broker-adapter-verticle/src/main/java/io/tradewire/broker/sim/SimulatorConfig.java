package io.tradewire.broker.sim;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.time.Duration;

/**
 * {@code broker.simulator.*}: a market maker quoting {@code levels} price levels of {@code quantity} lots on
 * each side, {@code spread-ticks} apart, around a mid price that takes a random step each {@code interval};
 * a taker that sends a one-lot market order with probability {@code taker-probability} per interval.
 */
public record SimulatorConfig(boolean enabled, String marketMaker, String taker, Duration interval, int spreadTicks,
        int levels, int quantity, double takerProbability, long seed) {

    public static SimulatorConfig from(ConfigReader section) {
        SimulatorConfig config = new SimulatorConfig(
                section.bool("enabled", true),
                section.string("user", "sim-mm"),
                section.string("taker-user", "sim-taker"),
                section.duration("interval", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1)),
                section.integer("spread-ticks", 5, 1, 10_000),
                section.integer("levels", 3, 1, 50),
                section.integer("quantity", 5, 1, 1_000_000),
                section.integer("taker-probability-percent", 30, 0, 100) / 100.0,
                section.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE));
        if (!StreamKeys.isValidSegment(config.marketMaker()) || !StreamKeys.isValidSegment(config.taker())) {
            throw new ConfigException(section.key("user"), "simulator user ids must match " + StreamKeys.SEGMENT);
        }
        return config;
    }
}
