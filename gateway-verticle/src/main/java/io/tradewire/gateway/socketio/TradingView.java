package io.tradewire.gateway.socketio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One socket's latest picture of its user, built from the snapshot and live deliveries of the user's
 * private streams, and rendered as the {@code data} of each push (seed 004's field names):
 * <ul>
 *   <li>balance: {@code total_balance} = equity (balance + unrealized PnL), {@code available_balance},
 *       {@code used_margin} = position margin + funds held for working orders (so total = available + used);</li>
 *   <li>positions: one entry per open side ({@code side} Buy for long, Sell for short), flat ones left out;</li>
 *   <li>pnl: {@code total_pnl} = realized + unrealized, {@code unrealized_pnl}, {@code realized_pnl}, and
 *       {@code today_pnl} = {@code total_pnl} (the venue keeps no trading-day boundary yet);</li>
 *   <li>orders: the working orders (New / PartiallyFilled), oldest first.</li>
 * </ul>
 */
final class TradingView {
    private final InstrumentDirectory instruments;
    private AccountView account;
    private final Map<String, PositionView> positions = new LinkedHashMap<>();
    private final Map<String, OrderView> orders = new LinkedHashMap<>();

    TradingView(InstrumentDirectory instruments) {
        this.instruments = instruments;
    }

    /** A snapshot or live event of one of the user's streams. */
    void apply(Event event) {
        if (event instanceof AccountChanged changed) {
            account = changed.account();
        } else if (event instanceof PositionChanged changed) {
            positions.put(changed.position().instrument(), changed.position());
        } else if (event instanceof OrderUpdated updated) {
            OrderView order = updated.order();
            if (order.status().isFinal()) {
                orders.remove(order.orderId());
            } else {
                orders.put(order.orderId(), order);
            }
        }
    }

    /** Forgets what a stream no longer subscribed contributed, so that a new subscription starts from its snapshot. */
    void forget(String stream) {
        StreamKeys.Parsed key = StreamKeys.parse(stream);
        if (key == null || !key.isPrivate()) {
            return;
        }
        switch (key.kind()) {
            case "account" -> account = null;
            case "positions" -> positions.clear();
            case "orders" -> orders.clear();
            default -> {
            }
        }
    }

    /** The data of a push as JSON text; null when the account it needs has not arrived. */
    String data(TradingType type) {
        return switch (type) {
            case BALANCE -> account == null ? null : ClientJson.write(balance(account));
            case PNL -> account == null ? null : ClientJson.write(pnl(account));
            case POSITIONS -> ClientJson.write(positions());
            case ORDERS -> ClientJson.write(orders());
        };
    }

    static ObjectNode balance(AccountView account) {
        return ClientJson.object()
                .put("total_balance", account.balance().add(account.unrealizedPnl()))
                .put("available_balance", account.available())
                .put("used_margin", account.margin().add(account.frozen()));
    }

    static ObjectNode pnl(AccountView account) {
        BigDecimal total = account.realizedPnl().add(account.unrealizedPnl());
        return ClientJson.object()
                .put("total_pnl", total)
                .put("today_pnl", total)
                .put("unrealized_pnl", account.unrealizedPnl())
                .put("realized_pnl", account.realizedPnl());
    }

    private ArrayNode positions() {
        ArrayNode list = ClientJson.MAPPER.createArrayNode();
        for (PositionView position : positions.values()) {
            boolean isLong = position.longQuantity().signum() > 0;
            boolean isShort = position.shortQuantity().signum() > 0;
            if (isLong) {
                list.add(side(position, "Buy", position.longQuantity(), position.longAvgPrice(),
                        isShort ? sideUnrealized(position, true) : position.unrealizedPnl()));
            }
            if (isShort) {
                list.add(side(position, "Sell", position.shortQuantity(), position.shortAvgPrice(),
                        isLong ? sideUnrealized(position, false) : position.unrealizedPnl()));
            }
        }
        return list;
    }

    private static ObjectNode side(PositionView position, String side, BigDecimal size, BigDecimal entry, BigDecimal pnl) {
        return ClientJson.object()
                .put("symbol", position.instrument())
                .put("side", side)
                .put("size", size)
                .put("entry_price", entry)
                .put("mark_price", position.markPrice())
                .put("unrealized_pnl", pnl);
    }

    /** With both sides open the venue reports one total: split it per side at the mark (average prices may be rounded). */
    private BigDecimal sideUnrealized(PositionView position, boolean longSide) {
        BigDecimal multiplier = instruments.find(position.instrument()).map(Instrument::multiplier).orElse(BigDecimal.ONE);
        BigDecimal mark = position.markPrice();
        if (mark == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal move = longSide ? mark.subtract(position.longAvgPrice()) : position.shortAvgPrice().subtract(mark);
        BigDecimal quantity = longSide ? position.longQuantity() : position.shortQuantity();
        return move.multiply(quantity).multiply(multiplier).stripTrailingZeros();
    }

    private ArrayNode orders() {
        ArrayNode list = ClientJson.MAPPER.createArrayNode();
        for (OrderView order : orders.values()) {
            list.add(ClientJson.object()
                    .put("order_id", order.orderId())
                    .put("symbol", order.instrument())
                    .put("side", order.side() == Side.BUY ? "Buy" : "Sell")
                    .put("quantity", order.quantity())
                    .put("price", order.price())
                    .put("status", status(order.status())));
        }
        return list;
    }

    /** Bybit's order status words, as the seed's data source used them. */
    static String status(OrderStatus status) {
        return switch (status) {
            case SUBMITTED -> "New";
            case PARTIALLY_FILLED -> "PartiallyFilled";
            case FILLED -> "Filled";
            case CANCELLED -> "Cancelled";
            case REJECTED -> "Rejected";
        };
    }
}
