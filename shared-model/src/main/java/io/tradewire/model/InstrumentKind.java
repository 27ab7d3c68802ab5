package io.tradewire.model;

import java.util.Locale;

/** The kind of an instrument; the lower-case name is what topic grammars use ({@code stock.AAPL.1m}). */
public enum InstrumentKind {
    STOCK,
    CRYPTO,
    FUTURES,
    OPTIONS,
    COMMODITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstrumentKind parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
