package io.tradewire.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.StreamKeys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PayloadShapeTest {

    @Test
    @DisplayName("200 bytes is reached by the symbol's length: the frame carries the symbol twice")
    void twoHundredBytes() {
        PayloadShape shape = PayloadShape.forBytes(200);
        assertThat(Math.abs(shape.approxFrameBytes() - 200)).isLessThanOrEqualTo(1);
        assertThat(String.format(PayloadShape.TEMPLATE, shape.symbol(), shape.symbol())).hasSize(shape.approxFrameBytes());
        assertThat(StreamKeys.isValidSegment(shape.symbol())).isTrue();
    }

    @Test
    @DisplayName("every size in range gives a valid symbol of 1 to 64 characters, the closest one")
    void range() {
        for (int bytes = PayloadShape.minBytes(); bytes <= PayloadShape.maxBytes(); bytes++) {
            PayloadShape shape = PayloadShape.forBytes(bytes);
            assertThat(shape.symbol().length()).isBetween(1, PayloadShape.MAX_SYMBOL);
            assertThat(StreamKeys.isValidSegment(shape.symbol())).isTrue();
            assertThat(Math.abs(shape.approxFrameBytes() - bytes)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    @DisplayName("sizes the symbol cannot reach are refused with the range")
    void outOfRange() {
        assertThatThrownBy(() -> PayloadShape.forBytes(PayloadShape.minBytes() - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--payload must be between");
        assertThatThrownBy(() -> PayloadShape.forBytes(PayloadShape.maxBytes() + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
