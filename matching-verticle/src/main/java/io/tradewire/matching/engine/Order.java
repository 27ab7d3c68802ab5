package io.tradewire.matching.engine;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;

/** The venue's mutable state of one order (the book only knows its sequence, side, price and remainder). */
final class Order {
    final long sequence;
    final String id;
    final String clientOrderId;
    final String userId;
    final Contract contract;
    final Side side;
    final Offset offset;
    final OrderType type;
    final TimeInForce timeInForce;
    /** Limit price in ticks; for MARKET orders the book's market limit. Changed by an amend. */
    long limitTicks;
    /** Total quantity, filled part included. Changed by an amend. */
    long lots;
    final OrderSource source;
    final long createdAt;
    /** Placed post-only: never takes liquidity (checked on entry and on every amend of its price). */
    final boolean postOnly;

    long filledLots;
    /** Sum of fill price × fill lots, for the average fill price. */
    long filledCost;
    OrderStatus status = OrderStatus.SUBMITTED;
    long updatedAt;
    /** Money frozen for this order right now (OPEN LIMIT orders only). */
    BigDecimal frozen = BigDecimal.ZERO;
    /**
     * The owner's account, so that a command on the order or a fill needs no lookup: set when the order is placed, and
     * for working orders when a snapshot is restored (a finished order needs none; its account may not be recorded).
     */
    Account account;

    Order(long sequence, String id, String clientOrderId, String userId, Contract contract, Side side, Offset offset,
            OrderType type, TimeInForce timeInForce, long limitTicks, long lots, OrderSource source, long createdAt,
            boolean postOnly) {
        this.sequence = sequence;
        this.id = id;
        this.clientOrderId = clientOrderId;
        this.userId = userId;
        this.contract = contract;
        this.side = side;
        this.offset = offset;
        this.type = type;
        this.timeInForce = timeInForce;
        this.limitTicks = limitTicks;
        this.lots = lots;
        this.source = source;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.postOnly = postOnly;
    }

    long remaining() {
        return lots - filledLots;
    }

    /** Which position side the order works on: BUY OPEN and SELL CLOSE → long; SELL OPEN and BUY CLOSE → short. */
    boolean longSide() {
        return (side == Side.BUY) == (offset == Offset.OPEN);
    }

    boolean opening() {
        return offset == Offset.OPEN;
    }

    /** OPEN LIMIT orders freeze funds for what they have not filled yet; nothing else freezes. */
    BigDecimal frozenFor(long remainingLots) {
        return opening() && type == OrderType.LIMIT && remainingLots > 0
                ? contract.held(Math.multiplyExact(limitTicks, remainingLots))
                : BigDecimal.ZERO;
    }

    OrderView view() {
        BigDecimal quantity = contract.quantity(lots);
        return new OrderView(id, clientOrderId, userId, contract.symbol(), side, offset, type, timeInForce,
                type == OrderType.LIMIT ? contract.price(limitTicks) : null,
                quantity, contract.quantity(filledLots), filledLots == 0 ? quantity : contract.quantity(remaining()),
                contract.averagePrice(filledCost, filledLots), status, source, createdAt, updatedAt, postOnly);
    }
}
