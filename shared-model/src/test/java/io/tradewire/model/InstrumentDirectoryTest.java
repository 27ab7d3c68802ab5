package io.tradewire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InstrumentDirectoryTest {
    @Test
    @DisplayName("Instruments are read from configuration with defaults and keep their order")
    void readsInstruments() {
        JsonObject root = new JsonObject().put("instruments", new JsonArray()
                .add(new JsonObject().put("symbol", "IX2301").put("kind", "futures").put("tick-size", "0.1")
                        .put("multiplier", 300).put("margin-rate", "0.12").put("reference-price", 120))
                .add(new JsonObject().put("symbol", "AAPL").put("kind", "stock")));
        InstrumentDirectory directory = InstrumentDirectory.fromConfig(ConfigReader.of(root, ""));
        assertThat(directory.all()).extracting(Instrument::symbol).containsExactly("IX2301", "AAPL");
        Instrument ix = directory.require("IX2301");
        assertThat(ix.kind()).isEqualTo(InstrumentKind.FUTURES);
        assertThat(ix.tickSize()).isEqualByComparingTo("0.1");
        assertThat(ix.routedToVenue()).isTrue();
        assertThat(directory.require("AAPL").marginRate()).isEqualByComparingTo("1");
        // Without fee and band keys: no fees, no band.
        assertThat(ix.makerFeeRate()).isZero();
        assertThat(ix.takerFeeRate()).isZero();
        assertThat(ix.priceBand()).isZero();
    }

    @Test
    @DisplayName("Fee rates and the price band are read exactly; out-of-range values fail configuration with their key")
    void readsTradingRules() {
        JsonObject root = new JsonObject().put("instruments", new JsonArray()
                .add(new JsonObject().put("symbol", "IX2301").put("maker-fee-rate", "0.0001").put("taker-fee-rate", "0.00025")
                        .put("price-band", "0.1")));
        Instrument ix = InstrumentDirectory.fromConfig(ConfigReader.of(root, "")).require("IX2301");
        assertThat(ix.makerFeeRate()).isEqualTo("0.0001");
        assertThat(ix.takerFeeRate()).isEqualTo("0.00025");
        assertThat(ix.priceBand()).isEqualTo("0.1");
        for (String[] bad : new String[][] {{"maker-fee-rate", "-0.001"}, {"taker-fee-rate", "0.2"}, {"price-band", "11"},
                {"price-band", "-0.1"}}) {
            JsonObject wrong = new JsonObject().put("instruments", new JsonArray()
                    .add(new JsonObject().put("symbol", "A").put(bad[0], bad[1])));
            assertThatThrownBy(() -> InstrumentDirectory.fromConfig(ConfigReader.of(wrong, "")))
                    .as("%s = %s", bad[0], bad[1]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("instruments[0]").hasMessageContaining(bad[0]);
        }
    }

    @Test
    @DisplayName("Unknown symbols are a rejection with UNKNOWN_INSTRUMENT and a sanitized message")
    void rejectsUnknownSymbol() {
        InstrumentDirectory empty = new InstrumentDirectory(java.util.List.of());
        assertThatThrownBy(() -> empty.require("BAD\nSYMBOL"))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_INSTRUMENT);
                    assertThat(e.getMessage()).isEqualTo("Unknown instrument: BAD?SYMBOL");
                });
    }

    @Test
    @DisplayName("Invalid instrument definitions fail configuration with the item's key")
    void rejectsInvalidDefinitions() {
        JsonObject dotted = new JsonObject().put("instruments", new JsonArray().add(new JsonObject().put("symbol", "A.B")));
        assertThatThrownBy(() -> InstrumentDirectory.fromConfig(ConfigReader.of(dotted, "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("instruments[0]");
        JsonObject twice = new JsonObject().put("instruments", new JsonArray()
                .add(new JsonObject().put("symbol", "A")).add(new JsonObject().put("symbol", "A")));
        assertThatThrownBy(() -> InstrumentDirectory.fromConfig(ConfigReader.of(twice, ""))).hasMessageContaining("twice");
        JsonObject negative = new JsonObject().put("instruments", new JsonArray()
                .add(new JsonObject().put("symbol", "A").put("tick-size", "-1")));
        assertThatThrownBy(() -> InstrumentDirectory.fromConfig(ConfigReader.of(negative, ""))).hasMessageContaining("tick-size");
    }

    @Test
    @DisplayName("An enabled broker's symbols: a venue instrument is re-routed to it, any other becomes a broker instrument")
    void brokerSymbols() {
        JsonObject root = new JsonObject()
                .put("instruments", new JsonArray().add(new JsonObject().put("symbol", "BTCUSDT").put("kind", "crypto")
                        .put("tick-size", "0.5")).add(new JsonObject().put("symbol", "AAPL").put("kind", "stock")))
                .put("brokers", new JsonObject()
                        .put("bybit", new JsonObject().put("enabled", true).put("symbols", "BTCUSDT,ETHUSDT"))
                        .put("ib", new JsonObject().put("enabled", "true").put("kind", "stock").put("instruments", new JsonArray()
                                .add(new JsonObject().put("symbol", "MSFT").put("conid", 272093).put("tick-size", "0.01"))))
                        .put("other", new JsonObject().put("enabled", false).put("symbols", new JsonArray().add("AAPL"))));
        InstrumentDirectory directory = InstrumentDirectory.fromConfig(ConfigReader.of(root, ""));
        assertThat(directory.require("BTCUSDT").route()).isEqualTo("bybit");
        assertThat(directory.require("BTCUSDT").tickSize()).isEqualByComparingTo("0.5");
        assertThat(directory.require("ETHUSDT").route()).isEqualTo("bybit");
        assertThat(directory.require("ETHUSDT").kind()).isEqualTo(InstrumentKind.CRYPTO);
        assertThat(directory.require("MSFT").route()).isEqualTo("ib");
        assertThat(directory.require("MSFT").kind()).isEqualTo(InstrumentKind.STOCK);
        assertThat(directory.require("AAPL").routedToVenue()).as("a disabled broker routes nothing").isTrue();
    }

    @Test
    @DisplayName("A broker instrument without a symbol, or a broker named 'venue', fails configuration with its key")
    void brokerSymbolErrors() {
        JsonObject missing = new JsonObject().put("brokers", new JsonObject().put("ib", new JsonObject().put("enabled", true)
                .put("instruments", new JsonArray().add(new JsonObject().put("conid", 1)))));
        assertThatThrownBy(() -> InstrumentDirectory.fromConfig(ConfigReader.of(missing, ""))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("brokers.ib.instruments[0].symbol");
        JsonObject venue = new JsonObject().put("brokers", new JsonObject().put("venue", new JsonObject().put("enabled", true)));
        assertThatThrownBy(() -> InstrumentDirectory.fromConfig(ConfigReader.of(venue, ""))).isInstanceOf(ConfigException.class);
    }

    @Test
    @DisplayName("Broker order ids carry their broker; venue ids and ids of another broker do not match")
    void brokerOrderIds() {
        assertThat(BrokerOrderIds.of("bybit", "c6f0-55d9")).isEqualTo("bybit-c6f0-55d9");
        assertThat(BrokerOrderIds.brokerOf("bybit-c6f0-55d9")).isEqualTo("bybit");
        assertThat(BrokerOrderIds.brokerIdOf("bybit", "bybit-c6f0-55d9")).isEqualTo("c6f0-55d9");
        assertThat(BrokerOrderIds.brokerOf("O17251234567890000001")).isNull();
        assertThat(BrokerOrderIds.brokerOf("-x")).isNull();
        assertThat(BrokerOrderIds.brokerOf(null)).isNull();
        assertThat(BrokerOrderIds.brokerIdOf("ib", "bybit-1")).isNull();
        assertThat(BrokerOrderIds.brokerIdOf("ib", "ib-")).isNull();
    }
}
