package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Amend, post-only, client order ids, price bands, fees, self-trade prevention, deposit and withdraw, against
 * hand-computed numbers. IX2301 here: tick 0.1, ×300, margin 12 %, maker fee 0.01 %, taker fee 0.03 %, band ±10 % around
 * the mark (120 before the first trade); AAPL: ×1, margin 100 %, no fees, no band.
 */
class VenueOrderHandlingTest {
    private static final long T0 = 1_725_123_456_789L;
    private static final long DAY = 24L * 60 * 60 * 1000;
    static final Instrument IX = TestInstruments.IX2301.withTradingRules(new BigDecimal("0.0001"), new BigDecimal("0.0003"),
            new BigDecimal("0.1"));
    static final Instrument BTC = TestInstruments.BTCUSDT.withTradingRules(BigDecimal.ZERO, new BigDecimal("0.0003"), BigDecimal.ZERO);

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<Event> events = new ArrayList<>();
    private Venue venue = venue(SelfTradePrevention.CANCEL_NEWEST, true);

    private Venue venue(SelfTradePrevention stp, boolean autoOpen) {
        return new Venue("tradewire", new InstrumentDirectory(List.of(IX, TestInstruments.AAPL, BTC)),
                new VenueSettings(autoOpen, new BigDecimal("1000000"), "USD", 10, stp, DAY), clock::get);
    }

    private static SubmitOrder order(String user, String instrument, Side side, Offset offset, OrderType type, TimeInForce tif,
            String price, String quantity, String clientOrderId, boolean postOnly) {
        return new SubmitOrder(user, clientOrderId, instrument, side, offset, type, tif, price == null ? null : new BigDecimal(price),
                new BigDecimal(quantity), OrderSource.API, postOnly);
    }

    private static SubmitOrder limit(String user, Side side, String price, String quantity) {
        return order(user, "IX2301", side, Offset.OPEN, OrderType.LIMIT, null, price, quantity, null, false);
    }

    private Object run(Command command) {
        events.clear();
        Object reply = venue.handle(command, events::add);
        venue.validateInternalState();
        return reply;
    }

    private OrderView submit(SubmitOrder command) {
        return (OrderView) run(command);
    }

    private OrderView amend(String user, String orderId, String price, String quantity) {
        return (OrderView) run(new AmendOrder(user, orderId, price == null ? null : new BigDecimal(price),
                quantity == null ? null : new BigDecimal(quantity)));
    }

    private AccountView account(String user) {
        return venue.queryAccount(new QueryAccount(user));
    }

    private OrderView order(String user, String id) {
        return venue.queryOrder(new QueryOrder(user, id));
    }

    private List<BookLevel> bids() {
        return venue.book("IX2301").bids();
    }

    /** The rejection code, and that the command left no trace: no events, the same state hash. */
    private RejectedException rejected(ErrorCode code, Command command) {
        String before = venue.stateHash();
        events.clear();
        Executable execute = () -> venue.handle(command, events::add);
        RejectedException e = org.junit.jupiter.api.Assertions.assertThrows(RejectedException.class, execute);
        assertThat(e.code()).as("%s", e.getMessage()).isEqualTo(code);
        assertThat(events).isEmpty();
        assertThat(venue.stateHash()).as("state after a rejected %s", command).isEqualTo(before);
        venue.validateInternalState();
        return e;
    }

    private static AmendOrder amendCommand(String user, String orderId, String price, String quantity) {
        return new AmendOrder(user, orderId, price == null ? null : new BigDecimal(price), quantity == null ? null : new BigDecimal(quantity));
    }

    @Nested
    class Amend {
        @Test
        @DisplayName("Quantity down keeps time priority: the amended order still fills first, and holds less")
        void quantityDownKeepsPriority() {
            OrderView first = submit(limit("u1", Side.BUY, "120", "10"));
            OrderView second = submit(limit("u2", Side.BUY, "120", "5"));
            clock.set(T0 + 10);

            OrderView amended = amend("u1", first.orderId(), null, "4");

            assertThat(amended.quantity()).hasToString("4");
            assertThat(amended.remaining()).hasToString("4");
            assertThat(amended.updatedAt()).isEqualTo(T0 + 10);
            assertThat(events).extracting(Object::getClass).containsExactly(OrderUpdated.class, AccountChanged.class, BookChanged.class);
            assertThat(account("u1").frozen()).hasToString("17280.00"); // 120 × 4 × 300 × 0.12
            assertThat(bids()).containsExactly(new BookLevel(new BigDecimal("120.0"), new BigDecimal("9"), 2));

            submit(limit("u3", Side.SELL, "120", "4"));

            assertThat(order("u1", first.orderId()).status()).isEqualTo(OrderStatus.FILLED);
            assertThat(order("u2", second.orderId()).filled()).hasToString("0");
        }

