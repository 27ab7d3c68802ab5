package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.event.UserClock;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.SummaryItem;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamRouterTest {
    static final TradeExecuted TRADE = new TradeExecuted("T1", "O1", "user001", "IX2301", Side.BUY, Offset.OPEN,
            new BigDecimal("120.0"), BigDecimal.TEN, false, 1L);

    @Test
    @DisplayName("Private events go to their owner's stream, market events to the instrument's streams")
    void routesEvents() {
        assertThat(StreamRouter.streamsOf(TRADE)).containsExactly("user.user001.trades");
        AccountView account = new AccountView("user002", "USD", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 1L);
        assertThat(StreamRouter.streamsOf(new AccountChanged(account))).containsExactly("user.user002.account");
        assertThat(StreamRouter.streamsOf(new BookChanged("AAPL", List.of(), List.of(), 1L))).containsExactly("market.AAPL.book");
        assertThat(StreamRouter.streamsOf(new Tick("T1", "AAPL", BigDecimal.ONE, BigDecimal.ONE, Side.SELL, 1L)))
                .containsExactly("market.AAPL.ticker", "market.AAPL.trades");
        assertThat(StreamRouter.streamsOf(new BrokerNotice("user003", "ib", "WAITING_FOR_LOGIN", "log in", 1L)))
                .containsExactly("user.user003.orders");
    }

    @Test
    @DisplayName("A broker notice travels on the orders stream but is not part of its snapshot")
    void brokerNoticeIsNotState() {
        StreamState orders = new StreamState("orders", List.of(new BrokerNotice("user003", "ib", "WAITING_FOR_LOGIN", "log in", 1L)));
        assertThat(orders.events()).isEmpty();
    }

    @Test
    @DisplayName("Master-order and child-order changes go to their owner's algo stream")
    void routesAlgoEvents() {
        MasterOrderView master = new MasterOrderView("MO1", null, "user003", Algorithm.TWAP, "Tradewire", "IX2301", "PERP", Side.BUY,
                BigDecimal.TEN, BigDecimal.ONE, new BigDecimal("120.0"), null, 60, null, false, MasterOrderStatus.PROCESSING, null, 1,
                1L, 2L);
        assertThat(StreamRouter.streamsOf(new MasterOrderUpdated(master))).containsExactly("user.user003.algo");
        OrderView child = new OrderView("O1", "MO1-1", "user003", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, TimeInForce.IOC,
                null, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, new BigDecimal("120.0"), OrderStatus.FILLED, OrderSource.ALGO, 1L, 1L);
        assertThat(StreamRouter.streamsOf(new AlgoOrderUpdated("MO1", "PERP", child, BigDecimal.ONE, new BigDecimal("120.0"), 1L)))
                .containsExactly("user.user003.algo");
    }

    @Test
    @DisplayName("A bar goes to its instrument's stream of its interval (1m and 1M apart), a summary to its region's stream")
    void routesMarketData() {
        BigDecimal p = new BigDecimal("190.00");
        assertThat(StreamRouter.streamsOf(new BarUpdated("AAPL", "1m", 0L, 60_000L, p, p, p, p, BigDecimal.ONE, 1, 1L)))
                .containsExactly("market.AAPL.bar.1m");
        assertThat(StreamRouter.streamsOf(new BarUpdated("AAPL", "1M", 0L, 2_678_400_000L, p, p, p, p, BigDecimal.ONE, 1, 1L)))
                .containsExactly("market.AAPL.bar.1M");
        SummaryItem item = new SummaryItem("AAPL", "stock", p, p, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, p, p);
        assertThat(StreamRouter.streamsOf(new MarketSummary("US", List.of(item), 1L))).containsExactly("market.US.summary");
    }

    @Test
    @DisplayName("Sequence numbers start at 1 per stream and have no gaps; the epoch is stamped on each")
    void sequencesPerStream() {
        Sequencer sequencer = new Sequencer(42);
        Push a1 = sequencer.stamp("a", TRADE);
        Push b1 = sequencer.stamp("b", TRADE);
        Push a2 = sequencer.stamp("a", TRADE);
        assertThat(List.of(a1.seq(), b1.seq(), a2.seq())).containsExactly(1L, 1L, 2L);
        assertThat(a2.epoch()).isEqualTo(42);
        assertThat(sequencer.lastSeq("a")).isEqualTo(2);
        assertThat(sequencer.lastSeq("never")).isZero();
    }

    @Test
    @DisplayName("A user's private pushes carry where each of the user's four streams stood; other users and markets are apart")
    void stampsUserClocks() {
        Sequencer sequencer = new Sequencer(42);
        Push order = sequencer.stamp("user.u1.orders", TRADE);
        Push trade = sequencer.stamp("user.u1.trades", TRADE);
        Push other = sequencer.stamp("user.u2.orders", TRADE);
        Push position = sequencer.stamp("user.u1.positions", TRADE);
        Push account = sequencer.stamp("user.u1.account", TRADE);
        Push order2 = sequencer.stamp("user.u1.orders", TRADE);
        Push book = sequencer.stamp("market.IX2301.book", TRADE);

        assertThat(order.clock()).isEqualTo(new UserClock(1, 0, 0, 0));
        assertThat(trade.clock()).isEqualTo(new UserClock(1, 1, 0, 0));
        assertThat(other.clock()).isEqualTo(new UserClock(1, 0, 0, 0));
        assertThat(position.clock()).isEqualTo(new UserClock(1, 1, 0, 1));
        assertThat(account.clock()).isEqualTo(new UserClock(1, 1, 1, 1));
        assertThat(order2.seq()).isEqualTo(2);
        assertThat(order2.clock()).isEqualTo(new UserClock(2, 1, 1, 1));
        assertThat(book.clock()).isNull();
        assertThat(sequencer.lastSeq("user.u1.orders")).isEqualTo(2);
        assertThat(sequencer.lastSeq("user.u1.account")).isEqualTo(1);
        assertThat(sequencer.lastSeq("user.u3.account")).isZero();
    }
}
