package io.tradewire.gateway.qe;

import io.tradewire.model.OrderStatus;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.view.OrderView;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Master and child orders in the QE shapes: camelCase for REST replies, snake_case for the WebSocket's
 * {@code master_data} / {@code order_data} (the fields of the SDK's {@code MasterOrderMessage} and
 * {@code OrderMessage}). Numbers are JSON numbers, times epoch milliseconds unless the name says seconds.
 */
final class QeJson {
    private QeJson() {
    }

    static JsonObject master(MasterOrderView m) {
        return new JsonObject()
                .put("masterOrderId", m.masterOrderId())
                .put("clientOrderId", m.clientOrderId())
                .put("algorithm", m.algorithm().name())
                .put("exchange", m.exchange())
                .put("symbol", m.instrument())
                .put("marketType", m.marketType())
                .put("side", m.side().name())
                .put("totalQuantity", m.quantity())
                .put("filledQuantity", m.filled())
                .put("averagePrice", m.avgPrice())
                .put("worstPrice", m.worstPrice())
                .put("executionDurationSeconds", m.durationSeconds())
                .put("povLimit", m.povLimit())
                .put("reduceOnly", m.reduceOnly())
                .put("status", m.status().name())
                .put("reason", m.reason())
                .put("childOrders", m.childOrders())
                .put("createdAt", m.createdAt())
                .put("updatedAt", m.updatedAt());
    }

    /** A child order as a row of {@code GET /user/trading/order-fills}. */
    static JsonObject fill(OrderView child, String exchange, String category) {
        BigDecimal average = child.avgFillPrice();
        return new JsonObject()
                .put("id", child.orderId())
                .put("orderId", child.orderId())
                .put("masterOrderId", masterIdOf(child))
                .put("exchange", exchange)
                .put("category", category)
                .put("symbol", child.instrument())
                .put("side", child.side().name())
                .put("type", child.type().name())
                .put("price", child.price())
                .put("quantity", child.quantity())
                .put("filledQuantity", child.filled())
                .put("avgPrice", average)
                .put("filledValue", average == null ? BigDecimal.ZERO : average.multiply(child.filled()).stripTrailingZeros())
                .put("status", childStatus(child))
                .put("orderCreatedTime", child.createdAt())
                .put("createdAt", child.createdAt())
                .put("updatedAt", child.updatedAt());
    }

    /** {@code master_data}'s data: the SDK's {@code MasterOrderMessage} fields, plus filled quantity and average price. */
    static JsonObject masterData(MasterOrderView m) {
        return new JsonObject()
                .put("type", "master_order")
                .put("master_order_id", m.masterOrderId())
                .put("client_id", m.clientOrderId() == null ? "" : m.clientOrderId())
                .put("strategy", m.algorithm().name())
                .put("symbol", m.instrument())
                .put("side", m.side().name())
                .put("qty", m.quantity())
                .put("duration_secs", m.durationSeconds())
                .put("category", m.marketType() == null ? "" : m.marketType().toLowerCase(Locale.ROOT))
                .put("action", actionOf(m.status()))
                .put("reduce_only", m.reduceOnly())
                .put("status", m.status().name())
                .put("date", m.updatedAt() / 1000.0)
                .put("ticktime_int", m.updatedAt() / 1000)
                .put("ticktime_ms", m.updatedAt())
                .put("reason", m.reason() == null ? "" : m.reason())
                .put("timestamp", m.updatedAt())
                .put("exchange", m.exchange())
                .put("filled_qty", m.filled())
                .put("avg_price", m.avgPrice() == null ? BigDecimal.ZERO : m.avgPrice());
    }

    /** {@code order_data}'s data: the SDK's {@code OrderMessage} fields, this change's fill included. */
    static JsonObject orderData(AlgoOrderUpdated update) {
        OrderView child = update.order();
        boolean filled = update.fillQuantity().signum() > 0;
        boolean cancelled = child.status() == OrderStatus.CANCELLED;
        return new JsonObject()
                .put("type", "order")
                .put("master_order_id", update.masterOrderId())
                .put("order_id", child.orderId())
                .put("client_order_id", child.clientOrderId())
                .put("symbol", child.instrument())
                .put("category", update.marketType() == null ? "" : update.marketType().toLowerCase(Locale.ROOT))
                .put("side", child.side().name())
                .put("price", child.price() == null ? BigDecimal.ZERO : child.price())
                .put("quantity", child.quantity())
                .put("status", childStatus(child))
                .put("created_time", child.createdAt())
                .put("fill_qty", update.fillQuantity())
                .put("fill_price", filled ? update.fillPrice() : BigDecimal.ZERO)
                .put("cum_filled_qty", child.filled())
                .put("quantity_remaining", child.quantity().subtract(child.filled()))
                .put("ack_time", child.createdAt())
                .put("last_fill_time", filled ? update.fillTime() : 0L)
                .put("cancel_time", cancelled ? child.updatedAt() : 0L)
                .put("price_type", child.type().name())
                .put("reason", cancelled && child.filled().compareTo(child.quantity()) < 0 ? "IOC remainder cancelled" : "")
                .put("timestamp", child.updatedAt());
    }

    /** The children's client order id is {@code <master id>-<n>}. */
    static String masterIdOf(OrderView child) {
        String id = child.clientOrderId();
        int dash = id == null ? -1 : id.lastIndexOf('-');
        return dash < 0 ? "" : id.substring(0, dash);
    }

    /** QE's child statuses: PLACED, PARTIALLY_FILLED, FILLED, CANCELLED, REJECTED. */
    static String childStatus(OrderView child) {
        switch (child.status()) {
            case SUBMITTED:
                return "PLACED";
            default:
                return child.status().name();
        }
    }

    private static String actionOf(MasterOrderStatus status) {
        switch (status) {
            case NEW:
                return "create";
            case CANCELLED:
                return "cancel";
            case PAUSED:
                return "pause";
            default:
                return "update";
        }
    }
}
