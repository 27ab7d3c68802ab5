package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientOrderIdJournalTest {
    private static final long T0 = 1_700_000_000_000L;

    private static SubmitOrder buy(String user, String clientOrderId, String price) {
        return new SubmitOrder(user, clientOrderId, "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal(price), BigDecimal.ONE, OrderSource.API);
    }

    @Test
    @DisplayName("Cancels and amends by client order id sent before their orders' acks are journaled and replay to the same state")
    void pipelinedCommandsReplay() throws Exception {
        Path dir = Harness.newDir("client-order-ids-");
        String hash;
        try (Harness live = new Harness(dir)) {
            // All five go in before any of them is durable: a pipelining client, as the venue runs them in order.
            live.handle(buy("u1", "a", "119.5"), T0, 0);
            live.handle(buy("u1", "b", "119.4"), T0 + 1, 1);
            live.handle(CancelOrder.byClientOrderId("u1", "a"), T0 + 2, 2);
            live.handle(AmendOrder.byClientOrderId("u1", "b", new BigDecimal("119.6"), null), T0 + 3, 3);
            live.handle(CancelOrder.byClientOrderId("u2", "b"), T0 + 4, 4); // another user's id: not found, not journaled
            live.drain(5);
            assertThat(live.delivered).extracting(Outcome::context).containsExactly(0, 1, 2, 3, 4);
            assertThat(((OrderView) live.delivered.get(2).reply()).status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(((OrderView) live.delivered.get(2).reply()).clientOrderId()).isEqualTo("a");
            assertThat(((OrderView) live.delivered.get(3).reply()).price()).isEqualByComparingTo("119.6");
            assertThat(live.delivered.get(4).errorCode()).isEqualTo(io.tradewire.model.ErrorCode.ORDER_NOT_FOUND);
            assertThat(live.journaled).hasSize(4);
            hash = live.venue.venue().stateHash();
            assertThat(Harness.reference(live.journaled, 4).stateHash()).isEqualTo(hash);
        }
        try (Harness restarted = new Harness(dir)) {
            assertThat(restarted.venue.venue().stateHash()).isEqualTo(hash);
            assertThat(restarted.venue.venue().queryOrders(new QueryOrders("u1")).orders())
                    .extracting(OrderView::clientOrderId, OrderView::price)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b", new BigDecimal("119.6")));
            // The index of client order ids is rebuilt by the replay: the recovered venue finds "b" by it.
            restarted.handle(CancelOrder.byClientOrderId("u1", "b"), T0 + 10, 5);
            restarted.drain(1);
            assertThat(((OrderView) restarted.delivered.get(0).reply()).status()).isEqualTo(OrderStatus.CANCELLED);
        }
    }
}