        @Test
        @DisplayName("A partly filled order reduced in place keeps priority; the new quantity counts what has filled")
        void partlyFilledReduction() {
            OrderView first = submit(limit("u1", Side.BUY, "120", "10"));
            submit(limit("u2", Side.BUY, "120", "5"));
            submit(limit("u3", Side.SELL, "120", "3"));

            OrderView amended = amend("u1", first.orderId(), null, "5");

            assertThat(amended.filled()).hasToString("3");
            assertThat(amended.remaining()).hasToString("2");
            assertThat(amended.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
            submit(limit("u3", Side.SELL, "120", "2"));
            assertThat(order("u1", first.orderId()).status()).isEqualTo(OrderStatus.FILLED);
        }

        @Test
        @DisplayName("Quantity up loses time priority: the order goes behind the others at its price")
        void quantityUpLosesPriority() {
            OrderView first = submit(limit("u1", Side.BUY, "120", "10"));
            OrderView second = submit(limit("u2", Side.BUY, "120", "5"));

            amend("u1", first.orderId(), null, "12");

            assertThat(account("u1").frozen()).hasToString("51840.00"); // 120 × 12 × 300 × 0.12
            submit(limit("u3", Side.SELL, "120", "5"));
            assertThat(order("u2", second.orderId()).status()).isEqualTo(OrderStatus.FILLED);
            assertThat(order("u1", first.orderId()).filled()).hasToString("0");
        }

        @Test
        @DisplayName("A price change loses priority, even when the price later comes back")
        void priceChangeLosesPriority() {
            OrderView first = submit(limit("u1", Side.BUY, "120", "10"));
            OrderView second = submit(limit("u2", Side.BUY, "120", "5"));

            amend("u1", first.orderId(), "119.9", null);
            assertThat(bids()).containsExactly(new BookLevel(new BigDecimal("120.0"), new BigDecimal("5"), 1),
                    new BookLevel(new BigDecimal("119.9"), new BigDecimal("10"), 1));
            assertThat(account("u1").frozen()).hasToString("43164.00"); // 119.9 × 10 × 300 × 0.12
            amend("u1", first.orderId(), "120", null);

            submit(limit("u3", Side.SELL, "120", "5"));
            assertThat(order("u2", second.orderId()).status()).isEqualTo(OrderStatus.FILLED);
            assertThat(order("u1", first.orderId()).filled()).hasToString("0");
            assertThat(order("u1", first.orderId()).price()).hasToString("120.0");
        }

        @Test
        @DisplayName("A new price that crosses the book trades first as the taker (taker fee), and the rest rests at the new price")
        void crossingPriceTrades() {
            submit(limit("u2", Side.SELL, "121", "5"));
            OrderView bid = submit(limit("u1", Side.BUY, "120", "10"));

            OrderView amended = amend("u1", bid.orderId(), "121", null);

            assertThat(amended.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
            assertThat(amended.filled()).hasToString("5");
            assertThat(amended.avgFillPrice()).hasToString("121.0");
            TradeExecuted taker = events.stream().filter(TradeExecuted.class::isInstance).map(TradeExecuted.class::cast)
                    .filter(t -> !t.maker()).findFirst().orElseThrow();
            assertThat(taker.orderId()).isEqualTo(bid.orderId());
            assertThat(taker.fee()).hasToString("54.45"); // 121 × 5 × 300 × 0.0003
            assertThat(bids()).containsExactly(new BookLevel(new BigDecimal("121.0"), new BigDecimal("5"), 1));
            assertThat(events.get(0)).isInstanceOfSatisfying(OrderUpdated.class,
                    u -> assertThat(u.order().price()).hasToString("121.0"));
        }

        @Test
        @DisplayName("Same price and quantity: nothing changes and nothing is published")
        void noChange() {
            OrderView bid = submit(limit("u1", Side.BUY, "120", "10"));
            String before = venue.stateHash();

            OrderView same = amend("u1", bid.orderId(), "120.00", "10");

            assertThat(same).isEqualTo(bid);
            assertThat(events).isEmpty();
            assertThat(venue.stateHash()).isEqualTo(before);
        }

        @Test
        @DisplayName("Refusals change nothing: empty, unknown, another user's, finished, filled part, post-only crossing, band, funds, position")
        void refusals() {
            OrderView bid = submit(limit("u1", Side.BUY, "120", "10"));
            submit(limit("u3", Side.SELL, "120", "3"));
            submit(limit("u2", Side.SELL, "121", "5"));
            OrderView postOnly = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", null, true));
            OrderView done = submit(order("u1", "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC, "190", "1", null, false));

            rejected(ErrorCode.MALFORMED, amendCommand("u1", bid.orderId(), null, null));
            rejected(ErrorCode.ORDER_NOT_FOUND, amendCommand("u1", "O00000000000000000000", "120", null));
            rejected(ErrorCode.ORDER_NOT_FOUND, amendCommand("u2", bid.orderId(), "120", null));
            rejected(ErrorCode.ORDER_NOT_ACTIVE, amendCommand("u1", done.orderId(), "191", null));
            assertThat(rejected(ErrorCode.INVALID_QUANTITY, amendCommand("u1", bid.orderId(), null, "3")).getMessage())
                    .contains("3 already filled");
            rejected(ErrorCode.INVALID_QUANTITY, amendCommand("u1", bid.orderId(), null, "2.5"));
            rejected(ErrorCode.INVALID_PRICE, amendCommand("u1", bid.orderId(), "120.05", null));
            assertThat(rejected(ErrorCode.WOULD_TAKE_LIQUIDITY, amendCommand("u1", postOnly.orderId(), "121", null)).getMessage())
                    .contains("best ask is 121.0");
            rejected(ErrorCode.PRICE_OUT_OF_BAND, amendCommand("u1", bid.orderId(), "99", null));
            rejected(ErrorCode.INSUFFICIENT_FUNDS, amendCommand("u1", bid.orderId(), null, "1000"));
            // u1 is long 3: a working CLOSE of 2 may grow to 3, not to 4
            OrderView close = submit(order("u1", "IX2301", Side.SELL, Offset.CLOSE, OrderType.LIMIT, null, "125", "2", null, false));
            rejected(ErrorCode.INSUFFICIENT_POSITION, amendCommand("u1", close.orderId(), null, "4"));
            assertThat(amend("u1", close.orderId(), null, "3").remaining()).hasToString("3");
        }

        @Test
        @DisplayName("An amend that loses priority into the user's own resting order is cancelled by self-trade prevention")
        void amendIntoOwnOrder() {
            submit(limit("u1", Side.SELL, "121", "5"));
            OrderView bid = submit(limit("u1", Side.BUY, "120", "10"));

            OrderView amended = amend("u1", bid.orderId(), "121", null);

            assertThat(amended.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(amended.filled()).hasToString("0");
            assertThat(account("u1").frozen()).hasToString("21780.00"); // only the ask: 121 × 5 × 300 × 0.12
            assertThat(venue.book("IX2301").asks()).containsExactly(new BookLevel(new BigDecimal("121.0"), new BigDecimal("5"), 1));
        }
    }

    @Nested
    class PostOnly {
        @Test
        @DisplayName("A post-only order that would take liquidity is refused with 1010; one that does not rests and says so")
        void postOnly() {
            submit(limit("u2", Side.SELL, "120", "5"));

            RejectedException e = rejected(ErrorCode.WOULD_TAKE_LIQUIDITY,
                    order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "120", "1", null, true));
            assertThat(e.getMessage()).isEqualTo("Post-only order would take liquidity: the best ask is 120.0");

            OrderView rests = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC, "119.9", "1", null, true));
            assertThat(rests.status()).isEqualTo(OrderStatus.SUBMITTED);
            assertThat(rests.postOnly()).isTrue();
            assertThat(submit(limit("u1", Side.BUY, "119.9", "1")).postOnly()).isFalse();
        }

        @Test
        @DisplayName("Post-only is for resting limit orders: with MARKET, IOC or FOK it is malformed")
        void postOnlyNeedsAResting() {
            rejected(ErrorCode.MALFORMED, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, null, null, "1", null, true));
            rejected(ErrorCode.MALFORMED, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC, "120", "1", null, true));
            rejected(ErrorCode.MALFORMED, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.FOK, "120", "1", null, true));
        }
    }

    @Nested
    class ClientOrderIds {
        @Test
        @DisplayName("A client order id is refused with 1011 while its order works and for the window after it finished; per user")
        void duplicates() {
            OrderView first = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));
            assertThat(rejected(ErrorCode.DUPLICATE_CLIENT_ORDER_ID,
                    order("u1", "AAPL", Side.SELL, Offset.OPEN, OrderType.LIMIT, null, "190", "1", "c-1", false)).getMessage())
                    .contains(first.orderId()).contains("working");
            assertThat(submit(order("u2", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false)).clientOrderId())
                    .isEqualTo("c-1");

            clock.set(T0 + 1000);
            run(new CancelOrder("u1", first.orderId()));
            clock.set(T0 + 1000 + DAY - 1);
            rejected(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));
            clock.set(T0 + 1000 + DAY);
            OrderView reused = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));
            assertThat(reused.orderId()).isNotEqualTo(first.orderId());
            rejected(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));
        }

        @Test
        @DisplayName("A refused order does not use up its client order id, and an IOC that finished at once does")
        void refusedOrdersDoNotCount() {
            rejected(ErrorCode.INSUFFICIENT_FUNDS, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "120", "1000", "c-9", false));
            OrderView ioc = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC, "120", "1", "c-9", false));
            assertThat(ioc.status()).isEqualTo(OrderStatus.CANCELLED);
            rejected(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "120", "1", "c-9", false));
        }

        @Test
        @DisplayName("With a window of 0 an id is free again as soon as its order finished; a snapshot keeps the ids in use")
        void zeroWindowAndSnapshots() throws Exception {
            venue = new Venue("tradewire", new InstrumentDirectory(List.of(IX)),
                    new VenueSettings(true, new BigDecimal("1000000"), "USD", 10, SelfTradePrevention.CANCEL_NEWEST, 0), clock::get);
            OrderView first = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));
            run(new CancelOrder("u1", first.orderId()));
            submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));

            Venue restored = new Venue("tradewire", new InstrumentDirectory(List.of(IX)),
                    new VenueSettings(true, new BigDecimal("1000000"), "USD", 10, SelfTradePrevention.CANCEL_NEWEST, 0), clock::get);
            VenueSnapshot.restore(restored, new ByteIn(VenueSnapshot.encode(venue)));
            venue = restored;
            rejected(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));
        }
    }

    @Nested
    class ByClientOrderId {
        private OrderView resting(String user, String clientOrderId, String price) {
            return submit(order(user, "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, price, "1", clientOrderId, false));
        }

        @Test
        @DisplayName("Cancel and amend by client order id do exactly what they do by order id: same replies, events and state")
        void sameAsByOrderId() {
            List<Object> byId = new ArrayList<>();
            List<Object> byClientId = new ArrayList<>();
            for (boolean clientIds : new boolean[] {false, true}) {
                List<Object> trace = clientIds ? byClientId : byId;
                clock.set(T0);
                venue = venue(SelfTradePrevention.CANCEL_NEWEST, true);
                OrderView a = resting("u1", "a", "119");
                OrderView b = resting("u1", "b", "118");
                submit(order("u2", "IX2301", Side.SELL, Offset.OPEN, OrderType.LIMIT, null, "121", "2", "s", false));
                clock.set(T0 + 10);
                trace.add(run(clientIds ? AmendOrder.byClientOrderId("u1", "a", new BigDecimal("121"), null)
                        : new AmendOrder("u1", a.orderId(), new BigDecimal("121"), null))); // crosses: trades
                trace.add(List.copyOf(events));
                trace.add(run(clientIds ? AmendOrder.byClientOrderId("u1", "b", null, new BigDecimal("3"))
                        : new AmendOrder("u1", b.orderId(), null, new BigDecimal("3"))));
                trace.add(List.copyOf(events));
                trace.add(run(clientIds ? CancelOrder.byClientOrderId("u1", "b") : new CancelOrder("u1", b.orderId())));
                trace.add(List.copyOf(events));
                trace.add(venue.stateHash());
            }
            assertThat(byClientId).isEqualTo(byId);
            assertThat(((OrderView) byClientId.get(4)).status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(((OrderView) byClientId.get(4)).clientOrderId()).isEqualTo("b");
        }

        @Test
        @DisplayName("A user never reaches another user's order by its client order id: the same id names each user's own order")
        void perUser() {
            OrderView mine = resting("u1", "c-1", "119");
            rejected(ErrorCode.ORDER_NOT_FOUND, CancelOrder.byClientOrderId("u2", "c-1"));
            rejected(ErrorCode.ORDER_NOT_FOUND, AmendOrder.byClientOrderId("u2", "c-1", new BigDecimal("118"), null));
            OrderView theirs = resting("u2", "c-1", "118");
            OrderView cancelled = (OrderView) run(CancelOrder.byClientOrderId("u2", "c-1"));
            assertThat(cancelled.orderId()).isEqualTo(theirs.orderId());
            assertThat(order("u1", mine.orderId()).status()).isEqualTo(OrderStatus.SUBMITTED);
        }

        @Test
        @DisplayName("Refusals change nothing: unknown id (1002), both ids or neither, oversize or unprintable id (400), finished order (1008)")
        void refusals() {
            OrderView order = resting("u1", "c-1", "119");
            rejected(ErrorCode.ORDER_NOT_FOUND, CancelOrder.byClientOrderId("u1", "c-2"));
            rejected(ErrorCode.ORDER_NOT_FOUND, AmendOrder.byClientOrderId("u1", "c-2", null, new BigDecimal("2")));
            rejected(ErrorCode.MALFORMED, new CancelOrder("u1", order.orderId(), "c-1"));
            rejected(ErrorCode.MALFORMED, new AmendOrder("u1", order.orderId(), "c-1", null, new BigDecimal("2")));
            rejected(ErrorCode.MALFORMED, new CancelOrder("u1", null, null));
            rejected(ErrorCode.MALFORMED, new AmendOrder("u1", null, null, new BigDecimal("118"), null));
            rejected(ErrorCode.MALFORMED, CancelOrder.byClientOrderId("u1", "x".repeat(65)));
            rejected(ErrorCode.MALFORMED, AmendOrder.byClientOrderId("u1", "x".repeat(100_000), new BigDecimal("118"), null));
            rejected(ErrorCode.MALFORMED, CancelOrder.byClientOrderId("u1", "c-1\n"));
            rejected(ErrorCode.MALFORMED, CancelOrder.byClientOrderId("u1/c-1", "c-1"));
            rejected(ErrorCode.MALFORMED, AmendOrder.byClientOrderId("u1", "c-1", null, null));
            run(CancelOrder.byClientOrderId("u1", "c-1"));
            rejected(ErrorCode.ORDER_NOT_ACTIVE, CancelOrder.byClientOrderId("u1", "c-1"));
            rejected(ErrorCode.ORDER_NOT_ACTIVE, AmendOrder.byClientOrderId("u1", "c-1", new BigDecimal("118"), null));
        }

        @Test
        @DisplayName("Without auto-open, an unknown user's cancel by client order id is refused as an unknown account")
        void unknownAccount() {
            venue = venue(SelfTradePrevention.CANCEL_NEWEST, false);
            rejected(ErrorCode.ACCOUNT_NOT_FOUND, CancelOrder.byClientOrderId("nobody", "c-1"));
        }

        @Test
        @DisplayName("A reused client order id names the latest order submitted with it, also after a snapshot restore")
        void reusedIdNamesTheLatestOrder() throws Exception {
            venue = new Venue("tradewire", new InstrumentDirectory(List.of(IX)),
                    new VenueSettings(true, new BigDecimal("1000000"), "USD", 10, SelfTradePrevention.CANCEL_NEWEST, 0), clock::get);
            OrderView first = resting("u1", "c-1", "119");
            run(CancelOrder.byClientOrderId("u1", "c-1"));
            OrderView second = resting("u1", "c-1", "118");

            Venue restored = new Venue("tradewire", new InstrumentDirectory(List.of(IX)),
                    new VenueSettings(true, new BigDecimal("1000000"), "USD", 10, SelfTradePrevention.CANCEL_NEWEST, 0), clock::get);
            VenueSnapshot.restore(restored, new ByteIn(VenueSnapshot.encode(venue)));
            venue = restored;
            OrderView amended = (OrderView) run(AmendOrder.byClientOrderId("u1", "c-1", new BigDecimal("117"), null));
            assertThat(amended.orderId()).isEqualTo(second.orderId()).isNotEqualTo(first.orderId());
            assertThat(amended.price()).isEqualByComparingTo("117");
            assertThat(order("u1", first.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
        }
    }

    @Nested
    class FinishedOrderRetention {
        private static final long HOUR = 3_600_000L;

        private Venue venue(long retentionMillis, int max) {
            return new Venue("tradewire", new InstrumentDirectory(List.of(IX)), new VenueSettings(true, new BigDecimal("1000000"),
                    "USD", 10, SelfTradePrevention.CANCEL_NEWEST, HOUR, retentionMillis, max), clock::get);
        }

        @Test
        @DisplayName("A finished order answers queries for the retention; the next accepted command after it forgets the order "
                + "(1002) and frees its client order id; working orders are never forgotten")
        void byAge() {
            venue = venue(2 * HOUR, 1_000);
            OrderView done = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false));
            OrderView working = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "118", "1", "c-2", false));
            clock.set(T0 + 1000);
            run(new CancelOrder("u1", done.orderId()));

            clock.set(T0 + 1000 + 2 * HOUR);
            run(new Deposit("u2", BigDecimal.TEN)); // exactly the retention: still kept
            assertThat(order("u1", done.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
            clock.set(T0 + 1001 + 2 * HOUR);
            assertThat(order("u1", done.orderId()).status()).as("queries do not forget").isEqualTo(OrderStatus.CANCELLED);
            run(new Deposit("u2", BigDecimal.TEN));
            assertThat(rejected(ErrorCode.ORDER_NOT_FOUND, new QueryOrder("u1", done.orderId())).getMessage()).isNotBlank();
            assertThat(submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-1", false)).status())
                    .as("the forgotten order's client order id is free").isEqualTo(OrderStatus.SUBMITTED);
            assertThat(order("u1", working.orderId()).status()).isEqualTo(OrderStatus.SUBMITTED);
            rejected(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "119", "1", "c-2", false));
        }

        @Test
        @DisplayName("Beyond the maximum the oldest finished orders go first, filled ones included; a rejected command forgets nothing")
        void byCount() {
            venue = venue(2 * HOUR, 2);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clock.set(T0 + i);
                OrderView rest = submit(limit("maker", Side.SELL, "120", "1"));
                OrderView taker = submit(limit("taker", Side.BUY, "120", "1"));
                assertThat(order("taker", taker.orderId()).status()).isEqualTo(OrderStatus.FILLED);
                ids.add(rest.orderId());
                ids.add(taker.orderId());
            }
            // Six filled orders, the two of each round finished at the same time: the accepted commands kept at most
            // two finished orders before each one's own fills, so four are forgotten by now, the oldest first.
            assertThat(venue.finishedOrders()).isEqualTo(4);
            rejected(ErrorCode.INSUFFICIENT_FUNDS, limit("poor", Side.BUY, "120", "100000"));
            assertThat(venue.finishedOrders()).as("after a rejected command").isEqualTo(4);
            run(new Deposit("u2", BigDecimal.TEN));
            assertThat(venue.finishedOrders()).isEqualTo(2);
            for (String id : ids.subList(0, 4)) {
                String user = ids.indexOf(id) % 2 == 0 ? "maker" : "taker";
                rejected(ErrorCode.ORDER_NOT_FOUND, new QueryOrder(user, id));
            }
            assertThat(order("maker", ids.get(4)).status()).isEqualTo(OrderStatus.FILLED);
            assertThat(order("taker", ids.get(5)).status()).isEqualTo(OrderStatus.FILLED);
        }

        @Test
        @DisplayName("A snapshot keeps the finished orders, and the restored venue forgets exactly what the live one forgets")
        void snapshots() throws Exception {
            venue = venue(2 * HOUR, 3);
            for (int i = 0; i < 4; i++) {
                clock.set(T0 - i * 1000L); // the clock steps back: finish times out of order
                OrderView o = submit(limit("u1", Side.BUY, "119", "1"));
                run(new CancelOrder("u1", o.orderId()));
            }
            Venue restored = venue(2 * HOUR, 3);
            VenueSnapshot.restore(restored, new ByteIn(VenueSnapshot.encode(venue)));
            assertThat(restored.stateHash()).isEqualTo(venue.stateHash());
            for (long at : new long[] {T0 + HOUR, T0 - 2500 + 2 * HOUR + 1, T0 + 2 * HOUR + 1}) {
                clock.set(at);
                venue.handle(new Deposit("u2", BigDecimal.ONE), events::add);
                restored.handle(new Deposit("u2", BigDecimal.ONE), at, EventSink.DISCARD);
                assertThat(restored.stateHash()).as("at %d", at).isEqualTo(venue.stateHash());
                restored.validateInternalState();
            }
            assertThat(venue.finishedOrders()).isZero();
        }

        @Test
        @DisplayName("The retention may not be shorter than the client order id window")
        void retentionCoversTheWindow() {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new VenueSettings(true, BigDecimal.ONE,
                    "USD", 10, SelfTradePrevention.CANCEL_NEWEST, 2 * HOUR, HOUR, 10));
        }
    }

    @Nested
    class PriceBand {
        @Test
        @DisplayName("Limit prices must lie within ±10 % of the reference price before any trade, then of the last trade price")
        void band() {
            submit(limit("u1", Side.BUY, "108", "1"));
            submit(limit("u2", Side.SELL, "132", "1"));
            RejectedException low = rejected(ErrorCode.PRICE_OUT_OF_BAND, limit("u1", Side.BUY, "107.9", "1"));
            assertThat(low.getMessage()).isEqualTo("Price out of band: 107.9 is not within 108.0 .. 132.0 (±10 % of the last price 120.0)");
            rejected(ErrorCode.PRICE_OUT_OF_BAND, limit("u2", Side.SELL, "132.1", "1"));

            submit(limit("u1", Side.BUY, "125", "1"));
            submit(limit("u2", Side.SELL, "125", "1")); // trades: the last price is 125.0 now, the band 112.5 .. 137.5

            submit(limit("u2", Side.SELL, "137.5", "1"));
            rejected(ErrorCode.PRICE_OUT_OF_BAND, limit("u2", Side.SELL, "137.6", "1"));
            rejected(ErrorCode.PRICE_OUT_OF_BAND, limit("u1", Side.BUY, "112.4", "1"));
            // CLOSE orders are bound by the band too
            rejected(ErrorCode.PRICE_OUT_OF_BAND, order("u1", "IX2301", Side.SELL, Offset.CLOSE, OrderType.LIMIT, null, "140", "1", null, false));
        }

        @Test
        @DisplayName("A market order trades only within the band: asks beyond it stay, its remainder is cancelled")
        void marketOrdersStayInTheBand() {
            submit(limit("u2", Side.SELL, "130", "2"));
            submit(limit("u2", Side.SELL, "110", "1"));
            submit(limit("u3", Side.BUY, "110", "1")); // trade at 110: the band is 99 .. 121 now, the 130 ask is outside it

            OrderView market = submit(order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, null, null, "2", null, false));

            assertThat(market.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(market.filled()).hasToString("0");
            assertThat(venue.book("IX2301").asks()).containsExactly(new BookLevel(new BigDecimal("130.0"), new BigDecimal("2"), 1));
            rejected(ErrorCode.NOT_FILLABLE, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.MARKET, TimeInForce.FOK, null, "1", null, false));
        }
    }

    @Nested
    class Fees {
        @Test
        @DisplayName("Maker 0.01 % and taker 0.03 % of the notional come out of each balance and show in trades and accounts")
        void fees() {
            submit(limit("u1", Side.BUY, "120", "10"));
            submit(limit("u2", Side.SELL, "120", "10")); // notional 120 × 10 × 300 = 360000

            List<TradeExecuted> trades = events.stream().filter(TradeExecuted.class::isInstance).map(TradeExecuted.class::cast).toList();
            assertThat(trades).extracting(TradeExecuted::maker, t -> t.fee().toPlainString())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(true, "36.00"), org.assertj.core.groups.Tuple.tuple(false, "108.00"));
            AccountView maker = account("u1");
            AccountView taker = account("u2");
            assertThat(maker.fees()).hasToString("36.00");
            assertThat(maker.balance()).hasToString("999964.00");
            assertThat(maker.available()).hasToString("956764.00"); // − 43200 margin
            assertThat(taker.fees()).hasToString("108.00");
            assertThat(taker.balance()).hasToString("999892.00");
            assertThat(maker.profit()).hasToString("0.00"); // fees are not PnL
            assertThat(account("u3").fees()).hasToString("0.00");
        }

        @Test
        @DisplayName("A fee with more than 8 decimals is rounded up: 0.03 % of 60.00001 is 0.01800001")
        void roundsUp() {
            submit(order("u1", "BTCUSDT", Side.SELL, Offset.OPEN, OrderType.LIMIT, null, "60000.01", "0.001", null, false));
            submit(order("u2", "BTCUSDT", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, "60000.01", "0.001", null, false));

            assertThat(account("u2").fees()).hasToString("0.01800001");
            assertThat(account("u2").balance()).hasToString("999999.98199999");
            assertThat(account("u1").fees()).hasToString("0.00"); // no maker fee on BTCUSDT here
        }

        @Test
        @DisplayName("The funds check counts the fee: margin alone is not enough")
        void feesNeedFunds() {
            venue = new Venue("tradewire", new InstrumentDirectory(List.of(IX)),
                    new VenueSettings(true, new BigDecimal("43200"), "USD", 10), clock::get);
            // 10 @ 120 rests: 43200 frozen + 36 maker fee > 43200
            rejected(ErrorCode.INSUFFICIENT_FUNDS, limit("u1", Side.BUY, "120", "10"));
            run(new Deposit("u2", new BigDecimal("36")));
            submit(limit("u2", Side.SELL, "120", "10"));
            // takes 10 @ 120: 43200 margin + 108 taker fee > 43200
            rejected(ErrorCode.INSUFFICIENT_FUNDS, order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC, "120", "10", null, false));
            OrderView fits = submit(limit("u1", Side.BUY, "120", "9"));
            assertThat(fits.status()).isEqualTo(OrderStatus.FILLED);
            assertThat(account("u1").fees()).hasToString("97.20"); // 120 × 9 × 300 × 0.0003
        }
    }

    @Nested
    class SelfTrades {
        @Test
        @DisplayName("Cancel newest: an order that reaches the user's own resting order trades up to it and is cancelled there")
        void cancelNewest() {
            submit(limit("u2", Side.SELL, "120", "3"));
            OrderView own = submit(limit("u1", Side.SELL, "120", "5"));
            submit(limit("u2", Side.SELL, "120.5", "5"));

            OrderView buy = submit(limit("u1", Side.BUY, "121", "10"));

            assertThat(buy.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(buy.filled()).hasToString("3");
            assertThat(order("u1", own.orderId()).status()).isEqualTo(OrderStatus.SUBMITTED);
            assertThat(venue.book("IX2301").asks()).extracting(BookLevel::quantity).extracting(BigDecimal::toPlainString)
                    .containsExactly("5", "5"); // the own ask and the one behind it are untouched
            assertThat(bids()).isEmpty();
            assertThat(events).filteredOn(OrderUpdated.class::isInstance).last()
                    .satisfies(e -> assertThat(((OrderUpdated) e).order().status()).isEqualTo(OrderStatus.CANCELLED));
            assertThat(account("u1").frozen()).hasToString("21600.00"); // only the own ask
        }

        @Test
        @DisplayName("A fill-or-kill order that would reach the user's own order is refused with 1009, naming the reason")
        void fillOrKill() {
            submit(limit("u1", Side.SELL, "120", "5"));
            RejectedException e = rejected(ErrorCode.NOT_FILLABLE,
                    order("u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.FOK, "120", "1", null, false));
            assertThat(e.getMessage()).contains("self-trade prevention");
        }

        @Test
        @DisplayName("With self-trade prevention off, a user's orders trade with each other")
        void none() {
            venue = venue(SelfTradePrevention.NONE, true);
            submit(limit("u1", Side.SELL, "120", "5"));
            OrderView buy = submit(limit("u1", Side.BUY, "120", "5"));
            assertThat(buy.status()).isEqualTo(OrderStatus.FILLED);
            assertThat(venue.queryOrders(new QueryOrders("u1")).orders()).isEmpty();
        }
    }

    @Nested
    class Money {
        @Test
        @DisplayName("Deposit adds to balance and net deposits and publishes the account; withdraw takes out at most what is free")
        void depositAndWithdraw() {
            AccountView deposited = (AccountView) run(new Deposit("u1", new BigDecimal("1000.50")));
            assertThat(deposited.balance()).hasToString("1001000.50");
            assertThat(events).singleElement().isInstanceOfSatisfying(AccountChanged.class,
                    e -> assertThat(e.account()).isEqualTo(deposited));

            submit(limit("u1", Side.BUY, "120", "10")); // 43200 frozen
            rejected(ErrorCode.INSUFFICIENT_FUNDS, new Withdraw("u1", new BigDecimal("957800.51")));
            AccountView withdrawn = (AccountView) run(new Withdraw("u1", new BigDecimal("957800.50")));
            assertThat(withdrawn.balance()).hasToString("43200.00");
            assertThat(withdrawn.available()).hasToString("0.00");
            assertThat(Venue.changesState(new Deposit("u1", BigDecimal.ONE))).isTrue();
            assertThat(Venue.changesState(new Withdraw("u1", BigDecimal.ONE))).isTrue();
            assertThat(Venue.changesState(new AmendOrder("u1", "O1", null, BigDecimal.ONE))).isTrue();
        }

        @Test
        @DisplayName("Unrealized profit cannot be withdrawn; an unrealized loss lowers what can")
        void unrealized() {
            submit(limit("u1", Side.BUY, "120", "10"));
            submit(limit("u2", Side.SELL, "120", "10"));
            submit(limit("u3", Side.BUY, "125", "1"));
            submit(limit("u4", Side.SELL, "125", "1")); // mark 125: u1 +15000, u2 −15000

            // u1: balance 999964, margin 43200, unrealized +15000 (available 971764): 956764 can be withdrawn
            assertThat(account("u1").available()).hasToString("971764.00");
            rejected(ErrorCode.INSUFFICIENT_FUNDS, new Withdraw("u1", new BigDecimal("956764.01")));
            // u2: balance 999892, margin 43200, unrealized −15000: 941692
            rejected(ErrorCode.INSUFFICIENT_FUNDS, new Withdraw("u2", new BigDecimal("941692.01")));
            assertThat(((AccountView) run(new Withdraw("u2", new BigDecimal("941692")))).available()).hasToString("0.00");
        }

        @Test
        @DisplayName("Amounts must be positive with at most 8 decimals; without auto-open a deposit opens the account")
        void amountsAndAccounts() {
            for (String bad : new String[] {"0", "-1", "0.000000001", "1000000000000000.01"}) {
                rejected(ErrorCode.MALFORMED, new Deposit("u1", new BigDecimal(bad)));
                rejected(ErrorCode.MALFORMED, new Withdraw("u1", new BigDecimal(bad)));
            }
            rejected(ErrorCode.MALFORMED, new Deposit("u1", null));
            rejected(ErrorCode.MALFORMED, new Deposit("bad/user", BigDecimal.ONE));

            venue = venue(SelfTradePrevention.CANCEL_NEWEST, false);
            rejected(ErrorCode.ACCOUNT_NOT_FOUND, new Withdraw("u1", BigDecimal.ONE));
            rejected(ErrorCode.ACCOUNT_NOT_FOUND, limit("u1", Side.BUY, "120", "1"));
            assertThat(((AccountView) run(new Deposit("u1", new BigDecimal("50000")))).balance()).hasToString("50000.00");
            assertThat(submit(limit("u1", Side.BUY, "120", "1")).status()).isEqualTo(OrderStatus.SUBMITTED);
            assertThat(account("u1").available()).hasToString("45680.00");
        }
    }
}
