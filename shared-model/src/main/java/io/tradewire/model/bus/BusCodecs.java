package io.tradewire.model.bus;

import io.tradewire.model.algo.CreateMasterOrder;
import io.tradewire.model.algo.MasterOrderAction;
import io.tradewire.model.algo.MasterOrderList;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.algo.QueryAlgoFills;
import io.tradewire.model.algo.QueryMasterOrders;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.SnapshotRequest;
import io.tradewire.model.event.PartitionEpochs;
import io.tradewire.model.event.StreamHead;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import io.vertx.core.Vertx;

/**
 * Registers a {@link RecordCodec} as the default codec of every record that travels on the bus. Each
 * verticle calls {@link #ensureRegistered} at start, so any subset of verticles on a node works.
 */
public final class BusCodecs {
    /** Every record class sent on the event bus. A new bus record is added here, nowhere else. */
    public static final List<Class<?>> RECORDS = List.of(
            SubmitOrder.class, CancelOrder.class, QueryOrder.class, QueryOrders.class, QueryAccount.class,
            QueryPositions.class, QueryBook.class, SnapshotRequest.class, Snapshot.class,
            OrderView.class, OrderList.class, AccountView.class, PositionList.class,
            OrderUpdated.class, TradeExecuted.class, AccountChanged.class, PositionChanged.class, BookChanged.class,
            Tick.class, Push.class,
            QueryBar.class, QuerySummary.class, BarUpdated.class, MarketSummary.class,
            AmendOrder.class, Deposit.class, Withdraw.class, BrokerNotice.class,
            CreateMasterOrder.class, MasterOrderAction.class, QueryMasterOrders.class, QueryAlgoFills.class,
            MasterOrderView.class, MasterOrderList.class, MasterOrderUpdated.class, AlgoOrderUpdated.class,
            HistoryRequest.class, History.class, StreamHead.class, PartitionEpochs.class, EventBatch.class);

    private static final Map<Vertx, Boolean> REGISTERED = new WeakHashMap<>();

    private BusCodecs() {
    }

    public static synchronized void ensureRegistered(Vertx vertx) {
        if (REGISTERED.putIfAbsent(vertx, Boolean.TRUE) != null) {
            return;
        }
        for (Class<?> type : RECORDS) {
            register(vertx, type);
        }
    }

    private static <T> void register(Vertx vertx, Class<T> type) {
        vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
    }
}
