package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
    private static final InstrumentDirectory INSTRUMENTS = new InstrumentDirectory(List.of(new Instrument("IX2301",
            InstrumentKind.FUTURES, Instrument.VENUE_ROUTE, new BigDecimal("0.1"), BigDecimal.ONE, new BigDecimal("300"),
            new BigDecimal("0.12"), "USD", new BigDecimal("120"), "CN")));
    private static final String ORDERS = "user.u1.orders";

    private final Sequencer sequencer = new Sequencer(9);
    private final List<Bootstrap.Query> queries = new ArrayList<>();
    private final List<Promise<Object>> replies = new ArrayList<>();
    private long now = 1_000L;
    private final Snapshots snapshots = new Snapshots(sequencer, new Bootstrap(INSTRUMENTS, "tradewire"), query -> {
        queries.add(query);
        Promise<Object> reply = Promise.promise();
        replies.add(reply);
        return reply.future();
    }, () -> now);

    private static OrderView order(String id, OrderStatus status) {
        return new OrderView(id, null, "u1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("119.0"), BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE, null, status, OrderSource.API, 1L, 1L);
    }

    /** What the notifier does for each event: stamp, then keep the state current. */
    private void event(String stream, io.tradewire.model.event.Event event) {
        sequencer.stamp(stream, event);
        snapshots.apply(stream, event);
    }

    @Test
    @DisplayName("A stream is rebuilt once from the venue; events meanwhile are in the reply and only bump the sequence")
    void bootstrapsOnceThenFollowsEvents() {
        event(ORDERS, new OrderUpdated(order("O1", OrderStatus.SUBMITTED))); // before anybody asked: seq 1
        Future<Snapshot> first = snapshots.snapshot(ORDERS);
        Future<Snapshot> second = snapshots.snapshot(ORDERS); // while the query is out
        assertThat(queries).singleElement().satisfies(q -> {
            assertThat(q.address()).isEqualTo("matching.tradewire");
            assertThat(q.command()).isEqualTo(new QueryOrders("u1"));
        });
        event(ORDERS, new OrderUpdated(order("O2", OrderStatus.SUBMITTED))); // seq 2, already in the reply
        replies.get(0).complete(new OrderList(List.of(order("O1", OrderStatus.SUBMITTED), order("O2", OrderStatus.SUBMITTED))));

        assertThat(first.result().seq()).isEqualTo(2);
        assertThat(first.result().epoch()).isEqualTo(9);
        assertThat(first.result().events()).hasSize(2);
        assertThat(second.result()).isEqualTo(first.result());

        event(ORDERS, new OrderUpdated(order("O1", OrderStatus.FILLED))); // seq 3: O1 leaves the working set
        Snapshot later = snapshots.snapshot(ORDERS).result();
        assertThat(queries).hasSize(1);
        assertThat(later.seq()).isEqualTo(3);
        assertThat(later.events()).extracting(e -> ((OrderUpdated) e).order().orderId()).containsExactly("O2");
    }

    @Test
    @DisplayName("Trades start empty without asking the venue; a book is asked for; the latest book replaces the previous one")
    void streamKinds() {
        Snapshot trades = snapshots.snapshot("user.u1.trades").result();
        assertThat(trades.events()).isEmpty();
        assertThat(queries).isEmpty();

        Future<Snapshot> book = snapshots.snapshot("market.IX2301.book");
        assertThat(queries).singleElement().extracting(Bootstrap.Query::command).isEqualTo(new QueryBook("IX2301"));
        replies.get(0).complete(new BookChanged("IX2301", List.of(), List.of(), 1L));
        assertThat(book.result().events()).hasSize(1);
        BookChanged newer = new BookChanged("IX2301", List.of(), List.of(), 2L);
        event("market.IX2301.book", newer);
        assertThat(snapshots.snapshot("market.IX2301.book").result().events()).containsExactly(newer);
    }

    @Test
    @DisplayName("A failed venue query fails every waiting request, and the next request asks again")
    void failureIsRetried() {
        Future<Snapshot> failed = snapshots.snapshot("user.u1.account");
        replies.get(0).fail("no venue");
        assertThat(failed.failed()).isTrue();
        snapshots.snapshot("user.u1.account");
        assertThat(queries).hasSize(2);
    }

    @Test
    @DisplayName("Something that is not a stream key is refused")
    void refusesGarbage() {
        assertThat(snapshots.snapshot("nonsense").failed()).isTrue();
        assertThat(snapshots.snapshot("user.a.b.c").failed()).isTrue();
        assertThat(queries).isEmpty();
    }

    @Test
    @DisplayName("Bars and region summaries of the venue are rebuilt with QueryBar / QuerySummary; other markets start empty")
    void bootstrapsMarketData() {
        Bootstrap bootstrap = new Bootstrap(INSTRUMENTS, "tradewire");
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.IX2301.bar.1m"))).extracting(Bootstrap.Query::command)
                .containsExactly(new QueryBar("IX2301", "1m"));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.CN.summary"))).extracting(Bootstrap.Query::command)
                .containsExactly(new QuerySummary("CN"));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.ESZ5.bar.1m"))).isEmpty();
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.IX2301.ticker"))).isEmpty();
        assertThat(bootstrap.queriesFor(StreamKeys.parse("user.u1.account"))).extracting(Bootstrap.Query::command)
                .containsExactly(new QueryAccount("u1"));
    }

    private static Instrument instrument(String symbol, String route, String region) {
        return new Instrument(symbol, InstrumentKind.CRYPTO, route, new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, "USD", new BigDecimal("100"), region);
    }

    @Test
    @DisplayName("Several venues: market data from the instrument's venue, orders, positions and accounts from every venue")
    void bootstrapsFromSeveralVenues() {
        Bootstrap bootstrap = new Bootstrap(new InstrumentDirectory(List.of(instrument("IX", "venue", "CN"),
                instrument("BTC", "venue:crypto", "CRYPTO"), instrument("ETH", "venue:crypto", "CN"), instrument("SOL", "bybit", "CN"))),
                "tradewire");
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.BTC.book")))
                .containsExactly(new Bootstrap.Query("matching.crypto", new QueryBook("BTC")));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.IX.bar.1m")))
                .containsExactly(new Bootstrap.Query("matching.tradewire", new QueryBar("IX", "1m")));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.CRYPTO.summary")))
                .containsExactly(new Bootstrap.Query("matching.crypto", new QuerySummary("CRYPTO")));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.CN.summary"))).containsExactly(
                new Bootstrap.Query("matching.tradewire", new QuerySummary("CN")), new Bootstrap.Query("matching.crypto", new QuerySummary("CN")));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("market.US.summary")))
                .containsExactly(new Bootstrap.Query("matching.tradewire", new QuerySummary("US")));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("user.u1.orders"))).containsExactly(
                new Bootstrap.Query("matching.tradewire", new QueryOrders("u1")), new Bootstrap.Query("matching.crypto", new QueryOrders("u1")));
        assertThat(bootstrap.queriesFor(StreamKeys.parse("user.u1.positions"))).extracting(Bootstrap.Query::address)
                .containsExactly("matching.tradewire", "matching.crypto");
        assertThat(bootstrap.queriesFor(StreamKeys.parse("user.u1.account"))).containsExactly(
                new Bootstrap.Query("matching.tradewire", new QueryAccount("u1")), new Bootstrap.Query("matching.crypto", new QueryAccount("u1")));

        io.tradewire.model.view.SummaryItem ix = new io.tradewire.model.view.SummaryItem("IX", "crypto", null, null, null, null, null, null, null);
        io.tradewire.model.view.SummaryItem eth = new io.tradewire.model.view.SummaryItem("ETH", "crypto", null, null, null, null, null, null, null);
        assertThat(Bootstrap.eventsOf(List.<Object>of(new MarketSummary("CN", List.of(ix), 5L), new MarketSummary("CN", List.of(eth), 7L))))
                .containsExactly(new MarketSummary("CN", List.of(ix, eth), 7L));
        assertThat(Bootstrap.eventsOf(List.<Object>of(new OrderList(List.of(order("O1", OrderStatus.SUBMITTED))),
                new OrderList(List.of(order("crypto-O2", OrderStatus.SUBMITTED))))))
                .containsExactly(new OrderUpdated(order("O1", OrderStatus.SUBMITTED)), new OrderUpdated(order("crypto-O2", OrderStatus.SUBMITTED)));
    }

    @Test
    @DisplayName("A user's account stream keeps each venue's account (one per currency): the snapshot has both, a change replaces only its own")
    void accountsOfEveryVenue() {
        Snapshots several = new Snapshots(sequencer, new Bootstrap(new InstrumentDirectory(List.of(instrument("IX", "venue", "CN"),
                instrument("BTC", "venue:crypto", "CN"))), "tradewire"), query -> {
                    queries.add(query);
                    Promise<Object> reply = Promise.promise();
                    replies.add(reply);
                    return reply.future();
                }, () -> now);
        String stream = "user.u1.account";
        Future<Snapshot> snapshot = several.snapshot(stream);
        assertThat(queries).extracting(Bootstrap.Query::address).containsExactly("matching.tradewire", "matching.crypto");
        replies.get(0).complete(account("USD", "100"));
        replies.get(1).complete(account("USDT", "7"));
        assertThat(snapshot.result().events()).containsExactly(new AccountChanged(account("USD", "100")),
                new AccountChanged(account("USDT", "7")));
        several.apply(stream, new AccountChanged(account("USDT", "8")));
        several.apply(stream, new AccountChanged(account("USD", "99")));
        several.apply(stream, new AccountChanged(account("USDT", "9")));
        assertThat(several.snapshot(stream).result().events()).containsExactly(new AccountChanged(account("USD", "99")),
                new AccountChanged(account("USDT", "9")));
    }

    private static io.tradewire.model.view.AccountView account(String currency, String balance) {
        java.math.BigDecimal amount = new java.math.BigDecimal(balance);
        java.math.BigDecimal zero = java.math.BigDecimal.ZERO;
        return new io.tradewire.model.view.AccountView("u1", currency, amount, amount, zero, zero, zero, zero, zero, zero, 1L);
    }

    @Test
    @DisplayName("A user's orders are rebuilt from every venue; the snapshot waits for all of them")
    void ordersFromEveryVenue() {
        Snapshots several = new Snapshots(sequencer, new Bootstrap(new InstrumentDirectory(List.of(instrument("IX", "venue", "CN"),
                instrument("BTC", "venue:crypto", "CN"))), "tradewire"), query -> {
                    queries.add(query);
                    Promise<Object> reply = Promise.promise();
                    replies.add(reply);
                    return reply.future();
                }, () -> now);
        Future<Snapshot> snapshot = several.snapshot(ORDERS);
        assertThat(queries).extracting(Bootstrap.Query::address).containsExactly("matching.tradewire", "matching.crypto");
        replies.get(1).complete(new OrderList(List.of(order("crypto-O2", OrderStatus.SUBMITTED))));
        assertThat(snapshot.isComplete()).isFalse();
        replies.get(0).complete(new OrderList(List.of(order("O1", OrderStatus.SUBMITTED))));
        assertThat(snapshot.result().events()).containsExactly(new OrderUpdated(order("O1", OrderStatus.SUBMITTED)),
                new OrderUpdated(order("crypto-O2", OrderStatus.SUBMITTED)));
    }

    @Test
    @DisplayName("A followed bar whose bucket has closed is rebuilt from the venue, which answers the current bucket")
    void staleBarsAreRebuilt() {
        String stream = "market.IX2301.bar.1m";
        Future<Snapshot> first = snapshots.snapshot(stream);
        replies.get(0).complete(bar(0, 60_000));
        assertThat(first.result().events()).containsExactly(bar(0, 60_000));
        assertThat(snapshots.snapshot(stream).result().events()).containsExactly(bar(0, 60_000)); // still current
        assertThat(queries).hasSize(1);

        now = 60_000; // the bucket [0, 60 s) is over and nothing traded since
        Future<Snapshot> later = snapshots.snapshot(stream);
        assertThat(queries).hasSize(2);
        replies.get(1).complete(bar(60_000, 120_000));
        assertThat(later.result().events()).containsExactly(bar(60_000, 120_000));
    }

    private static BarUpdated bar(long open, long close) {
        BigDecimal price = new BigDecimal("120.0");
        return new BarUpdated("IX2301", "1m", open, close, price, price, price, price, BigDecimal.ZERO, 0, open);
    }

    @Test
    @DisplayName("A dropped partition's states are rebuilt when asked again; a request waiting for the venue fails and its late reply is ignored")
    void dropsAPartition() {
        event(ORDERS, new OrderUpdated(order("O1", OrderStatus.SUBMITTED)));
        Future<Snapshot> followed = snapshots.snapshot(ORDERS);
        replies.get(0).complete(new OrderList(List.of(order("O1", OrderStatus.SUBMITTED))));
        assertThat(followed.succeeded()).isTrue();
        Future<Snapshot> waiting = snapshots.snapshot("user.u1.account");

        java.util.BitSet partitions = new java.util.BitSet();
        partitions.set(io.tradewire.model.StreamPartitions.of(ORDERS));
        snapshots.drop(partitions);
        sequencer.restart(partitions, 10);
        assertThat(waiting.failed()).isTrue();
        assertThat(waiting.cause()).isInstanceOf(Snapshots.StreamMovedException.class);
        assertThat(snapshots.followed()).isZero();

        Future<Snapshot> again = snapshots.snapshot("user.u1.account");
        replies.get(1).complete(new io.tradewire.model.event.AccountChanged(null)); // the reply to the dropped request
        assertThat(again.isComplete()).isFalse();
        assertThat(snapshots.followed()).isZero();
        replies.get(2).fail("venue gone");
        assertThat(again.failed()).isTrue();
        Future<Snapshot> rebuilt = snapshots.snapshot(ORDERS);
        assertThat(queries).hasSize(4);
        replies.get(3).complete(new OrderList(List.of()));
        assertThat(rebuilt.result().epoch()).isEqualTo(10);
        assertThat(rebuilt.result().seq()).isZero();
    }
}
