package io.tradewire.matching.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.RejectedException;
import io.tradewire.model.Side;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VenueAssignmentTest {
    private static final long T0 = 1_725_123_456_789L;
    private static final InstrumentDirectory INSTRUMENTS = new InstrumentDirectory(List.of(
            TestInstruments.IX2301,
            TestInstruments.instrument("BTC", InstrumentKind.CRYPTO, "venue:crypto", "0.01", "0.001", "1", "1", "60000"),
            TestInstruments.instrument("AAPL", InstrumentKind.STOCK, "venue:tradewire", "0.01", "1", "1", "1", "190"),
            TestInstruments.ES));
    private static final VenueSettings SETTINGS = new VenueSettings(true, new BigDecimal("1000000"), "USD", 10);

    private static SubmitOrder limit(String user, String instrument, Side side, String price, String quantity) {
        return new SubmitOrder(user, null, instrument, side, Offset.OPEN, OrderType.LIMIT, null, new BigDecimal(price),
                new BigDecimal(quantity), OrderSource.API);
    }

    @Test
    @DisplayName("Each venue trades only its own instruments: 'venue' and 'venue:<default>' on the default one, 'venue:crypto' on crypto")
    void tradesOnlyItsInstruments() {
        Venue main = new Venue("tradewire", "tradewire", INSTRUMENTS, SETTINGS, () -> T0);
        Venue crypto = new Venue("crypto", "tradewire", INSTRUMENTS, SETTINGS, () -> T0);
        assertThat(main.instruments()).containsExactly("IX2301", "AAPL");
        assertThat(crypto.instruments()).containsExactly("BTC");
        assertThatThrownBy(() -> crypto.submit(limit("alice", "IX2301", Side.BUY, "120", "1"), e -> { }))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_INSTRUMENT));
        assertThatThrownBy(() -> main.submit(limit("alice", "BTC", Side.BUY, "60000", "1"), e -> { }))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_INSTRUMENT));
        // The four-argument constructor is the default venue: unchanged for single-venue setups.
        assertThat(new Venue("tradewire", INSTRUMENTS, SETTINGS, () -> T0).instruments()).containsExactly("IX2301", "AAPL");
    }

    @Test
    @DisplayName("The default venue's ids stay O + 20 digits; another venue prefixes its order and trade ids with its name")
    void prefixesIds() throws Exception {
        Venue main = new Venue("tradewire", "tradewire", INSTRUMENTS, SETTINGS, () -> T0);
        Venue crypto = new Venue("crypto", "tradewire", INSTRUMENTS, SETTINGS, () -> T0);
        assertThat(main.submit(limit("alice", "IX2301", Side.BUY, "120", "1"), e -> { }).orderId()).matches("O[0-9]{20}");
        List<Event> events = new ArrayList<>();
        OrderView resting = crypto.submit(limit("alice", "BTC", Side.SELL, "60000", "1"), events::add);
        assertThat(resting.orderId()).matches("crypto-O[0-9]{20}");
        OrderView taker = crypto.submit(limit("bob", "BTC", Side.BUY, "60000", "0.5"), events::add);
        assertThat(taker.orderId()).matches("crypto-O[0-9]{20}");
        assertThat(events).filteredOn(TradeExecuted.class::isInstance).isNotEmpty()
                .allSatisfy(e -> assertThat(((TradeExecuted) e).tradeId()).matches("crypto-T[0-9]{20}"));
        // The prefixed ids are the ids: a cancel finds the order, a snapshot keeps them.
        Venue restored = new Venue("crypto", "tradewire", INSTRUMENTS, SETTINGS, () -> T0);
        VenueSnapshot.restore(restored, new ByteIn(VenueSnapshot.encode(crypto)));
        assertThat(restored.stateHash()).isEqualTo(crypto.stateHash());
        assertThat(restored.cancel(new CancelOrder("alice", resting.orderId()), e -> { }).orderId()).isEqualTo(resting.orderId());
        crypto.validateInternalState();
    }
}
