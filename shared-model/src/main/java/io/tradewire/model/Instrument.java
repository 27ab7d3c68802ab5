package io.tradewire.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A tradable instrument as configured.
 *
 * @param symbol         identifier used on every wire ({@code IX2301}, {@code AAPL}, {@code BTCUSDT})
 * @param kind           stock, crypto, futures, options or commodity
 * @param route          where orders go: {@code venue} (the default in-house venue, {@code matching.venue}),
 *                       {@code venue:<name>} (the in-house venue {@code <name>}) or a broker name
 * @param tickSize       smallest price increment
 * @param lotSize        smallest quantity increment
 * @param multiplier     contract multiplier (notional = price × quantity × multiplier)
 * @param marginRate     share of the notional held as margin (1 for fully funded cash instruments)
 * @param currency       settlement currency
 * @param referencePrice a sensible starting price (mark before the first trade, simulator anchor)
 * @param region         market region for overviews ({@code market.<region>.summary}), e.g. {@code US}, {@code CN}
 * @param makerFeeRate   fee charged on the notional of every fill to the resting side (a fraction: 0.0002 = 2 bp), 0..0.1
 * @param takerFeeRate   fee charged on the notional of every fill to the incoming side, 0..0.1
 * @param priceBand      largest distance of a limit price from the last trade price (the reference price before
 *                       the first trade), as a fraction of it (0.1 = ±10 %); 0 = no band. At most 10
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
        String region,
        BigDecimal makerFeeRate,
        BigDecimal takerFeeRate,
        BigDecimal priceBand) {

    public static final String VENUE_ROUTE = "venue";
    /** Prefix of a route to a named in-house venue: {@code venue:<name>}. */
    public static final String NAMED_VENUE_ROUTE_PREFIX = VENUE_ROUTE + ":";
    /** Largest maker or taker fee rate (10 % of the notional). */
    public static final BigDecimal MAX_FEE_RATE = new BigDecimal("0.1");
    /** Largest price band (±1000 %). */
    public static final BigDecimal MAX_PRICE_BAND = BigDecimal.TEN;

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
        if (route.startsWith(NAMED_VENUE_ROUTE_PREFIX)
                && !StreamKeys.isValidSegment(route.substring(NAMED_VENUE_ROUTE_PREFIX.length()))) {
            throw new IllegalArgumentException("route '" + route + "' of " + symbol + " must be 'venue', 'venue:<name>' with a venue"
                    + " name matching " + StreamKeys.SEGMENT + ", or a broker name");
        }
        requireBetween(makerFeeRate, MAX_FEE_RATE, "maker-fee-rate");
        requireBetween(takerFeeRate, MAX_FEE_RATE, "taker-fee-rate");
        requireBetween(priceBand, MAX_PRICE_BAND, "price-band");
    }

    /** An instrument without fees and without a price band. */
    public Instrument(String symbol, InstrumentKind kind, String route, BigDecimal tickSize, BigDecimal lotSize,
            BigDecimal multiplier, BigDecimal marginRate, String currency, BigDecimal referencePrice, String region) {
        this(symbol, kind, route, tickSize, lotSize, multiplier, marginRate, currency, referencePrice, region,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** The same instrument with other fee rates and price band. */
    public Instrument withTradingRules(BigDecimal makerFeeRate, BigDecimal takerFeeRate, BigDecimal priceBand) {
        return new Instrument(symbol, kind, route, tickSize, lotSize, multiplier, marginRate, currency, referencePrice, region,
                makerFeeRate, takerFeeRate, priceBand);
    }

    /** The same instrument routed elsewhere (a broker name or {@link #VENUE_ROUTE}). */
    public Instrument withRoute(String newRoute) {
        return new Instrument(symbol, kind, newRoute, tickSize, lotSize, multiplier, marginRate, currency, referencePrice, region,
                makerFeeRate, takerFeeRate, priceBand);
    }

    /** Whether an in-house venue trades this instrument (route {@code venue} or {@code venue:<name>}), not a broker. */
    public boolean routedToVenue() {
        return VENUE_ROUTE.equals(route) || route.startsWith(NAMED_VENUE_ROUTE_PREFIX);
    }

    /**
     * The in-house venue that trades this instrument: {@code defaultVenue} for route {@code venue}, {@code <name>} for
     * route {@code venue:<name>}, null when a broker routes it.
     */
    public String venue(String defaultVenue) {
        if (VENUE_ROUTE.equals(route)) {
            return defaultVenue;
        }
        return route.startsWith(NAMED_VENUE_ROUTE_PREFIX) ? route.substring(NAMED_VENUE_ROUTE_PREFIX.length()) : null;
    }

    /** Whether the in-house venue {@code venueName} trades this instrument, {@code defaultVenue} being the default venue. */
    public boolean tradedOn(String venueName, String defaultVenue) {
        return venueName.equals(venue(defaultVenue));
    }

    private static void requireBetween(BigDecimal value, BigDecimal max, String name) {
        if (value == null || value.signum() < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and " + max.toPlainString());
        }
    }

    private static void requirePositive(BigDecimal value, String name) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
