package io.tradewire.model;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
     * region, maker-fee-rate, taker-fee-rate, price-band}]}.
     */
    public static InstrumentDirectory fromConfig(ConfigReader root) {
        java.util.List<Instrument> list = new java.util.ArrayList<>();
        for (ConfigReader item : root.objects("instruments")) {
            String symbol = item.string("symbol", null);
            if (symbol == null) {
                throw new ConfigException(item.key("symbol"), "is required");
            }
            try {
                list.add(new Instrument(
                        symbol,
                        InstrumentKind.parse(item.string("kind", "futures")),
                        item.string("route", Instrument.VENUE_ROUTE),
                        item.decimal("tick-size", new BigDecimal("0.01")),
                        item.decimal("lot-size", BigDecimal.ONE),
                        item.decimal("multiplier", BigDecimal.ONE),
                        item.decimal("margin-rate", BigDecimal.ONE),
                        item.string("currency", "USD"),
                        item.decimal("reference-price", new BigDecimal("100")),
                        item.string("region", "US"),
                        item.decimal("maker-fee-rate", BigDecimal.ZERO),
                        item.decimal("taker-fee-rate", BigDecimal.ZERO),
                        item.decimal("price-band", BigDecimal.ZERO)));
            } catch (IllegalArgumentException e) {
                if (e instanceof ConfigException) {
                    throw e;
                }
                throw new ConfigException(item.path(), e.getMessage());
            }
        }
        try {
            return new InstrumentDirectory(list);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(root.key("instruments"), e.getMessage());
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
}
