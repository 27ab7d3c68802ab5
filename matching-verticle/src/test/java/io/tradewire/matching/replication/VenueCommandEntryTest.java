package io.tradewire.matching.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VenueCommandEntryTest {

    @Test
    @DisplayName("Every state-changing command and its arrival time survive the log entry encoding exactly")
    void roundTrip() throws Exception {
        List<Command> commands = List.of(
                new SubmitOrder("u1", "c-1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.IOC, new BigDecimal("120.10"),
                        new BigDecimal("3"), OrderSource.MCP, true),
                new SubmitOrder("u2", null, "AAPL", Side.SELL, Offset.CLOSE, OrderType.MARKET, null, null, BigDecimal.ONE,
                        OrderSource.API),
                new CancelOrder("u1", "O00000000000010000001"),
                new AmendOrder("u1", "O00000000000010000001", new BigDecimal("119.5"), null),
                CancelOrder.byClientOrderId("u1", "c-7"),
                AmendOrder.byClientOrderId("u1", "c-7", null, new BigDecimal("2.000")),
                new Deposit("u3", new BigDecimal("2500.25")),
                new Withdraw("u3", new BigDecimal("0.01")));
        long timestamp = 1_763_700_000_123L;
        for (Command command : commands) {
            VenueCommandEntry entry = new VenueCommandEntry(timestamp++, command);

            assertThat(VenueCommandEntry.decode(entry.encode())).isEqualTo(entry);
        }
    }

    @Test
    @DisplayName("A log entry of an unknown format is refused, not skipped; a query is never a log entry")
    void refusals() {
        byte[] bytes = new VenueCommandEntry(1L, new Deposit("u", BigDecimal.ONE)).encode();
        bytes[0] = 9;

        assertThatThrownBy(() -> VenueCommandEntry.decode(bytes)).isInstanceOf(IncompatibleDataException.class)
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> new VenueCommandEntry(1L, new QueryAccount("u")).encode())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
