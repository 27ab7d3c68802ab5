package io.tradewire.gateway.spi;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes a {@link BigDecimal} as a plain JSON number — the characters of {@link BigDecimal#toPlainString()}, as
 * {@link ClientJson}'s generators write decimals — without the strings {@code toPlainString} builds: a decimal of at
 * most 18 digits (every price, quantity and amount of an order) is spelled from its unscaled {@code long} into a reused
 * buffer. Any other decimal is written by Jackson as before.
 */
public final class PlainDecimals {
    /** Digits a {@code long} always holds. */
    private static final int MAX_DIGITS = 18;
    /** Sign, 18 digits, up to 18 zeros before them after "0.", the point. */
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[2 * MAX_DIGITS + 4]);

    private PlainDecimals() {
    }

    /** {@code value} as a plain number, or {@code null} when it is null. */
    public static void write(JsonGenerator g, BigDecimal value) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        int scale = value.scale();
        if (scale == 0 && value.precision() <= MAX_DIGITS) {
            g.writeNumber(value.longValue()); // the same digits, no text made
            return;
        }
        if (scale < 0 || scale > MAX_DIGITS || value.precision() > MAX_DIGITS) {
            g.writeNumber(value); // plain, through toPlainString
            return;
        }
        char[] buffer = BUFFER.get();
        int length = spell(value.movePointRight(scale).longValue(), scale, buffer);
        g.writeNumber(buffer, 0, length);
    }

    /** {@code field} with {@code value} as a plain number (or null). */
    public static void writeField(JsonGenerator g, String field, BigDecimal value) throws IOException {
        g.writeFieldName(field);
        write(g, value);
    }

    /**
     * Spells {@code unscaled × 10^-scale} (|unscaled| below 10^18, scale 1 to 18) as {@code toPlainString} does into
     * {@code out}; returns the length.
     */
    static int spell(long unscaled, int scale, char[] out) {
        int position = 0;
        if (unscaled < 0) {
            out[position++] = '-';
            unscaled = -unscaled;
        }
        // The digits, least significant first, into the end of the buffer.
        int end = out.length;
        int start = end;
        do {
            out[--start] = (char) ('0' + unscaled % 10);
            unscaled /= 10;
        } while (unscaled != 0);
        int digits = end - start;
        if (digits <= scale) {
            out[position++] = '0';
            out[position++] = '.';
            for (int zeros = scale - digits; zeros > 0; zeros--) {
                out[position++] = '0';
            }
            for (int i = start; i < end; i++) {
                out[position++] = out[i];
            }
            return position;
        }
        int integerDigits = digits - scale;
        for (int i = 0; i < integerDigits; i++) {
            out[position++] = out[start + i];
        }
        out[position++] = '.';
        for (int i = start + integerDigits; i < end; i++) {
            out[position++] = out[i];
        }
        return position;
    }
}
