package io.tradewire.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.Offset;
import io.tradewire.model.Side;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StreamKeyCacheTest {
    private final StreamKeyCache cache = new StreamKeyCache();

    private static TradeExecuted trade(String user) {
        return new TradeExecuted("T1", "O1", user, "IX2301", Side.BUY, Offset.OPEN, BigDecimal.TEN, BigDecimal.ONE, false,
                BigDecimal.ZERO, 1L);
    }

    @Test
    @DisplayName("Routes every event as StreamRouter does, a user's keys as the same instances each time")
    void sameKeysAsTheRouter() {
        List<Event> events = List.of(StreamRouterTest.TRADE, trade("u2"), new Tick("K1", "AAPL", BigDecimal.TEN, BigDecimal.ONE, Side.BUY, 1L));
        for (Event event : events) {
            assertThat(cache.streamsOf(event)).isEqualTo(StreamRouter.streamsOf(event));
        }
        String first = cache.streamsOf(trade("u2")).get(0);
        String again = cache.streamsOf(trade(new String("u2"))).get(0); // an equal user id from another message
        assertThat(again).isSameAs(first);
        assertThat(cache.users()).isEqualTo(2);
    }

    @Test
    @DisplayName("A user id that is no valid key segment is refused, as by StreamRouter, and not kept")
    void refusesInvalidUserIds() {
        assertThatThrownBy(() -> cache.streamsOf(trade("a.b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamRouter.streamsOf(trade("a.b"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.users()).isZero();
    }
}
