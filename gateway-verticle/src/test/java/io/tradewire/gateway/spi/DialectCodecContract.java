package io.tradewire.gateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every dialect codec must do, whatever its wire: subclass it with the codec under test. Hostile
 * or malformed input becomes a typed {@link DecodeException}, never another exception, and every
 * failure can be rendered as a frame the client can read.
 */
public abstract class DialectCodecContract {
    protected DialectCodec codec;

    protected abstract DialectCodec newCodec();

    public static InstrumentDirectory testInstruments() {
        return new InstrumentDirectory(List.of(
                new Instrument("IX2301", InstrumentKind.FUTURES, Instrument.VENUE_ROUTE, new BigDecimal("0.1"), BigDecimal.ONE,
                        new BigDecimal("300"), new BigDecimal("0.12"), "USD", new BigDecimal("120"), "US"),
                new Instrument("AAPL", InstrumentKind.STOCK, Instrument.VENUE_ROUTE, new BigDecimal("0.01"), BigDecimal.ONE,
                        BigDecimal.ONE, BigDecimal.ONE, "USD", new BigDecimal("190"), "US")));
    }

    @BeforeEach
    void setUpCodec() {
        codec = newCodec();
        codec.configure(new DialectContext(testInstruments(), ConfigReader.of(new JsonObject(), "gateway." + codec.name())));
    }

    @Test
    @DisplayName("A codec has a name and an absolute default path, and its idle timeout outlasts its ping interval")
    void describesItself() {
        assertThat(codec.name()).matches("[a-z][a-z0-9-]*");
        assertThat(codec.defaults().path()).startsWith("/");
        assertThat(codec.defaults().idleTimeout()).isGreaterThan(codec.defaults().pingInterval());
    }

    @Test
    @DisplayName("Text that is not JSON is a MALFORMED decode failure")
    void rejectsNonJson() {
        for (String frame : List.of("", "hello", "{", "{\"type\":", "\u0000\u0001")) {
            assertThatThrownBy(() -> codec.decode(frame, TestSession.anonymous()))
                    .isInstanceOf(DecodeException.class)
                    .extracting(e -> ((DecodeException) e).code())
                    .isEqualTo(ErrorCode.MALFORMED);
        }
    }

    @Test
    @DisplayName("Deeply nested JSON is refused before it is built")
    void rejectsDeepNesting() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> codec.decode("{\"type\":" + deep + "}", TestSession.anonymous()))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    @DisplayName("Oversized content inside a frame (a string or number beyond the JSON limits) is a typed decode failure")
    void rejectsOversizedContent() {
        String longText = "x".repeat(ClientJson.MAX_STRING_LENGTH + 1);
        String longNumber = "1".repeat(ClientJson.MAX_NUMBER_LENGTH + 1);
        for (String sample : sampleFrames()) {
            for (String oversized : List.of(withExtraField(sample, "\"" + longText + "\""), withExtraField(sample, longNumber))) {
                for (SessionView session : List.of(TestSession.anonymous(), TestSession.of("u1"))) {
                    assertThatThrownBy(() -> codec.decode(oversized, session)).as(sample).isInstanceOf(DecodeException.class);
                }
            }
        }
    }

    /**
     * The sample carrying {@code value} too: as one more field of its last JSON object, else as one more
     * element of its last JSON array, else appended.
     */
    protected String withExtraField(String sample, String value) {
        int object = sample.lastIndexOf('}');
        if (object >= 0) {
            return sample.substring(0, object) + ",\"padding\":" + value + sample.substring(object);
        }
        int array = sample.lastIndexOf(']');
        if (array >= 0) {
            return sample.substring(0, array) + "," + value + sample.substring(array);
        }
        return sample + value;
    }

    @Test
    @DisplayName("Every failure code renders as at least one frame")
    void rendersEveryFailure() {
        for (ErrorCode code : ErrorCode.values()) {
            List<String> frames = codec.encode(new Outbound.Failure(code, code.defaultMessage(), null), TestSession.of("u1"));
            assertThat(frames).as("frames for %s", code).isNotEmpty();
        }
    }

    @Test
    @DisplayName("Random bytes and mutated frames never escape as anything but a DecodeException (seeded)")
    void survivesRandomInput() {
        Random random = new Random(20261121L);
        List<String> seeds = sampleFrames();
        for (int i = 0; i < 5_000; i++) {
            String frame;
            if (i % 2 == 0) {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                frame = new String(bytes, StandardCharsets.UTF_8);
            } else {
                StringBuilder mutated = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
                for (int m = 0; m < 1 + random.nextInt(4) && mutated.length() > 0; m++) {
                    int at = random.nextInt(mutated.length());
                    mutated.setCharAt(at, (char) (32 + random.nextInt(95)));
                }
                frame = mutated.toString();
            }
            for (SessionView session : List.of(TestSession.anonymous(), TestSession.of("u1"))) {
                try {
                    codec.decode(frame, session);
                } catch (DecodeException expected) {
                    assertThat(expected.code()).isNotNull();
                    assertThat(codec.encode(new Outbound.Failure(expected.code(), expected.getMessage(), expected.requestType(), expected.detail()),
                            session)).isNotEmpty();
                }
            }
        }
    }

    /** Valid frames of the dialect, used as seeds for mutation. */
    protected abstract List<String> sampleFrames();
}
