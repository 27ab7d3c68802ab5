package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.SubmitOrder;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CommandRouterTest {
    private static Instrument instrument(String symbol, String route) {
        return new Instrument(symbol, InstrumentKind.CRYPTO, route, new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, "USD", new BigDecimal("100"), "US");
    }

    private final CommandRouter router = new CommandRouter(new InstrumentDirectory(List.of(
            instrument("IX2301", Instrument.VENUE_ROUTE), instrument("BTCUSDT", "bybit"), instrument("AAPL", "ib"))), "tradewire");

    private static SubmitOrder order(String symbol) {
        return new SubmitOrder("u1", null, symbol, Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC, BigDecimal.ONE,
                BigDecimal.ONE, OrderSource.API);
    }

    @Test
    @DisplayName("An order goes to its instrument's route; an unknown instrument is refused")
    void ordersFollowTheirInstrument() {
        assertThat(router.addressFor(order("IX2301"))).isEqualTo("matching.tradewire");
        assertThat(router.addressFor(order("BTCUSDT"))).isEqualTo("broker.bybit");
        assertThat(router.addressFor(order("AAPL"))).isEqualTo("broker.ib");
        assertThatThrownBy(() -> router.addressFor(order("NOPE"))).isInstanceOf(RejectedException.class)
                .satisfies(e -> assertThat(((RejectedException) e).code()).isEqualTo(ErrorCode.UNKNOWN_INSTRUMENT));
    }

    @Test
    @DisplayName("Cancel, amend and query of a broker order id go to that broker; venue ids and unrouted prefixes go to the venue")
    void orderIdsNameTheirBroker() {
        assertThat(router.addressFor(new CancelOrder("u1", "bybit-c6f055d9-7f21"))).isEqualTo("broker.bybit");
        assertThat(router.addressFor(new AmendOrder("u1", "ib-1408241001", BigDecimal.TEN, null))).isEqualTo("broker.ib");
        assertThat(router.addressFor(new QueryOrder("u1", "ib-1408241001"))).isEqualTo("broker.ib");
        assertThat(router.addressFor(new CancelOrder("u1", "O17251234567890000001"))).isEqualTo("matching.tradewire");
        assertThat(router.addressFor(new CancelOrder("u1", "okx-123"))).as("no instrument routes to okx").isEqualTo("matching.tradewire");
        assertThat(router.addressFor(new QueryAccount("u1"))).isEqualTo("matching.tradewire");
    }
}
