package io.tradewire.broker.algo;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.OrderView;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Liquidity at price levels; IOC children fill against it up to their limit, and the rest is cancelled. */
final class FakeVenue implements ChildOrders {
    final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(java.util.Comparator.reverseOrder());
    final List<SubmitOrder> received = new ArrayList<>();
    final List<String> addresses = new ArrayList<>();
    /** When set, the next child is refused with it. */
    RejectedException refuseNext;
    /** Limit prices at or beyond it are refused with PRICE_OUT_OF_BAND (null: no band). */
    BigDecimal bandHigh;
    long now;
    private int ids;

    FakeVenue ask(String price, String quantity) {
        asks.merge(new BigDecimal(price), new BigDecimal(quantity), BigDecimal::add);
        return this;
    }

    FakeVenue bid(String price, String quantity) {
        bids.merge(new BigDecimal(price), new BigDecimal(quantity), BigDecimal::add);
        return this;
    }

    @Override
    public Future<OrderView> submit(String address, SubmitOrder order) {
        received.add(order);
        addresses.add(address);
        if (refuseNext != null) {
            RejectedException refusal = refuseNext;
            refuseNext = null;
            return Future.failedFuture(refusal);
        }
        if (order.type() == OrderType.LIMIT && bandHigh != null && order.price().compareTo(bandHigh) >= 0) {
            return Future.failedFuture(new RejectedException(ErrorCode.PRICE_OUT_OF_BAND, "Price outside the price band"));
        }
        TreeMap<BigDecimal, BigDecimal> book = order.side() == Side.BUY ? asks : bids;
        BigDecimal left = order.quantity();
        BigDecimal notional = BigDecimal.ZERO;
        for (Map.Entry<BigDecimal, BigDecimal> level : new ArrayList<>(book.entrySet())) {
            boolean crosses = order.type() == OrderType.MARKET
                    || (order.side() == Side.BUY ? level.getKey().compareTo(order.price()) <= 0 : level.getKey().compareTo(order.price()) >= 0);
            if (!crosses || left.signum() == 0) {
                break;
            }
            BigDecimal take = left.min(level.getValue());
            left = left.subtract(take);
            notional = notional.add(take.multiply(level.getKey()));
            if (take.compareTo(level.getValue()) == 0) {
                book.remove(level.getKey());
            } else {
                book.put(level.getKey(), level.getValue().subtract(take));
            }
        }
        BigDecimal filled = order.quantity().subtract(left);
        BigDecimal average = filled.signum() == 0 ? null : notional.divide(filled, 8, RoundingMode.HALF_EVEN);
        OrderStatus status = left.signum() == 0 ? OrderStatus.FILLED : OrderStatus.CANCELLED;
        return Future.succeededFuture(new OrderView("O" + ++ids, order.clientOrderId(), order.userId(), order.instrument(), order.side(),
                order.offset(), order.type(), order.timeInForce(), order.price(), order.quantity(), filled, BigDecimal.ZERO, average,
                status, order.source(), now, now));
    }
}
