package io.tradewire.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FramesTest {
    static final String TICKER = "{\"type\":\"ticker\",\"instrument_id\":\"X\",\"last_price\":120.5,\"volume\":1,"
            + "\"timestamp\":1760000000123456,\"stream\":\"market.X.ticker\",\"epoch\":1760000000000,\"seq\":7}";

    @Test
    @DisplayName("the timestamp is read from the bytes of a ticker frame, of the exchange dialect or Socket.IO")
    void timestamp() {
        assertThat(Frames.timestamp(Buffer.buffer(TICKER))).isEqualTo(1_760_000_000_123_456L);
        assertThat(Frames.timestamp(Buffer.buffer("42[\"ticker\"," + TICKER + "]"))).isEqualTo(1_760_000_000_123_456L);
    }

    @Test
    @DisplayName("frames without a numeric timestamp give -1")
    void noTimestamp() {
        assertThat(Frames.timestamp(Buffer.buffer("{\"type\":\"subscribe_response\",\"success\":true}"))).isEqualTo(-1);
        assertThat(Frames.timestamp(Buffer.buffer("{\"timestamp\":\"x\"}"))).isEqualTo(-1);
        assertThat(Frames.timestamp(Buffer.buffer("{\"timestamp\":"))).isEqualTo(-1);
        assertThat(Frames.timestamp(Buffer.buffer("{\"timestamp\":12345678901234567890}"))).isEqualTo(-1);
        assertThat(Frames.timestamp(Buffer.buffer(""))).isEqualTo(-1);
    }

    @Test
    @DisplayName("prefixes and substrings are matched on bytes")
    void prefixes() {
        Buffer frame = Buffer.buffer("{\"type\":\"order_response\",\"success\":true}");
        assertThat(Frames.startsWith(frame, Frames.bytes("{\"type\":\"order_response\""))).isTrue();
        assertThat(Frames.startsWith(frame, Frames.bytes("{\"type\":\"trade\""))).isFalse();
        assertThat(Frames.startsWith(Buffer.buffer("{"), Frames.bytes("{\"type\""))).isFalse();
        assertThat(Frames.contains(frame, Frames.bytes("\"success\":true"))).isTrue();
        assertThat(Frames.indexOf(frame, Frames.bytes("nope"), 0)).isEqualTo(-1);
    }
}
