package io.tradewire.broker.sim;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * {@code market.simulator.*}: each step (there are {@code rate} steps per second) the mid price of every venue instrument
 * takes a random-walk step whose standard deviation is {@code volatility} (a fraction of the price: 0.0005 = 5 bp per
 * step); a market maker re-quotes {@code levels} price levels of {@code quantity} lots on each side, {@code spread-ticks}
 * apart, around it; a taker sends a one-lot market order with probability {@code taker-probability-percent} per step.
 * {@code seed} 0 draws a new walk on every start; any other value replays the same walk per instrument.
 *
 * <p>The keys used to live under {@code broker.simulator.*} (with {@code interval} instead of {@code rate}); that section
 * still works as a deprecated alias whose keys win over {@code market.simulator.*}, with a warning.
 */
public record SimulatorConfig(boolean enabled, String marketMaker, String taker, Duration interval, int spreadTicks,
        int levels, int quantity, double takerProbability, long seed, double volatility) {

    public static final String SECTION = "market.simulator";
    public static final String DEPRECATED_SECTION = "broker.simulator";
    public static final double DEFAULT_VOLATILITY = 0.0005;

    /** A configuration with the default volatility. */
    public SimulatorConfig(boolean enabled, String marketMaker, String taker, Duration interval, int spreadTicks, int levels,
            int quantity, double takerProbability, long seed) {
        this(enabled, marketMaker, taker, interval, spreadTicks, levels, quantity, takerProbability, seed, DEFAULT_VOLATILITY);
    }

    /** {@code market.simulator}, overlaid by the deprecated {@code broker.simulator} when a configuration still sets it. */
    public static SimulatorConfig from(JsonObject root, Logger log) {
        JsonObject merged = ConfigReader.of(root, SECTION).copyOfValues();
        JsonObject deprecated = ConfigReader.of(root, DEPRECATED_SECTION).copyOfValues();
        if (!deprecated.isEmpty()) {
            log.warn("Configuration keys {}.* are deprecated: use {}.* ({} instead of interval)", DEPRECATED_SECTION, SECTION, "rate");
            merged.mergeIn(deprecated);
        }
        ConfigReader section = ConfigReader.of(new JsonObject().put("market", new JsonObject().put("simulator", merged)), SECTION);
        SimulatorConfig config = from(section);
        section.warnUnknown(log);
        return config;
    }

    public static SimulatorConfig from(ConfigReader section) {
        Duration interval = section.has("interval")
                ? section.duration("interval", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1))
                : Duration.ofNanos(Math.round(1e9 / section.decimal("rate", java.math.BigDecimal.ONE).doubleValue()));
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException(section.key("rate"), "steps per second must be between 1/3600 and 100");
        }
        double volatility = section.decimal("volatility", java.math.BigDecimal.valueOf(DEFAULT_VOLATILITY)).doubleValue();
        if (!(volatility >= 0 && volatility <= 0.1)) {
            throw new ConfigException(section.key("volatility"), "must be between 0 and 0.1 (a fraction of the price per step)");
        }
        SimulatorConfig config = new SimulatorConfig(
                section.bool("enabled", true),
                section.string("user", "sim-mm"),
                section.string("taker-user", "sim-taker"),
                interval,
                section.integer("spread-ticks", 5, 1, 10_000),
                section.integer("levels", 3, 1, 50),
                section.integer("quantity", 5, 1, 1_000_000),
                section.integer("taker-probability-percent", 30, 0, 100) / 100.0,
                section.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE),
                volatility);
        if (!StreamKeys.isValidSegment(config.marketMaker()) || !StreamKeys.isValidSegment(config.taker())) {
            throw new ConfigException(section.key("user"), "simulator user ids must match " + StreamKeys.SEGMENT);
        }
        return config;
    }
}
