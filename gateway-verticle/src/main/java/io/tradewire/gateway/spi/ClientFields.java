package io.tradewire.gateway.spi;

import io.tradewire.model.ErrorCode;
import java.math.BigDecimal;

/**
 * The scalar fields of one client message, read with {@link ClientJson}'s rules (the same values, the same
 * {@link DecodeException}s naming the field): over a parsed tree ({@link ClientJson#fields}) or over a flat message read
 * without one ({@link FlatJson}).
 */
public interface ClientFields {
    /** A required, non-empty text field ({@link ClientJson#text}). */
    default String text(String field, String requestType) throws DecodeException {
        String value = optionalText(field, requestType);
        if (value == null || value.isEmpty()) {
            throw new DecodeException(ErrorCode.MALFORMED, "Missing field: " + field, requestType);
        }
        return value;
    }

    /** An optional text field: null when absent or null; a non-text value is an error ({@link ClientJson#optionalText}). */
    String optionalText(String field, String requestType) throws DecodeException;

    /** A required decimal given as a JSON number or a numeric string ({@link ClientJson#decimal}). */
    default BigDecimal decimal(String field, String requestType) throws DecodeException {
        BigDecimal value = optionalDecimal(field, requestType);
        if (value == null) {
            throw new DecodeException(ErrorCode.MALFORMED, "Missing field: " + field, requestType);
        }
        return value;
    }

    /** An optional decimal: null when absent or null ({@link ClientJson#optionalDecimal}). */
    BigDecimal optionalDecimal(String field, String requestType) throws DecodeException;

    /**
     * An optional flag: a JSON boolean, or the text {@code true} / {@code false} in any letter case; false when absent or
     * null ({@link ClientJson#optionalFlag}).
     */
    boolean optionalFlag(String field, String requestType) throws DecodeException;
}
