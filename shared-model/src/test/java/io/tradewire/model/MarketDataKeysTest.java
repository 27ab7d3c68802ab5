package io.tradewire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QuerySummary;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MarketDataKeysTest {
    @Test
    @DisplayName("Bar and summary keys are public market keys that parse back into subject, kind and detail")
    void barAndSummaryKeys() {
        assertThat(StreamKeys.marketBar("AAPL", "1m")).isEqualTo("market.AAPL.bar.1m");
        assertThat(StreamKeys.marketBar("AAPL", BarInterval.MN1.wireName())).isEqualTo("market.AAPL.bar.1M");
        assertThat(StreamKeys.regionSummary("US")).isEqualTo("market.US.summary");
        assertThat(StreamKeys.parse("market.AAPL.bar.1M")).isEqualTo(new StreamKeys.Parsed(false, "AAPL", "bar", "1M"));
        assertThat(StreamKeys.parse("market.US.summary")).isEqualTo(new StreamKeys.Parsed(false, "US", "summary", null));
        assertThat(StreamKeys.isPrivate(StreamKeys.marketBar("AAPL", "1h"))).isFalse();
        assertThat(StreamKeys.ownerOf(StreamKeys.regionSummary("CN"))).isNull();
    }

    @Test
    @DisplayName("An instrument, interval or region with a separator cannot forge another key")
    void refusesSeparators() {
        assertThatThrownBy(() -> StreamKeys.marketBar("AAPL", "1m.x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamKeys.marketBar("AAPL.book", "1m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamKeys.marketBar("AAPL", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamKeys.regionSummary("US.x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamKeys.regionSummary("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Bar and summary queries are public: made on behalf of no user")
    void queriesArePublic() {
        assertThat(new QueryBar("AAPL", "1m").userId()).isNull();
        assertThat(new QuerySummary("US").userId()).isNull();
    }
}
