package io.tradewire.broker.ib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionView;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IbMapperTest {
    private final IbMapper mapper = new IbMapper("bob", Map.of("AAPL", 265598L));

    /** A {@code sor} row as the Client Portal documentation shows it. */
    private static JsonObject sor(String status, double filled, double remaining) {
        return new JsonObject().put("acct", "DU1234").put("conid", 265598).put("orderId", 1408241327).put("ticker", "AAPL")
                .put("side", "BUY").put("orderType", "Limit").put("price", "372.00").put("status", status)
                .put("filledQuantity", filled).put("remainingQuantity", remaining).put("timeInForce", "GTC")
                .put("order_ref", "my-ref").put("lastExecutionTime_r", 1_700_000_000_000L);
    }

    @Test
    @DisplayName("Order statuses compare case-insensitively; a fill makes Submitted partly filled; ids and fields are kept")
    void orders() {
        assertThat(mapper.order(sor("PreSubmitted", 0, 100)).status()).isEqualTo(OrderStatus.SUBMITTED);
        assertThat(mapper.order(sor("Presubmitted", 0, 100)).status()).isEqualTo(OrderStatus.SUBMITTED);
        assertThat(mapper.order(sor("Submitted", 40, 60)).status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(mapper.order(sor("filled", 100, 0)).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(mapper.order(sor("ApiCancelled", 0, 100)).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(mapper.order(sor("Inactive", 0, 100)).status()).isEqualTo(OrderStatus.REJECTED);
        OrderView order = mapper.order(sor("Submitted", 40, 60));
        assertThat(order.orderId()).isEqualTo("ib-1408241327");
        assertThat(order.clientOrderId()).isEqualTo("my-ref");
        assertThat(order.userId()).isEqualTo("bob");
        assertThat(order.instrument()).isEqualTo("AAPL");
        assertThat(order.side()).isEqualTo(Side.BUY);
        assertThat(order.type()).isEqualTo(OrderType.LIMIT);
        assertThat(order.quantity()).isEqualByComparingTo("100");
        assertThat(order.price()).isEqualByComparingTo("372.00");
    }

    @Test
    @DisplayName("A signed position becomes the long or the short side; trades take B / S sides; bad numbers are errors")
    void positionsAndTrades() {
        PositionView shortPosition = mapper.position(new JsonObject().put("conid", 265598).put("position", -30.0)
                .put("avgPrice", 190.5).put("mktPrice", 191.0).put("unrealizedPnl", -15.0), 1L);
        assertThat(shortPosition.shortQuantity()).isEqualByComparingTo("30");
        assertThat(shortPosition.longQuantity()).isZero();
        assertThat(shortPosition.shortAvgPrice()).isEqualByComparingTo("190.5");
        assertThat(mapper.trade(new JsonObject().put("execution_id", "e1").put("conid", 265598).put("side", "S").put("size", 5)
                .put("price", "190.00").put("trade_time_r", 5L), "77", null).side()).isEqualTo(Side.SELL);
        assertThatThrownBy(() -> mapper.order(sor("Submitted", 0, 100).put("price", "12x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(mapper.account(new JsonObject().put("totalcashvalue", new JsonObject().put("amount", 1000).put("currency", "USD"))
                .put("netliquidation", new JsonObject().put("amount", 2000)).put("initmarginreq", new JsonObject().put("amount", 500)),
                new BigDecimal("12"), 1L).riskRatio()).isEqualByComparingTo("0.25");
    }
}
