package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class VenueTest {
    private static final long T0 = 1_725_123_456_789L;
    private final AtomicLong clock = new AtomicLong(T0);
    private final List<Event> events = new ArrayList<>();
    private Venue venue = venue(true, "1000000");

    private Venue venue(boolean autoOpen, String startingBalance) {
        return new Venue("tradewire", TestInstruments.directory(),
                new VenueSettings(autoOpen, new BigDecimal(startingBalance), "USD", 10), clock::get);
    }

    private static SubmitOrder order(String user, String instrument, Side side, Offset offset, OrderType type, TimeInForce tif,
            String price, String quantity) {
        return new SubmitOrder(user, null, instrument, side, offset, type, tif,
                price == null ? null : new BigDecimal(price), quantity == null ? null : new BigDecimal(quantity), OrderSource.API);
    }

    private static SubmitOrder limit(String user, Side side, Offset offset, String price, String quantity) {
        return order(user, "IX2301", side, offset, OrderType.LIMIT, null, price, quantity);
    }

    private OrderView submit(SubmitOrder command) {
        events.clear();
        OrderView view = venue.submit(command, events::add);
        venue.validateInternalState();
        return view;
    }

    private OrderView cancel(String user, String orderId) {
        events.clear();
        OrderView view = venue.cancel(new CancelOrder(user, orderId), events::add);
        venue.validateInternalState();
        return view;
    }

    private AccountView account(String user) {
        return venue.queryAccount(new QueryAccount(user));
    }

    /** Asserts the rejection code and that the command left no trace: no events, same books, same accounts. */
    private RejectedException rejected(ErrorCode code, Executable command) {
        BookChanged book = venue.book("IX2301");
        events.clear();
        RejectedException e = (RejectedException) org.junit.jupiter.api.Assertions.assertThrows(RejectedException.class, command);
        assertThat(e.code()).isEqualTo(code);
        assertThat(events).isEmpty();
        assertThat(venue.book("IX2301")).isEqualTo(book);
        venue.validateInternalState();
        return e;
    }

    private void rejectedSubmit(ErrorCode code, SubmitOrder command) {
        rejected(code, () -> venue.submit(command, events::add));
    }

    @Test
    @DisplayName("user001 buys 10 IX2301 @120 OPEN, user002 sells 10 @120 OPEN: both filled, long 10 / short 10, 43200.00 margin each")
    void openingTrade() {
        OrderView buy = submit(limit("user001", Side.BUY, Offset.OPEN, "120", "10"));

        assertThat(buy.orderId()).isEqualTo("O17251234567890000001");
        assertThat(buy.status()).isEqualTo(OrderStatus.SUBMITTED);
        assertThat(buy.price()).hasToString("120.0");
        assertThat(buy.timeInForce()).isEqualTo(TimeInForce.GTC);
        assertThat(events).extracting(Object::getClass).containsExactly(OrderUpdated.class, AccountChanged.class, BookChanged.class);
        assertThat(((AccountChanged) events.get(1)).account().frozen()).hasToString("43200.00");
        assertThat(((BookChanged) events.get(2)).bids()).containsExactly(new BookLevel(new BigDecimal("120.0"), BigDecimal.TEN, 1));

        clock.set(T0 + 5);
        OrderView sell = submit(limit("user002", Side.SELL, Offset.OPEN, "120", "10"));

        assertThat(sell.orderId()).isEqualTo("O17251234567940000002");
        assertThat(sell.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(sell.filled()).hasToString("10");
        assertThat(sell.remaining()).hasToString("0");
        assertThat(sell.avgFillPrice()).hasToString("120.0");
        assertThat(events).extracting(Object::getClass).containsExactly(
                OrderUpdated.class, TradeExecuted.class, TradeExecuted.class, OrderUpdated.class, OrderUpdated.class, Tick.class,
                BarUpdated.class, BarUpdated.class, BarUpdated.class, BarUpdated.class, BarUpdated.class, BarUpdated.class,
                BarUpdated.class, BarUpdated.class, BarUpdated.class,
                PositionChanged.class, PositionChanged.class, AccountChanged.class, AccountChanged.class, BookChanged.class);
        assertThat(((OrderUpdated) events.get(0)).order().status()).isEqualTo(OrderStatus.SUBMITTED);
        TradeExecuted makerTrade = (TradeExecuted) events.get(1);
        TradeExecuted takerTrade = (TradeExecuted) events.get(2);
        assertThat(makerTrade.tradeId()).isEqualTo("T17251234567940000001").isEqualTo(takerTrade.tradeId());
        assertThat(makerTrade.maker()).isTrue();
        assertThat(makerTrade.orderId()).isEqualTo(buy.orderId());
        assertThat(makerTrade.userId()).isEqualTo("user001");
        assertThat(takerTrade.maker()).isFalse();
        assertThat(takerTrade.orderId()).isEqualTo(sell.orderId());
        assertThat(takerTrade.price()).hasToString("120.0");
        assertThat(((OrderUpdated) events.get(3)).order()).extracting(OrderView::userId, OrderView::status)
                .containsExactly("user001", OrderStatus.FILLED);
        assertThat(((OrderUpdated) events.get(4)).order()).extracting(OrderView::userId, OrderView::status)
                .containsExactly("user002", OrderStatus.FILLED);
        Tick tick = (Tick) events.get(5);
        assertThat(tick.lastPrice()).hasToString("120.0");
        assertThat(tick.aggressor()).isEqualTo(Side.SELL);
        assertThat(events.subList(6, 15)).extracting(e -> ((BarUpdated) e).interval())
                .containsExactly("1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w", "1M");
        assertThat((BarUpdated) events.get(6)).extracting(BarUpdated::instrument, BarUpdated::close, BarUpdated::volume)
                .containsExactly("IX2301", new BigDecimal("120.0"), new BigDecimal("10"));
        assertThat(((AccountChanged) events.get(17)).account().userId()).isEqualTo("user002");
        assertThat(((AccountChanged) events.get(18)).account().userId()).isEqualTo("user001");
        assertThat(((BookChanged) events.get(19)).bids()).isEmpty();

        PositionView long1 = venue.queryPositions(new QueryPositions("user001", "IX2301")).positions().get(0);
        assertThat(long1.longQuantity()).hasToString("10");
        assertThat(long1.longAvgPrice()).hasToString("120.0");
        assertThat(long1.shortQuantity()).hasToString("0");
        assertThat(long1.shortAvgPrice()).isNull();
        assertThat(long1.margin()).hasToString("43200.00");
        PositionView short2 = venue.queryPositions(new QueryPositions("user002", null)).positions().get(0);
        assertThat(short2.shortQuantity()).hasToString("10");
        assertThat(short2.longQuantity()).hasToString("0");

        for (String user : List.of("user001", "user002")) {
            AccountView account = account(user);
            assertThat(account.margin()).hasToString("43200.00");
            assertThat(account.frozen()).hasToString("0.00");
            assertThat(account.balance()).hasToString("1000000.00");
            assertThat(account.available()).hasToString("956800.00");
            assertThat(account.riskRatio()).hasToString("0.0432");
        }
    }

    @Test
    @DisplayName("An order too large for the balance is refused with 1001 and changes nothing, not even the id counter")
    void insufficientFunds() {
        RejectedException e = rejected(ErrorCode.INSUFFICIENT_FUNDS,
                () -> venue.submit(limit("user001", Side.BUY, Offset.OPEN, "120", "1000"), events::add));
        assertThat(e.getMessage()).contains("4320000.00 required");

        assertThat(venue.queryOrders(new QueryOrders("user001")).orders()).isEmpty();
        assertThat(submit(limit("user001", Side.BUY, Offset.OPEN, "120", "10")).orderId()).endsWith("0000001");
        // 23 more lots would need 99360 on top of the 43200 held; 22 fit
        rejectedSubmit(ErrorCode.INSUFFICIENT_FUNDS, limit("user001", Side.BUY, Offset.OPEN, "120", "255"));
        assertThat(account("user001").frozen()).hasToString("43200.00");
    }

    @Test
    @DisplayName("A sell that fills above its limit must afford margin at the fill price, not just at its limit")
    void sellFillingAtBetterPriceNeedsMarginAtFillPrice() {
        venue = venue(true, "50000");
        submit(limit("user001", Side.BUY, Offset.OPEN, "130", "10"));        // holds 46800
        submit(limit("user002", Side.BUY, Offset.OPEN, "100", "1"));         // user002: 46400 available
        SubmitOrder sell = order("user002", "IX2301", Side.SELL, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC, "120", "10");

        rejectedSubmit(ErrorCode.INSUFFICIENT_FUNDS, sell); // 43200 at the limit, but 46800 at 130

        assertThat(account("user002").available()).hasToString("46400.00");
    }

    @Test
    @DisplayName("A limit buy filled at a better price releases its freeze at the limit and holds margin at the fill price")
    void betterPriceFill() {
        submit(limit("user002", Side.SELL, Offset.OPEN, "119", "10"));

        OrderView buy = submit(limit("user001", Side.BUY, Offset.OPEN, "120", "15"));

        assertThat(buy.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(buy.avgFillPrice()).hasToString("119.0");
        AccountView account = account("user001");
        assertThat(account.margin()).hasToString("42840.00");  // 119 × 10 × 300 × 0.12
        assertThat(account.frozen()).hasToString("21600.00");  // 120 × 5 × 300 × 0.12
        assertThat(account.available()).hasToString("935560.00");

        cancel("user001", buy.orderId());
        assertThat(account("user001").frozen()).hasToString("0.00");
        assertThat(account("user001").margin()).hasToString("42840.00");
    }

    @Test
    @DisplayName("Cancelling or querying another user's order gives 1002 with the same message as an unknown id")
    void otherUsersOrder() {
        String id = submit(limit("user001", Side.BUY, Offset.OPEN, "120", "10")).orderId();

        RejectedException foreign = rejected(ErrorCode.ORDER_NOT_FOUND, () -> venue.cancel(new CancelOrder("user002", id), events::add));
        RejectedException unknown = rejected(ErrorCode.ORDER_NOT_FOUND,
                () -> venue.cancel(new CancelOrder("user002", "O17251234567890009999"), events::add));
        RejectedException foreignQuery = rejected(ErrorCode.ORDER_NOT_FOUND, () -> venue.queryOrder(new QueryOrder("user002", id)));
        RejectedException unknownQuery = rejected(ErrorCode.ORDER_NOT_FOUND, () -> venue.queryOrder(new QueryOrder("user002", "nope")));

        assertThat(foreign.getMessage()).isEqualTo(unknown.getMessage()).isEqualTo(foreignQuery.getMessage())
                .isEqualTo(unknownQuery.getMessage());
        assertThat(venue.queryOrder(new QueryOrder("user001", id)).status()).isEqualTo(OrderStatus.SUBMITTED);
    }

    @Test
    @DisplayName("Cancel releases the freeze, emits order, account and book events; a final order gives 1008")
    void cancelOrder() {
        String id = submit(limit("user001", Side.BUY, Offset.OPEN, "120", "10")).orderId();
        clock.set(T0 + 1000);

        OrderView cancelled = cancel("user001", id);

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.updatedAt()).isEqualTo(T0 + 1000);
        assertThat(events).extracting(Object::getClass).containsExactly(OrderUpdated.class, AccountChanged.class, BookChanged.class);
        assertThat(((AccountChanged) events.get(1)).account().frozen()).hasToString("0.00");
        assertThat(((BookChanged) events.get(2)).bids()).isEmpty();
        assertThat(venue.queryOrders(new QueryOrders("user001")).orders()).isEmpty();
        assertThat(venue.queryOrder(new QueryOrder("user001", id)).status()).isEqualTo(OrderStatus.CANCELLED);
        rejected(ErrorCode.ORDER_NOT_ACTIVE, () -> venue.cancel(new CancelOrder("user001", id), events::add));

        String filled = submit(limit("user001", Side.BUY, Offset.OPEN, "120", "1")).orderId();
        submit(limit("user002", Side.SELL, Offset.OPEN, "120", "1"));
        rejected(ErrorCode.ORDER_NOT_ACTIVE, () -> venue.cancel(new CancelOrder("user001", filled), events::add));
    }

    @Test
    @DisplayName("Without auto-open, an unknown user gets 1003 on every command")
    void accountNotFound() {
        venue = venue(false, "1000000");

        rejectedSubmit(ErrorCode.ACCOUNT_NOT_FOUND, limit("user001", Side.BUY, Offset.OPEN, "120", "10"));
        rejected(ErrorCode.ACCOUNT_NOT_FOUND, () -> venue.queryAccount(new QueryAccount("user001")));
        rejected(ErrorCode.ACCOUNT_NOT_FOUND, () -> venue.queryOrders(new QueryOrders("user001")));
        rejected(ErrorCode.ACCOUNT_NOT_FOUND, () -> venue.queryPositions(new QueryPositions("user001", null)));
        rejected(ErrorCode.ACCOUNT_NOT_FOUND, () -> venue.cancel(new CancelOrder("user001", "O1"), events::add));
    }

    @Test
    @DisplayName("Closing more than the position minus working closes gives 1007; closes freeze nothing and realize PnL")
    void closing() {
        submit(limit("user001", Side.BUY, Offset.OPEN, "120", "10"));
        submit(limit("user002", Side.SELL, Offset.OPEN, "120", "10"));

        rejectedSubmit(ErrorCode.INSUFFICIENT_POSITION, limit("user001", Side.SELL, Offset.CLOSE, "121", "11"));
        rejectedSubmit(ErrorCode.INSUFFICIENT_POSITION, limit("user001", Side.BUY, Offset.CLOSE, "119", "1"));
        rejectedSubmit(ErrorCode.INSUFFICIENT_POSITION, limit("user003", Side.SELL, Offset.CLOSE, "121", "1"));
        OrderView close = submit(limit("user001", Side.SELL, Offset.CLOSE, "125", "6"));
        assertThat(account("user001").frozen()).hasToString("0.00");
        rejectedSubmit(ErrorCode.INSUFFICIENT_POSITION, limit("user001", Side.SELL, Offset.CLOSE, "125", "5"));

        submit(limit("user002", Side.BUY, Offset.CLOSE, "125", "6"));

        assertThat(venue.queryOrder(new QueryOrder("user001", close.orderId())).status()).isEqualTo(OrderStatus.FILLED);
        AccountView winner = account("user001");
        AccountView loser = account("user002");
        assertThat(winner.realizedPnl()).hasToString("9000.00");        // (125 − 120) × 6 × 300
        assertThat(loser.realizedPnl()).hasToString("-9000.00");
        assertThat(winner.balance()).hasToString("1009000.00");
        assertThat(winner.margin()).hasToString("17280.00");             // 120 × 4 × 300 × 0.12
        assertThat(winner.unrealizedPnl()).hasToString("6000.00");       // mark 125: 5 × 4 × 300
        assertThat(loser.unrealizedPnl()).hasToString("-6000.00");
        assertThat(winner.profit()).hasToString("15000.00");
        PositionView position = venue.queryPositions(new QueryPositions("user001", "IX2301")).positions().get(0);
        assertThat(position.longQuantity()).hasToString("4");
        assertThat(position.markPrice()).hasToString("125.0");
        assertThat(position.realizedPnl()).hasToString("9000.00");
    }

    @Test
    @DisplayName("Invalid price, quantity, instrument or missing fields are refused with their own codes")
    void invalidOrders() {
        rejectedSubmit(ErrorCode.INVALID_PRICE, limit("user001", Side.BUY, Offset.OPEN, "120.05", "1"));
        rejectedSubmit(ErrorCode.INVALID_PRICE, limit("user001", Side.BUY, Offset.OPEN, null, "1"));
        rejectedSubmit(ErrorCode.INVALID_PRICE, limit("user001", Side.BUY, Offset.OPEN, "0", "1"));
        rejectedSubmit(ErrorCode.INVALID_PRICE, limit("user001", Side.BUY, Offset.OPEN, "-120", "1"));
        rejectedSubmit(ErrorCode.INVALID_QUANTITY, limit("user001", Side.BUY, Offset.OPEN, "120", "0"));
        rejectedSubmit(ErrorCode.INVALID_QUANTITY, limit("user001", Side.BUY, Offset.OPEN, "120", "1.5"));
        rejectedSubmit(ErrorCode.INVALID_QUANTITY, limit("user001", Side.BUY, Offset.OPEN, "120", null));
        rejectedSubmit(ErrorCode.INVALID_QUANTITY, limit("user001", Side.BUY, Offset.OPEN, "120", "1e30"));
        rejectedSubmit(ErrorCode.UNKNOWN_INSTRUMENT, order("user001", "NOPE", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "1", "1"));
        rejectedSubmit(ErrorCode.UNKNOWN_INSTRUMENT, order("user001", "ESZ5", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "6000", "1"));
        rejectedSubmit(ErrorCode.UNKNOWN_INSTRUMENT, order("user001", null, Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "1", "1"));
        rejectedSubmit(ErrorCode.MALFORMED, limit("user001", null, Offset.OPEN, "120", "1"));
        rejectedSubmit(ErrorCode.MALFORMED, limit("user001", Side.BUY, null, "120", "1"));
        rejectedSubmit(ErrorCode.MALFORMED, order("user001", "IX2301", Side.BUY, Offset.OPEN, null, null, "120", "1"));
        rejectedSubmit(ErrorCode.MALFORMED, limit("user.001", Side.BUY, Offset.OPEN, "120", "1"));
        rejectedSubmit(ErrorCode.MALFORMED, new SubmitOrder("user001", "x".repeat(65), "IX2301", Side.BUY, Offset.OPEN,
                OrderType.LIMIT, null, BigDecimal.TEN, BigDecimal.ONE, null));
        rejected(ErrorCode.UNKNOWN_INSTRUMENT, () -> venue.queryPositions(new QueryPositions("user001", "NOPE")));
        rejected(ErrorCode.MALFORMED, () -> venue.handle(null, events::add));

        assertThat(venue.queryOrders(new QueryOrders("user001")).orders()).isEmpty();
    }

    @Test
    @DisplayName("A market order ignores its price, fills what the book has and cancels the rest; against an empty side it is cancelled unfilled")
    void marketOrders() {
        OrderView empty = submit(order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, null, null, "5"));
        assertThat(empty.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(empty.filled()).hasToString("0");
        assertThat(empty.timeInForce()).isEqualTo(TimeInForce.IOC);
        assertThat(events).extracting(Object::getClass).containsExactly(OrderUpdated.class, OrderUpdated.class, AccountChanged.class);

        submit(limit("user002", Side.SELL, Offset.OPEN, "120", "3"));
        submit(limit("user002", Side.SELL, Offset.OPEN, "121", "2"));
        OrderView market = submit(order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, TimeInForce.GTC, "1.23", "8"));

        assertThat(market.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(market.price()).isNull();
        assertThat(market.filled()).hasToString("5");
        assertThat(market.remaining()).hasToString("3");
        assertThat(market.avgFillPrice()).hasToString("120.4");
        assertThat(account("user001").margin()).hasToString("21672.00"); // (120 × 3 + 121 × 2) × 300 × 0.12
        assertThat(venue.book("IX2301").asks()).isEmpty();
    }

    @Test
    @DisplayName("A market order needs margin for what it would fill at the book's prices")
    void marketOrderFunds() {
        venue = venue(true, "50000");
        submit(limit("user002", Side.SELL, Offset.OPEN, "120", "10"));
        submit(limit("user003", Side.SELL, Offset.OPEN, "130", "10"));

        rejectedSubmit(ErrorCode.INSUFFICIENT_FUNDS,
                order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, null, null, "12")); // 43200 + 2 × 4680 > 50000

        OrderView filled = submit(order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, null, null, "10"));
        assertThat(filled.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(account("user001").available()).hasToString("6800.00");
    }

    @Test
    @DisplayName("FOK that cannot fill completely is refused with 1009 and changes nothing; one that can fills")
    void fillOrKill() {
        submit(limit("user002", Side.SELL, Offset.OPEN, "120", "5"));

        rejectedSubmit(ErrorCode.NOT_FILLABLE, order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.FOK, "120", "6"));
        rejectedSubmit(ErrorCode.NOT_FILLABLE, order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, TimeInForce.FOK, null, "6"));
        assertThat(venue.book("IX2301").asks()).containsExactly(new BookLevel(new BigDecimal("120.0"), new BigDecimal("5"), 1));

        OrderView fok = submit(order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.FOK, "120", "5"));
        assertThat(fok.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(fok.timeInForce()).isEqualTo(TimeInForce.FOK);
    }

    @Test
    @DisplayName("IOC fills what it can, cancels the remainder and releases its whole freeze")
    void immediateOrCancel() {
        submit(limit("user002", Side.SELL, Offset.OPEN, "120", "5"));

        OrderView ioc = submit(order("user001", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC, "120", "8"));

        assertThat(ioc.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(ioc.filled()).hasToString("5");
        assertThat(ioc.remaining()).hasToString("3");
        assertThat(events).extracting(Object::getClass).containsExactly(
                OrderUpdated.class, TradeExecuted.class, TradeExecuted.class, OrderUpdated.class, OrderUpdated.class, Tick.class,
                BarUpdated.class, BarUpdated.class, BarUpdated.class, BarUpdated.class, BarUpdated.class, BarUpdated.class,
                BarUpdated.class, BarUpdated.class, BarUpdated.class,
                OrderUpdated.class, PositionChanged.class, PositionChanged.class, AccountChanged.class, AccountChanged.class,
                BookChanged.class);
        assertThat(((OrderUpdated) events.get(4)).order().status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(((OrderUpdated) events.get(15)).order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(account("user001").frozen()).hasToString("0.00");
        assertThat(account("user001").margin()).hasToString("21600.00");
        assertThat(venue.book("IX2301").bids()).isEmpty();
        assertThat(venue.queryOrders(new QueryOrders("user001")).orders()).isEmpty();
    }

    @Test
    @DisplayName("Queries: own finished orders stay queryable, working orders are listed oldest first, flat positions are left out")
    void queries() {
        OrderView first = submit(limit("user001", Side.BUY, Offset.OPEN, "110", "1"));
        OrderView second = submit(order("user001", "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "190.00", "1"));
        submit(limit("user001", Side.BUY, Offset.OPEN, "120", "1"));
        OrderView done = submit(limit("user002", Side.SELL, Offset.OPEN, "120", "1"));

        assertThat(venue.queryOrders(new QueryOrders("user001")).orders()).extracting(OrderView::orderId)
                .containsExactly(first.orderId(), second.orderId());
        assertThat(venue.queryOrder(new QueryOrder("user002", done.orderId())).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(venue.queryPositions(new QueryPositions("user001", null)).positions()).extracting(PositionView::instrument)
                .containsExactly("IX2301"); // the AAPL order works but opened nothing
        assertThat(venue.queryPositions(new QueryPositions("user001", "AAPL")).positions()).isEmpty();
        assertThat(venue.queryPositions(new QueryPositions("nobody", null)).positions()).isEmpty();
        assertThat(venue.queryOrders(new QueryOrders("nobody")).orders()).isEmpty();
        assertThat(account("nobody").balance()).hasToString("1000000.00");
        assertThat(venue.handle(new QueryAccount("user001"), events::add)).isInstanceOf(AccountView.class);
    }

    @Test
    @DisplayName("A CLOSE order resting against the position counts as working: it is cancelled back and fills realize PnL on the maker side")
    void restingClose() {
        submit(limit("user001", Side.SELL, Offset.OPEN, "120", "4"));
        submit(limit("user002", Side.BUY, Offset.OPEN, "120", "4"));   // user001 short 4 @120
        OrderView close = submit(limit("user001", Side.BUY, Offset.CLOSE, "118", "4"));
        rejectedSubmit(ErrorCode.INSUFFICIENT_POSITION, limit("user001", Side.BUY, Offset.CLOSE, "118", "1"));

        cancel("user001", close.orderId());
        submit(limit("user001", Side.BUY, Offset.CLOSE, "118", "4"));
        OrderView taker = submit(limit("user002", Side.SELL, Offset.CLOSE, "118", "4")); // user002 closes long at a loss

        assertThat(taker.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(account("user001").realizedPnl()).hasToString("2400.00");  // (120 − 118) × 4 × 300
        assertThat(account("user002").realizedPnl()).hasToString("-2400.00");
        assertThat(account("user001").margin()).hasToString("0.00");
        assertThat(venue.queryPositions(new QueryPositions("user001", null)).positions()).singleElement()
                .satisfies(p -> assertThat(p.shortQuantity()).hasToString("0"));
    }

    @Test
    @DisplayName("Ids carry the clock's milliseconds and a per-venue counter, separately for orders and trades")
    void ids() {
        assertThat(Venue.formatId('O', 1_725_123_456_789L, 1)).isEqualTo("O17251234567890000001");
        assertThat(Venue.formatId('T', 5, 12_345_678)).isEqualTo("T00000000000052345678");
        clock.set(1_700_000_000_000L);
        submit(limit("user001", Side.BUY, Offset.OPEN, "120", "1"));
        submit(limit("user002", Side.SELL, Offset.OPEN, "120", "1"));
        assertThat(events).filteredOn(TradeExecuted.class::isInstance).extracting(e -> ((TradeExecuted) e).tradeId())
                .containsOnly("T17000000000000000001");
        assertThat(((OrderUpdated) events.get(0)).order().orderId()).isEqualTo("O17000000000000000002");
    }

    @Test
    @DisplayName("A venue refuses instruments that settle in another currency than its accounts")
    void currencyMismatch() {
        assertThatThrownBy(() -> new Venue("tradewire", TestInstruments.directory(),
                new VenueSettings(true, BigDecimal.ONE, "EUR", 10), clock::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IX2301");
        assertThat(venue.instruments()).containsExactly("IX2301", "AAPL", "BTCUSDT");
    }

    @Test
    @DisplayName("QueryBook answers the current top levels of a book, and UNKNOWN_INSTRUMENT for an unknown symbol")
    void queriesTheBook() {
        submit(limit("user001", Side.BUY, Offset.OPEN, "119.5", "3"));
        submit(limit("user002", Side.BUY, Offset.OPEN, "119.5", "2"));
        Object reply = venue.handle(new QueryBook("IX2301"), events::add);
        assertThat(reply).isInstanceOfSatisfying(BookChanged.class, book -> {
            assertThat(book.bids()).singleElement().satisfies(level -> {
                assertThat(level.price()).isEqualByComparingTo("119.5");
                assertThat(level.quantity()).isEqualByComparingTo("5");
                assertThat(level.orderCount()).isEqualTo(2);
            });
            assertThat(book.asks()).isEmpty();
        });
        rejected(ErrorCode.UNKNOWN_INSTRUMENT, () -> venue.handle(new QueryBook("NOPE"), events::add));
    }
}
