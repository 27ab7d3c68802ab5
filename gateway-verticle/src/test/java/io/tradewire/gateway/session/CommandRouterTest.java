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
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.Withdraw;
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

    private final CommandRouter venues = new CommandRouter(new InstrumentDirectory(List.of(
            instrument("IX2301", Instrument.VENUE_ROUTE), instrument("AAPL", "venue:tradewire"), instrument("BTC", "venue:crypto"),
            instrument("ETH", "venue:us-east"), instrument("SOL", "bybit"))), "tradewire");

    @Test
    @DisplayName("Several venues: orders, books, bars and one instrument's positions go to the instrument's venue")
    void instrumentCommandsFollowTheirVenue() {
        assertThat(venues.addressFor(order("IX2301"))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(order("AAPL"))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(order("BTC"))).isEqualTo("matching.crypto");
        assertThat(venues.addressFor(order("ETH"))).isEqualTo("matching.us-east");
        assertThat(venues.addressFor(order("SOL"))).isEqualTo("broker.bybit");
        assertThat(venues.addressFor(new QueryBook("BTC"))).isEqualTo("matching.crypto");
        assertThat(venues.addressFor(new QueryBook("IX2301"))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new QueryBook("NOPE"))).as("the default venue refuses it").isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new QueryBar("ETH", "1m"))).isEqualTo("matching.us-east");
        assertThat(venues.addressFor(new QueryPositions("u1", "BTC"))).isEqualTo("matching.crypto");
        assertThat(venues.addressFor(new QueryPositions("u1", "IX2301"))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new QueryPositions("u1", "SOL"))).isEqualTo("matching.tradewire");
        assertThatThrownBy(() -> venues.addressFor(new QueryPositions("u1", "NOPE"))).isInstanceOf(RejectedException.class);
    }

    @Test
    @DisplayName("Several venues: an order id's venue prefix picks the venue; a broker prefix the broker; account commands the default venue")
    void orderIdsNameTheirVenue() {
        String local = "O17251234567890000001";
        for (java.util.function.Function<String, io.tradewire.model.command.Command> kind : List.<java.util.function.Function<String,
                io.tradewire.model.command.Command>>of(id -> new CancelOrder("u1", id), id -> new AmendOrder("u1", id, BigDecimal.TEN, null),
                id -> new QueryOrder("u1", id))) {
            assertThat(venues.addressFor(kind.apply("crypto-" + local))).isEqualTo("matching.crypto");
            assertThat(venues.addressFor(kind.apply("us-east-" + local))).isEqualTo("matching.us-east");
            assertThat(venues.addressFor(kind.apply(local))).isEqualTo("matching.tradewire");
            assertThat(venues.addressFor(kind.apply("bybit-123"))).isEqualTo("broker.bybit");
            assertThat(venues.addressFor(kind.apply("mars-" + local))).as("no instrument is on venue mars").isEqualTo("matching.tradewire");
        }
        assertThat(venues.addressFor(new QueryAccount("u1"))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new QueryOrders("u1"))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new QueryPositions("u1", null))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new Deposit("u1", BigDecimal.TEN))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new Withdraw("u1", BigDecimal.TEN))).isEqualTo("matching.tradewire");
        assertThat(venues.addressFor(new QuerySummary("US"))).isEqualTo("matching.tradewire");
    }
}
