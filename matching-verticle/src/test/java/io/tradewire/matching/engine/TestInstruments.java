package io.tradewire.matching.engine;

import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import java.math.BigDecimal;
import java.util.List;

/** The default instruments of conf/tradewire-defaults.yaml, plus one routed to a broker. */
final class TestInstruments {
    static final Instrument IX2301 = instrument("IX2301", InstrumentKind.FUTURES, "venue", "0.1", "1", "300", "0.12", "120");
    static final Instrument AAPL = instrument("AAPL", InstrumentKind.STOCK, "venue", "0.01", "1", "1", "1", "190");
    static final Instrument BTCUSDT = instrument("BTCUSDT", InstrumentKind.CRYPTO, "venue", "0.01", "0.001", "1", "1", "60000");
    static final Instrument ES = instrument("ESZ5", InstrumentKind.FUTURES, "ib", "0.25", "1", "50", "0.1", "6000");

    private TestInstruments() {
    }

    static InstrumentDirectory directory() {
        return new InstrumentDirectory(List.of(IX2301, AAPL, BTCUSDT, ES));
    }

    static Instrument instrument(String symbol, InstrumentKind kind, String route, String tick, String lot, String multiplier,
            String marginRate, String reference) {
        return new Instrument(symbol, kind, route, new BigDecimal(tick), new BigDecimal(lot), new BigDecimal(multiplier),
                new BigDecimal(marginRate), "USD", new BigDecimal(reference), "US");
    }
}
