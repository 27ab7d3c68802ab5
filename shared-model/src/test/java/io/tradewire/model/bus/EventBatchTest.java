package io.tradewire.model.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Side;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.Tick;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventBatchTest {
    private static Tick tick(int i) {
        return new Tick("K" + i, "AAPL", BigDecimal.valueOf(100 + i), BigDecimal.ONE, Side.BUY, i);
    }

    @Test
    @DisplayName("A command's events travel as the event itself when alone, as one batch otherwise, and are read back in order")
    void bodyAndForEach() {
        assertThat(EventBatch.bodyOf(List.of())).isNull();
        assertThat(EventBatch.bodyOf(List.of(tick(1)))).isEqualTo(tick(1));
        Object body = EventBatch.bodyOf(List.of(tick(1), tick(2), tick(3)));
        assertThat(body).isInstanceOf(EventBatch.class);
        List<Event> seen = new ArrayList<>();
        EventBatch.forEach(body, seen::add);
        EventBatch.forEach(tick(4), seen::add);
        EventBatch.forEach("not an event", seen::add);
        assertThat(seen).containsExactly(tick(1), tick(2), tick(3), tick(4));
    }

    @Test
    @DisplayName("A batch crosses the cluster wire with every event's own type")
    void wireRoundTrip() {
        RecordCodec<EventBatch> codec = new RecordCodec<>(EventBatch.class);
        EventBatch batch = new EventBatch(List.of(tick(1), tick(2)));
        Buffer buffer = Buffer.buffer();
        codec.encodeToWire(buffer, batch);
        assertThat(codec.decodeFromWire(0, buffer)).isEqualTo(batch);
        assertThat(BusCodecs.RECORDS).contains(EventBatch.class);
    }
}
