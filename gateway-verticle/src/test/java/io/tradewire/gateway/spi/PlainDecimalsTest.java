package io.tradewire.gateway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlainDecimalsTest {

    @Test
    @DisplayName("Every decimal is written as the characters of its toPlainString, nulls as null")
    void sameAsToPlainString() throws IOException {
        Random random = new Random(0xDEC1_3A15L);
        List<BigDecimal> values = new ArrayList<>(List.of(BigDecimal.ZERO, new BigDecimal("0.000"), new BigDecimal("120.0"),
                new BigDecimal("-0.05"), new BigDecimal("999999999999999999"), new BigDecimal("0.999999999999999999"),
                new BigDecimal("-999999999.999999999"), new BigDecimal("1000000000000000000"), new BigDecimal("1E+3"),
                new BigDecimal("1E-19"), new BigDecimal("0.1234567890123456789"), BigDecimal.valueOf(Long.MIN_VALUE, 3),
                BigDecimal.valueOf(Long.MAX_VALUE, 18)));
        for (int i = 0; i < 20_000; i++) {
            long unscaled = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(1000) - 500;
                case 1 -> random.nextLong() % 1_000_000_000_000_000_000L;
                case 2 -> random.nextLong();
                default -> (long) Math.pow(10, random.nextInt(19)) * (random.nextBoolean() ? 1 : -1);
            };
            values.add(BigDecimal.valueOf(unscaled, random.nextInt(24) - 3));
            values.add(new BigDecimal(new BigInteger(70, random), random.nextInt(20)));
        }
        for (BigDecimal value : values) {
            assertThat(written(value)).as("%s (scale %d)", value, value.scale()).isEqualTo(value.toPlainString());
        }
        assertThat(written(null)).isEqualTo("null");
    }

    private static String written(BigDecimal value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ClientJson.MAPPER.getFactory().createGenerator(out)) {
            PlainDecimals.write(g, value);
        }
        return out.toString();
    }
}
