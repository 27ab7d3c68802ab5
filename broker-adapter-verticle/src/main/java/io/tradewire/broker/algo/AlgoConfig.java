package io.tradewire.broker.algo;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code algo.*}: the algorithmic execution engine. It wakes every {@code tick-interval}; a master order gets one
 * decision point (at most one child order) per {@code slice-interval} of its duration. {@code vwap-profile} is the
 * expected volume of equal parts of a VWAP order's duration, as relative weights.
 *
 * @param venue the default in-house venue's name ({@code matching.venue}): {@code exchange=Tradewire} routes a child
 *              order to the in-house venue that trades its instrument, this one for route {@code venue}
 */
public record AlgoConfig(Duration tickInterval, Duration sliceInterval, Duration minDuration, Duration maxDuration,
        List<BigDecimal> vwapProfile, int maxActivePerUser, int maxFinishedPerUser, String venue) {

    /** A U-shaped intraday profile: busier at the start and at the end. */
    static final List<String> DEFAULT_VWAP_PROFILE = List.of("14", "11", "9", "8", "7", "7", "8", "9", "11", "16");

    public AlgoConfig {
        vwapProfile = List.copyOf(vwapProfile);
    }

    public static AlgoConfig from(ConfigReader section, String venue) {
        List<BigDecimal> profile = new ArrayList<>();
        for (String weight : section.stringList("vwap-profile", DEFAULT_VWAP_PROFILE)) {
            try {
                BigDecimal value = new BigDecimal(weight.trim());
                if (value.signum() < 0) {
                    throw new NumberFormatException();
                }
                profile.add(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(section.key("vwap-profile"), "weights must be non-negative numbers, got '" + weight + "'");
            }
        }
        if (profile.isEmpty() || profile.stream().allMatch(w -> w.signum() == 0)) {
            throw new ConfigException(section.key("vwap-profile"), "needs at least one positive weight");
        }
        return new AlgoConfig(
                section.duration("tick-interval", Duration.ofMillis(250), Duration.ofMillis(10), Duration.ofMinutes(1)),
                section.duration("slice-interval", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofHours(1)),
                section.duration("min-duration", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofDays(7)),
                section.duration("max-duration", Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofDays(30)),
                profile,
                section.integer("max-active-per-user", 50, 1, 100_000),
                section.integer("max-finished-per-user", 500, 0, 1_000_000),
                venue);
    }
}
