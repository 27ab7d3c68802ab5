package io.tradewire.matching.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The short-string and long-sized-decimal paths of {@link ByteOut} write exactly the bytes of the general encodings. */
class ByteOutTest {

    @Test
    @DisplayName("strings of every length around the one-byte length limit, ASCII or not, encode as varint(length + 1) and UTF-8")
    void strings() throws Exception {
        Random random = new Random(11L);
        for (int n = 0; n < 20_000; n++) {
            int length = random.nextInt(n % 10 == 0 ? 400 : 140);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(50);
                text.append(kind == 0 ? (char) (0x80 + random.nextInt(0x700)) : kind == 1 ? '€' : (char) random.nextInt(0x80));
            }
            String value = text.toString();
            ByteOut out = new ByteOut(4).u8(7); // not at offset 0, and growing
            out.string(value).u8(9);
            ByteOut expected = new ByteOut(4).u8(7);
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            expected.varint(utf8.length + 1L).raw(utf8, 0, utf8.length).u8(9);
            assertThat(out.toByteArray()).as("'%s'", value).isEqualTo(expected.toByteArray());
            ByteIn in = new ByteIn(out.toByteArray());
            assertThat(in.u8()).isEqualTo(7);
            assertThat(readString(in)).isEqualTo(value);
        }
        assertThat(new ByteOut().string(null).toByteArray()).containsExactly(0);
    }

    @Test
    @DisplayName("decimals of every size and sign encode their unscaled value as BigInteger.toByteArray() does, and read back")
    void decimals() throws Exception {
        Random random = new Random(12L);
        for (int n = 0; n < 50_000; n++) {
            BigInteger unscaled = switch (n % 4) {
                case 0 -> BigInteger.valueOf(random.nextLong() >> random.nextInt(64));
                case 1 -> BigInteger.ONE.shiftLeft(random.nextInt(70)).subtract(BigInteger.valueOf(random.nextInt(3)));
                case 2 -> new BigInteger(1 + random.nextInt(90), random);
                default -> BigInteger.valueOf(random.nextInt(1000));
            };
            if (random.nextBoolean()) {
                unscaled = unscaled.negate();
            }
            BigDecimal value = new BigDecimal(unscaled, random.nextInt(30) - 10);
            byte[] actual = new ByteOut(4).decimal(value).toByteArray();
            ByteOut expected = new ByteOut(4).u8(1).varint(((long) value.scale() << 1) ^ (value.scale() >> 31));
            byte[] bytes = unscaled.toByteArray();
            expected.varint(bytes.length).raw(bytes, 0, bytes.length);
            assertThat(actual).as("%s", value).isEqualTo(expected.toByteArray());
            BigDecimal back = new ByteIn(actual).decimal();
            assertThat(back).isEqualTo(value);
        }
    }

    private static String readString(ByteIn in) {
        try {
            return in.string();
        } catch (CorruptDataException e) {
            throw new AssertionError(e);
        }
    }
}
