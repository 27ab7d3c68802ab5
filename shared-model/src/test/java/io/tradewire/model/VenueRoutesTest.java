package io.tradewire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.config.ConfigException;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VenueRoutesTest {
    private static InstrumentDirectory directory(JsonObject... instruments) {
        JsonArray list = new JsonArray();
        for (JsonObject instrument : instruments) {
            list.add(instrument);
        }
        return InstrumentDirectory.fromConfig(ConfigReader.of(new JsonObject().put("instruments", list), ""));
    }

    @Test
    @DisplayName("'venue' is the default venue, 'venue:<name>' the named one, a broker name no venue at all")
    void routeForms() {
        InstrumentDirectory directory = directory(
                new JsonObject().put("symbol", "IX"),
                new JsonObject().put("symbol", "BTC").put("route", "venue:crypto"),
                new JsonObject().put("symbol", "AAPL").put("route", "venue:tradewire"),
                new JsonObject().put("symbol", "ETH").put("route", "bybit"));
        assertThat(directory.require("IX").venue("tradewire")).isEqualTo("tradewire");
        assertThat(directory.require("IX").routedToVenue()).isTrue();
        assertThat(directory.require("BTC").venue("tradewire")).isEqualTo("crypto");
        assertThat(directory.require("BTC").routedToVenue()).isTrue();
        assertThat(directory.require("BTC").tradedOn("crypto", "tradewire")).isTrue();
        assertThat(directory.require("BTC").tradedOn("tradewire", "tradewire")).isFalse();
        assertThat(directory.require("AAPL").tradedOn("tradewire", "tradewire")).isTrue();
        assertThat(directory.require("ETH").venue("tradewire")).isNull();
        assertThat(directory.require("ETH").routedToVenue()).isFalse();
        assertThat(directory.venues("tradewire")).containsExactly("tradewire", "crypto");
        assertThat(directory.venues("main")).containsExactly("main", "crypto", "tradewire");
    }

    @Test
    @DisplayName("A venue name in a route must be a valid name, and no broker may share a venue's name")
    void invalidRoutes() {
        for (String route : new String[] {"venue:", "venue:a.b", "venue:a b", "venue:x:y"}) {
            assertThatThrownBy(() -> directory(new JsonObject().put("symbol", "A").put("route", route)))
                    .as(route).isInstanceOf(ConfigException.class).hasMessageContaining("instruments[0]")
                    .hasMessageContaining("venue:<name>");
        }
        assertThatThrownBy(() -> directory(new JsonObject().put("symbol", "A").put("route", "venue:crypto"),
                new JsonObject().put("symbol", "B").put("route", "crypto")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("broker 'crypto'");
    }

    @Test
    @DisplayName("Order ids: the default venue's are unprefixed, another venue's carry its name, which is read back")
    void orderIds() {
        String local = "O17637120000000000001";
        assertThat(VenueOrderIds.of("tradewire", "tradewire", local)).isEqualTo(local);
        assertThat(VenueOrderIds.of("crypto", "tradewire", local)).isEqualTo("crypto-" + local);
        assertThat(VenueOrderIds.venueOf("crypto-" + local)).isEqualTo("crypto");
        assertThat(VenueOrderIds.venueOf("us-east-" + local)).isEqualTo("us-east");
        assertThat(VenueOrderIds.venueOf(local)).isNull();
        assertThat(VenueOrderIds.venueOf("bybit-1321003749386327552")).isNull();
        assertThat(VenueOrderIds.venueOf("crypto-O123")).isNull();
        assertThat(VenueOrderIds.venueOf(null)).isNull();
    }
}
