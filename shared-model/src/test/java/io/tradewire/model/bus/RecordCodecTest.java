package io.tradewire.model.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderAction;
import io.tradewire.model.algo.MasterOrderList;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.StreamHead;
import io.tradewire.model.event.StreamPosition;
import io.tradewire.model.event.UserClock;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.BookLevel;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static <T> T roundTrip(Class<T> type, T value) {
        RecordCodec<T> codec = new RecordCodec<>(type);
        Buffer buffer = Buffer.buffer().appendString("prefix");
        codec.encodeToWire(buffer, value);
        return codec.decodeFromWire("prefix".length(), buffer);
    }

    @Test
    @DisplayName("Locally the same immutable instance is delivered")
    void transformIsIdentity() {
        SubmitOrder order = new SubmitOrder("u", null, "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("120.0"), BigDecimal.TEN, OrderSource.API);
        assertThat(new RecordCodec<>(SubmitOrder.class).transform(order)).isSameAs(order);
    }

    @Test
    @DisplayName("Across the wire a command keeps exact decimals (scale included) and nulls")
    void commandSurvivesTheWire() {
        SubmitOrder order = new SubmitOrder("u", null, "IX2301", Side.SELL, Offset.CLOSE, OrderType.MARKET, null, null,
                new BigDecimal("0.0010"), OrderSource.MCP);
        assertThat(roundTrip(SubmitOrder.class, order)).isEqualTo(order);
    }

    @Test
    @DisplayName("The master-order records keep every field across the wire, a push of an algo event its event type")
    void masterOrderRecordsSurviveTheWire() {
        CreateMasterOrder create = new CreateMasterOrder("u", "c-1", Algorithm.POV, "Tradewire", "BTCUSDT", "SPOT", Side.SELL,
                new BigDecimal("0.010"), null, 60, new BigDecimal("59000.50"), new BigDecimal("0.25"), true, "notes");
        assertThat(roundTrip(CreateMasterOrder.class, create)).isEqualTo(create);
        MasterOrderAction action = new MasterOrderAction("u", null, "c-1", MasterOrderAction.Kind.PAUSE, "why");
        assertThat(roundTrip(MasterOrderAction.class, action)).isEqualTo(action);
        MasterOrderView master = new MasterOrderView("MO1", "c-1", "u", Algorithm.VWAP, "Bybit", "ETHUSDT", "PERP", Side.BUY,
                new BigDecimal("1.00"), new BigDecimal("0.50"), new BigDecimal("2000.125"), null, 600, null, false,
                MasterOrderStatus.EXPIRED, "Duration ended", 7, 1L, 2L);
        assertThat(roundTrip(MasterOrderList.class, new MasterOrderList(List.of(master)))).isEqualTo(new MasterOrderList(List.of(master)));
        OrderView child = new OrderView("O1", "MO1-1", "u", "ETHUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC,
                new BigDecimal("2001.00"), new BigDecimal("0.50"), new BigDecimal("0.50"), BigDecimal.ZERO, new BigDecimal("2000.125"),
                OrderStatus.FILLED, OrderSource.ALGO, 1L, 2L);
        for (Event event : List.<Event>of(new MasterOrderUpdated(master),
                new AlgoOrderUpdated("MO1", "PERP", child, new BigDecimal("0.50"), new BigDecimal("2000.125"), 2L))) {
            Push push = new Push("user.u.algo", 3, 4, event);
            assertThat(roundTrip(Push.class, push)).isEqualTo(push);
        }
    }

    @Test
    @DisplayName("The order-handling records (post-only, amend and cancel by client order id, deposit, withdraw, fees) keep every field across the wire")
    void orderHandlingRecordsSurviveTheWire() {
        SubmitOrder postOnly = new SubmitOrder("u", "c-1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("120.0"), BigDecimal.TEN, OrderSource.API, true);
        assertThat(roundTrip(SubmitOrder.class, postOnly)).isEqualTo(postOnly);
        AmendOrder amend = new AmendOrder("u", "O1", null, new BigDecimal("3.000"));
        assertThat(roundTrip(AmendOrder.class, amend)).isEqualTo(amend);
        AmendOrder amendByClientId = AmendOrder.byClientOrderId("u", "c-1", new BigDecimal("119.90"), null);
        assertThat(roundTrip(AmendOrder.class, amendByClientId)).isEqualTo(amendByClientId);
        io.tradewire.model.command.CancelOrder cancelByClientId = io.tradewire.model.command.CancelOrder.byClientOrderId("u", "c-1");
        assertThat(roundTrip(io.tradewire.model.command.CancelOrder.class, cancelByClientId)).isEqualTo(cancelByClientId);
        Deposit deposit = new Deposit("u", new BigDecimal("1000.50"));
        assertThat(roundTrip(Deposit.class, deposit)).isEqualTo(deposit);
        Withdraw withdraw = new Withdraw("u", new BigDecimal("0.00000001"));
        assertThat(roundTrip(Withdraw.class, withdraw)).isEqualTo(withdraw);
        AccountView account = new AccountView("u", "USD", new BigDecimal("999.5"), new BigDecimal("900"), BigDecimal.ZERO,
                new BigDecimal("99.5"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("0.5"),
                new BigDecimal("0.1"), 5L);
        assertThat(roundTrip(AccountView.class, account)).isEqualTo(account);
        OrderView order = new OrderView("O1", "c-1", "u", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("120.0"), BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.TEN, null, OrderStatus.SUBMITTED,
                OrderSource.API, 1L, 2L, true);
        assertThat(roundTrip(OrderView.class, order)).isEqualTo(order);
        Push trade = new Push("user.u.trades", 3, 9, new TradeExecuted("T1", "O1", "u", "IX2301", Side.BUY, Offset.OPEN,
                new BigDecimal("120.0"), new BigDecimal("10"), false, new BigDecimal("0.72"), 17L));
        assertThat(roundTrip(Push.class, trade)).isEqualTo(trade);
    }

    @Test
    @DisplayName("A push carries its polymorphic event across the wire")
    void pushSurvivesTheWire() {
        Push trade = new Push("user.u.trades", 3, 9, new TradeExecuted("T1", "O1", "u", "IX2301", Side.BUY, Offset.OPEN,
                new BigDecimal("120.0"), new BigDecimal("10"), true, 17L));
        assertThat(roundTrip(Push.class, trade)).isEqualTo(trade);
        Push book = new Push("market.IX2301.book", 3, 10, new BookChanged("IX2301",
                List.of(new BookLevel(new BigDecimal("119.5"), BigDecimal.ONE, 1)), List.of(), 18L));
        assertThat(roundTrip(Push.class, book)).isEqualTo(book);
    }

    @Test
    @DisplayName("A private push keeps its user clock; history and stream heads keep every field across the wire")
    void deliveryRecordsSurviveTheWire() {
        Push order = new Push("user.u.orders", 3, 9, new TradeExecuted("T1", "O1", "u", "IX2301", Side.BUY, Offset.OPEN,
                new BigDecimal("120.0"), new BigDecimal("10"), true, 17L), new UserClock(9, 4, 7, 2));
        assertThat(roundTrip(Push.class, order)).isEqualTo(order);
        History history = new History("user.u.orders", 3, 11, true, List.of(order, new Push("user.u.orders", 3, 10,
                order.event(), new UserClock(10, 4, 7, 2))));
        assertThat(roundTrip(History.class, history)).isEqualTo(history);
        HistoryRequest request = HistoryRequest.after(new StreamPosition("user.u.orders", 3, 8));
        assertThat(roundTrip(HistoryRequest.class, request)).isEqualTo(request);
        assertThat(request.upToSeq()).isEqualTo(Long.MAX_VALUE);
        StreamHead head = new StreamHead("market.IX2301.book", 3, 1234);
        assertThat(roundTrip(StreamHead.class, head)).isEqualTo(head);
    }

    @Test
    @DisplayName("Every bus record has a distinct codec name")
    void namesAreDistinct() {
        assertThat(BusCodecs.RECORDS.stream().map(type -> new RecordCodec<>(type).name()).distinct().count())
                .isEqualTo(BusCodecs.RECORDS.size());
    }
}
