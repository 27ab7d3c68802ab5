package io.tradewire.broker.ib;

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
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Client Portal JSON to canonical views, for one Tradewire user: live orders ({@code sor} pushes and
 * {@code /iserver/account/orders} rows share the fields), trades ({@code str} and {@code /iserver/account/trades}),
 * positions and the account summary. Ids are kept: {@code ib-<orderId>}, {@code ib-<execution_id>}, {@code order_ref} (the
 * {@code cOID} an order was placed with) as the client order id. Statuses compare case-insensitively.
 */
public final class IbMapper {
    public static final String BROKER = "ib";

    private final String user;
    private final Map<Long, String> symbolsByConid;

    public IbMapper(String user, Map<String, Long> conids) {
        this.user = user;
        this.symbolsByConid = conids.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getValue,
                Map.Entry::getKey, (a, b) -> a));
    }

    /** The configured symbol of a contract, else the gateway's ticker. */
    public String symbol(JsonObject o) {
        Long conid = o.getValue("conid") == null ? null : decimal(o, "conid").longValue();
        String symbol = conid == null ? null : symbolsByConid.get(conid);
        if (symbol != null) {
            return symbol;
        }
        String ticker = o.getString("ticker", o.getString("symbol"));
        if (ticker == null) {
            throw new IllegalArgumentException("an order or trade without conid and ticker");
        }
        return ticker;
    }

    /** A live order (all fields merged from the pushes and polls seen so far). */
    public OrderView order(JsonObject o) {
        String orderId = String.valueOf(o.getValue("orderId"));
        BigDecimal filled = orZero(decimal(o, "filledQuantity"));
        BigDecimal remaining = orZero(decimal(o, "remainingQuantity"));
        BigDecimal total = decimal(o, "totalSize");
        BigDecimal quantity = total != null ? total : filled.add(remaining);
        OrderStatus status = status(o.getString("status", o.getString("order_status", "Submitted")), filled);
        if (status.isFinal()) {
            remaining = BigDecimal.ZERO;
        }
        String type = o.getString("orderType", o.getString("origOrderType", "Limit")).toUpperCase(Locale.ROOT);
        boolean market = type.startsWith("MARKET") || type.equals("MKT");
        long updated = epoch(o, "lastExecutionTime_r");
        BigDecimal avg = decimal(o, "avgPrice");
        return new OrderView(BrokerOrderIds.of(BROKER, orderId), o.getString("order_ref"), user, symbol(o),
                side(o.getString("side")), Offset.OPEN, market ? OrderType.MARKET : OrderType.LIMIT,
                "IOC".equalsIgnoreCase(o.getString("timeInForce")) ? TimeInForce.IOC : TimeInForce.GTC,
                market ? null : decimal(o, "price"), quantity, filled, remaining,
                avg == null || avg.signum() <= 0 ? null : avg, status, OrderSource.BROKER, updated, updated, false);
    }

    public TradeExecuted trade(JsonObject t, String orderId, Offset offset) {
        return new TradeExecuted(BrokerOrderIds.of(BROKER, t.getString("execution_id")), BrokerOrderIds.of(BROKER, orderId), user,
                symbol(t), side(t.getString("side")), offset == null ? Offset.OPEN : offset, decimal(t, "price"), decimal(t, "size"),
                false, orZero(decimal(t, "commission")), epoch(t, "trade_time_r"));
    }

    /** A row of {@code /portfolio/{acct}/positions/0}: {@code position} is signed. */
    public PositionView position(JsonObject p, long now) {
        BigDecimal size = orZero(decimal(p, "position"));
        BigDecimal avg = decimal(p, "avgPrice") != null ? decimal(p, "avgPrice") : decimal(p, "avgCost");
        return new PositionView(user, symbol(p),
                size.signum() > 0 ? size : BigDecimal.ZERO, size.signum() > 0 ? avg : null,
                size.signum() < 0 ? size.negate() : BigDecimal.ZERO, size.signum() < 0 ? avg : null,
                BigDecimal.ZERO, orZero(decimal(p, "realizedPnl")), orZero(decimal(p, "unrealizedPnl")), decimal(p, "mktPrice"), now);
    }

    /**
     * The account from {@code /portfolio/{acct}/summary} values ({@code {"key": {"amount": n}}}), with the unrealized PnL
     * of the last {@code spl} push when there was one.
     */
    public AccountView account(JsonObject summary, BigDecimal unrealized, long now) {
        BigDecimal cash = amount(summary, "totalcashvalue");
        BigDecimal netLiquidation = amount(summary, "netliquidation");
        BigDecimal available = amount(summary, "availablefunds");
        BigDecimal margin = amount(summary, "initmarginreq");
        BigDecimal upl = unrealized != null ? unrealized : BigDecimal.ZERO;
        BigDecimal risk = netLiquidation.signum() > 0 ? margin.divide(netLiquidation, 8, java.math.RoundingMode.HALF_EVEN) : BigDecimal.ZERO;
        String currency = summary.getJsonObject("totalcashvalue", new JsonObject()).getString("currency", "USD");
        return new AccountView(user, currency, cash, available, BigDecimal.ZERO, margin, upl, BigDecimal.ZERO, upl, risk, now);
    }

    static OrderStatus status(String ib, BigDecimal filled) {
        return switch (ib.toLowerCase(Locale.ROOT)) {
            case "filled" -> OrderStatus.FILLED;
            case "cancelled", "apicancelled" -> OrderStatus.CANCELLED;
            case "inactive", "rejected" -> OrderStatus.REJECTED;
            default -> filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.SUBMITTED;
        };
    }

    static Side side(String ib) {
        return ib != null && (ib.equalsIgnoreCase("S") || ib.equalsIgnoreCase("SELL") || ib.equalsIgnoreCase("SLD")) ? Side.SELL : Side.BUY;
    }

    private static BigDecimal amount(JsonObject summary, String key) {
        Object value = summary.getValue(key);
        return value instanceof JsonObject entry ? orZero(decimal(entry, "amount")) : BigDecimal.ZERO;
    }
}
