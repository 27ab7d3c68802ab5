package io.tradewire.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A tradable instrument as configured.
 *
 * @param symbol         identifier used on every wire ({@code IX2301}, {@code AAPL}, {@code BTCUSDT})
 * @param kind           stock, crypto, futures, options or commodity
 * @param route          where orders go: {@code venue} (the in-house venue) or a broker name
 * @param tickSize       smallest price increment
 * @param lotSize        smallest quantity increment
 * @param multiplier     contract multiplier (notional = price × quantity × multiplier)
 * @param marginRate     share of the notional held as margin (1 for fully funded cash instruments)
 * @param currency       settlement currency
 * @param referencePrice a sensible starting price (mark before the first trade, simulator anchor)
 * @param region         market region for overviews ({@code market.<region>.summary}), e.g. {@code US}, {@code CN}
 */
public record Instrument(
        String symbol,
        InstrumentKind kind,
        String route,
        BigDecimal tickSize,
        BigDecimal lotSize,
        BigDecimal multiplier,
        BigDecimal marginRate,
        String currency,
        BigDecimal referencePrice,
        String region) {

    public static final String VENUE_ROUTE = "venue";

    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(route, "route");
        requirePositive(tickSize, "tick-size");
        requirePositive(lotSize, "lot-size");
        requirePositive(multiplier, "multiplier");
        requirePositive(marginRate, "margin-rate");
        requirePositive(referencePrice, "reference-price");
        if (marginRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("margin-rate of " + symbol + " must be at most 1");
        }
        if (!StreamKeys.isValidSegment(region)) {
            throw new IllegalArgumentException("region '" + region + "' of " + symbol + " must match " + StreamKeys.SEGMENT);
        }
        if (!StreamKeys.isValidSegment(symbol)) {
            throw new IllegalArgumentException("instrument symbol '" + symbol + "' must match " + StreamKeys.SEGMENT);
        }
    }

    public boolean routedToVenue() {
        return VENUE_ROUTE.equals(route);
    }

    private static void requirePositive(BigDecimal value, String name) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
