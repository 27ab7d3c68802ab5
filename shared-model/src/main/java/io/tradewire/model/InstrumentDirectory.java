package io.tradewire.model;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The configured instruments by symbol (the top-level {@code instruments} list of the configuration). */
public final class InstrumentDirectory {
    private final Map<String, Instrument> bySymbol;

    public InstrumentDirectory(Collection<Instrument> instruments) {
        Map<String, Instrument> map = new LinkedHashMap<>();
        for (Instrument instrument : instruments) {
            if (map.put(instrument.symbol(), instrument) != null) {
                throw new IllegalArgumentException("instrument " + instrument.symbol() + " is configured twice");
            }
        }
        this.bySymbol = java.util.Collections.unmodifiableMap(map);
    }

    /**
     * Reads {@code instruments: [{symbol, kind, route, tick-size, lot-size, multiplier, margin-rate, currency, reference-price,
     * region, maker-fee-rate, taker-fee-rate, price-band}]}, then the symbols each enabled broker routes
     * ({@code brokers.<name>.symbols}, a list of symbols, and {@code brokers.<name>.instruments}, a list of objects with at
     * least {@code symbol}): a routed symbol that is a configured instrument is re-routed to that broker, any other becomes
     * a broker instrument of kind {@code brokers.<name>.kind} (default {@code crypto}).
     */
    public static InstrumentDirectory fromConfig(ConfigReader root) {
        Map<String, Instrument> list = new LinkedHashMap<>();
        for (ConfigReader item : root.objects("instruments")) {
            Instrument instrument = parse(item, item.string("route", Instrument.VENUE_ROUTE), "futures");
            if (list.put(instrument.symbol(), instrument) != null) {
                throw new ConfigException(root.key("instruments"), "instrument " + instrument.symbol() + " is configured twice");
            }
        }
        ConfigReader brokerSection = root.section("brokers");
        for (String broker : brokerSection.keys()) {
            ConfigReader section = brokerSection.section(broker);
            if (!section.bool("enabled", false)) {
                continue;
            }
            if (!StreamKeys.isValidSegment(broker) || broker.equals(Instrument.VENUE_ROUTE)) {
                throw new ConfigException(section.path(), "a broker name must match " + StreamKeys.SEGMENT + " and differ from 'venue'");
            }
            String kind = section.string("kind", "crypto");
            for (String symbol : section.stringList("symbols", List.of())) {
                route(list, symbol, broker, () -> parse(null, symbol, broker, kind, section.key("symbols")));
            }
            for (ConfigReader item : section.objects("instruments")) {
                String symbol = item.string("symbol", null);
                route(list, symbol, broker, () -> parse(item, broker, kind));
            }
        }
        Set<String> namedVenues = list.values().stream().map(i -> i.venue(null)).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        for (Instrument instrument : list.values()) {
            if (!instrument.routedToVenue() && namedVenues.contains(instrument.route())) {
                throw new ConfigException(root.key("instruments"), "broker '" + instrument.route() + "' has the name of a venue"
                        + " (route venue:" + instrument.route() + "): order ids could not tell them apart");
            }
        }
        return new InstrumentDirectory(list.values());
    }

    /** Re-routes a configured instrument to a broker, or adds the broker instrument that {@code create} builds. */
    private static void route(Map<String, Instrument> instruments, String symbol, String broker,
            java.util.function.Supplier<Instrument> create) {
        Instrument existing = symbol == null ? null : instruments.get(symbol);
        if (existing != null) {
            instruments.put(symbol, existing.withRoute(broker));
        } else {
            Instrument created = create.get();
            instruments.put(created.symbol(), created);
        }
    }

    private static Instrument parse(ConfigReader item, String route, String defaultKind) {
        String symbol = item.string("symbol", null);
        if (symbol == null) {
            throw new ConfigException(item.key("symbol"), "is required");
        }
        return parse(item, symbol, route, defaultKind, item.path());
    }

    private static Instrument parse(ConfigReader item, String symbol, String route, String defaultKind, String where) {
        ConfigReader values = item == null ? ConfigReader.of(new io.vertx.core.json.JsonObject(), "") : item;
        try {
            return new Instrument(
                    symbol,
                    InstrumentKind.parse(values.string("kind", defaultKind)),
                    route,
                    values.decimal("tick-size", new BigDecimal("0.01")),
                    values.decimal("lot-size", BigDecimal.ONE),
                    values.decimal("multiplier", BigDecimal.ONE),
                    values.decimal("margin-rate", BigDecimal.ONE),
                    values.string("currency", "USD"),
                    values.decimal("reference-price", new BigDecimal("100")),
                    values.string("region", "US"),
                    values.decimal("maker-fee-rate", BigDecimal.ZERO),
                    values.decimal("taker-fee-rate", BigDecimal.ZERO),
                    values.decimal("price-band", BigDecimal.ZERO));
        } catch (IllegalArgumentException e) {
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException(where, e.getMessage());
        }
    }

    public Optional<Instrument> find(String symbol) {
        return symbol == null ? Optional.empty() : Optional.ofNullable(bySymbol.get(symbol));
    }

    /** The instrument, or a {@link RejectedException} with {@link ErrorCode#UNKNOWN_INSTRUMENT}. */
    public Instrument require(String symbol) {
        return find(symbol).orElseThrow(() -> new RejectedException(ErrorCode.UNKNOWN_INSTRUMENT,
                "Unknown instrument: " + Printable.of(symbol)));
    }

    public Collection<Instrument> all() {
        return bySymbol.values();
    }

    /**
     * The in-house venues that trade these instruments ({@link Instrument#venue(String)}), in configuration order; the
     * default venue is always among them, first.
     */
    public Set<String> venues(String defaultVenue) {
        Set<String> venues = new LinkedHashSet<>();
        venues.add(defaultVenue);
        for (Instrument instrument : bySymbol.values()) {
            if (instrument.routedToVenue()) {
                venues.add(instrument.venue(defaultVenue));
            }
        }
        return Collections.unmodifiableSet(venues);
    }
}
