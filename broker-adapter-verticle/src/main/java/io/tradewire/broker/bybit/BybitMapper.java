package io.tradewire.broker.bybit;

import static io.tradewire.broker.BrokerJson.decimal;
import static io.tradewire.broker.BrokerJson.epoch;
import static io.tradewire.broker.BrokerJson.orZero;

import io.tradewire.model.BrokerOrderIds;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Bybit v5 JSON (pushes and REST results share the field names) to canonical views and events, for one Tradewire user.
 * Numbers arrive as strings; an empty string is "none". Ids are kept: {@code bybit-<orderId>}, {@code bybit-<execId>},
 * {@code orderLinkId} as the client order id.
 */
public final class BybitMapper {
    public static final String BROKER = "bybit";

    private final String user;

    public BybitMapper(String user) {
        this.user = user;
    }

    public OrderView order(JsonObject o) {
        OrderType type = "Market".equalsIgnoreCase(o.getString("orderType")) ? OrderType.MARKET : OrderType.LIMIT;
        String tif = o.getString("timeInForce", "GTC");
        BigDecimal quantity = decimal(o, "qty");
        BigDecimal filled = orZero(decimal(o, "cumExecQty"));
        BigDecimal remaining = decimal(o, "leavesQty");
        OrderStatus status = status(o.getString("orderStatus"));
        if (remaining == null || status.isFinal()) {
            remaining = status.isFinal() ? BigDecimal.ZERO : orZero(quantity).subtract(filled);
        }
        BigDecimal avg = decimal(o, "avgPrice");
        long created = epoch(o, "createdTime");
        long updated = epoch(o, "updatedTime");
        return new OrderView(
                BrokerOrderIds.of(BROKER, o.getString("orderId")),
                emptyToNull(o.getString("orderLinkId")),
                user,
                o.getString("symbol"),
                side(o.getString("side")),
                Boolean.TRUE.equals(o.getValue("reduceOnly")) ? Offset.CLOSE : Offset.OPEN,
                type,
                timeInForce(tif),
                type == OrderType.MARKET ? null : positive(decimal(o, "price")),
                quantity,
                filled,
                remaining,
                positive(avg),
                status,
                OrderSource.BROKER,
                created,
                updated == 0 ? created : updated,
                "PostOnly".equalsIgnoreCase(tif));
    }

    /** An {@code execution} push or an {@code /v5/execution/list} row; the offset comes from the order when known. */
    public TradeExecuted execution(JsonObject e, Offset offset) {
        return new TradeExecuted(
                BrokerOrderIds.of(BROKER, e.getString("execId")),
                BrokerOrderIds.of(BROKER, e.getString("orderId")),
                user,
                e.getString("symbol"),
                side(e.getString("side")),
                offset == null ? Offset.OPEN : offset,
                decimal(e, "execPrice"),
                decimal(e, "execQty"),
                Boolean.TRUE.equals(e.getValue("isMaker")) || "true".equals(String.valueOf(e.getValue("isMaker"))),
                orZero(decimal(e, "execFee")),
                epoch(e, "execTime"));
    }

    /** A one-way-mode position: side {@code Buy} is long, {@code Sell} short, empty flat. */
    public PositionView position(JsonObject p, long now) {
        BigDecimal size = orZero(decimal(p, "size"));
        String side = p.getString("side", "");
        boolean isLong = "Buy".equalsIgnoreCase(side);
        boolean isShort = "Sell".equalsIgnoreCase(side);
        BigDecimal entry = positive(decimal(p, "avgPrice") != null ? decimal(p, "avgPrice") : decimal(p, "entryPrice"));
        long updated = epoch(p, "updatedTime");
        return new PositionView(user, p.getString("symbol"),
                isLong ? size : BigDecimal.ZERO, isLong ? entry : null,
                isShort ? size : BigDecimal.ZERO, isShort ? entry : null,
                orZero(decimal(p, "positionIM")),
                orZero(decimal(p, "cumRealisedPnl")),
                orZero(decimal(p, "unrealisedPnl")),
                decimal(p, "markPrice"),
                updated == 0 ? now : updated);
    }

    /** A unified wallet (totals in USD). */
    public AccountView wallet(JsonObject w, long now) {
        BigDecimal realized = BigDecimal.ZERO;
        JsonArray coins = w.getJsonArray("coin", new JsonArray());
        for (int i = 0; i < coins.size(); i++) {
            if (coins.getValue(i) instanceof JsonObject coin) {
                realized = realized.add(orZero(decimal(coin, "cumRealisedPnl")));
            }
        }
        BigDecimal unrealized = orZero(decimal(w, "totalPerpUPL"));
        BigDecimal equity = orZero(decimal(w, "totalEquity"));
        BigDecimal margin = orZero(decimal(w, "totalInitialMargin"));
        BigDecimal risk = decimal(w, "accountMMRate");
        return new AccountView(user, "USD",
                orZero(decimal(w, "totalWalletBalance")),
                orZero(decimal(w, "totalAvailableBalance")),
                orZero(decimal(w, "totalOrderIM")),
                margin,
                realized.add(unrealized),
                realized,
                unrealized,
                risk != null ? risk : (equity.signum() > 0 ? margin.divide(equity, 8, java.math.RoundingMode.HALF_EVEN) : BigDecimal.ZERO),
                now);
    }

    static OrderStatus status(String bybit) {
        if (bybit == null) {
            return OrderStatus.SUBMITTED;
        }
        return switch (bybit) {
            case "PartiallyFilled" -> OrderStatus.PARTIALLY_FILLED;
            case "Filled" -> OrderStatus.FILLED;
            case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> OrderStatus.CANCELLED;
            case "Rejected" -> OrderStatus.REJECTED;
            default -> OrderStatus.SUBMITTED; // New, Created, Untriggered, Triggered, Active
        };
    }

    static Side side(String bybit) {
        return "Sell".equalsIgnoreCase(bybit) ? Side.SELL : Side.BUY;
    }

    static String side(Side side) {
        return side == Side.SELL ? "Sell" : "Buy";
    }

    static TimeInForce timeInForce(String bybit) {
        return switch (bybit.toUpperCase(Locale.ROOT)) {
            case "IOC" -> TimeInForce.IOC;
            case "FOK" -> TimeInForce.FOK;
            default -> TimeInForce.GTC;
        };
    }

    private static BigDecimal positive(BigDecimal value) {
        return value == null || value.signum() <= 0 ? null : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
