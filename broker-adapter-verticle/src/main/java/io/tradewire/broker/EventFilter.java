package io.tradewire.broker;

import io.tradewire.model.OrderStatus;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a broker's event stream idempotent: pushes and reconciliations report the same facts, sometimes twice and
 * sometimes out of order. Passes a trade once per trade id (exec id); an order update only when it moves the order
 * forward (more filled, a later status, or a newer amend) and never after a final state; a position or account only
 * when it differs from the last one passed (timestamps aside). Memory is bounded: the oldest ids are forgotten first.
 */
public final class EventFilter {
    private final Map<String, Boolean> trades;
    private final Map<String, OrderView> orders;
    private final Map<String, PositionView> positions = new HashMap<>();
    private final Map<String, AccountView> accounts = new HashMap<>();

    public EventFilter(int capacity) {
        this.trades = new BoundedMap<>(capacity);
        this.orders = new BoundedMap<>(capacity);
    }

    /** True when the event is new and must be published. */
    public boolean accept(Event event) {
        if (event instanceof TradeExecuted trade) {
            return trades.put(trade.tradeId(), Boolean.TRUE) == null;
        }
        if (event instanceof OrderUpdated update) {
            OrderView order = update.order();
            OrderView last = orders.get(order.orderId());
            if (last != null && !advances(last, order)) {
                return false;
            }
            orders.put(order.orderId(), order);
            return true;
        }
        if (event instanceof PositionChanged change) {
            PositionView position = change.position();
            String key = position.userId() + "/" + position.instrument();
            PositionView last = positions.get(key);
            positions.put(key, position);
            return last == null || !sameIgnoringTime(last, position);
        }
        if (event instanceof AccountChanged change) {
            AccountView account = change.account();
            AccountView last = accounts.put(account.userId(), account);
            return last == null || !sameIgnoringTime(last, account);
        }
        return true;
    }

    /** The last state passed for an order, or null. */
    public OrderView lastOrder(String orderId) {
        return orders.get(orderId);
    }

    static boolean advances(OrderView last, OrderView next) {
        if (last.status().isFinal()) {
            return false;
        }
        int filled = compare(next.filled(), last.filled());
        if (filled != 0) {
            return filled > 0;
        }
        int rank = Integer.compare(rank(next.status()), rank(last.status()));
        if (rank != 0) {
            return rank > 0;
        }
        boolean changed = compare(next.price(), last.price()) != 0 || compare(next.quantity(), last.quantity()) != 0;
        return changed && next.updatedAt() >= last.updatedAt();
    }

    private static int rank(OrderStatus status) {
        return switch (status) {
            case SUBMITTED -> 0;
            case PARTIALLY_FILLED -> 1;
            case FILLED, CANCELLED, REJECTED -> 2;
        };
    }

    private static int compare(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? -1 : 1);
        }
        return a.compareTo(b);
    }

    private static boolean sameIgnoringTime(PositionView a, PositionView b) {
        return compare(a.longQuantity(), b.longQuantity()) == 0 && compare(a.shortQuantity(), b.shortQuantity()) == 0
                && compare(a.longAvgPrice(), b.longAvgPrice()) == 0 && compare(a.shortAvgPrice(), b.shortAvgPrice()) == 0
                && compare(a.unrealizedPnl(), b.unrealizedPnl()) == 0 && compare(a.realizedPnl(), b.realizedPnl()) == 0
                && compare(a.markPrice(), b.markPrice()) == 0 && compare(a.margin(), b.margin()) == 0;
    }

    private static boolean sameIgnoringTime(AccountView a, AccountView b) {
        return Objects.equals(a.currency(), b.currency()) && compare(a.balance(), b.balance()) == 0
                && compare(a.available(), b.available()) == 0 && compare(a.frozen(), b.frozen()) == 0
                && compare(a.margin(), b.margin()) == 0 && compare(a.profit(), b.profit()) == 0
                && compare(a.unrealizedPnl(), b.unrealizedPnl()) == 0;
    }
}
