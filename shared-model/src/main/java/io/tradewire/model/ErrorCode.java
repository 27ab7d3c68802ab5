package io.tradewire.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every rejection in Tradewire carries one of these codes. They cross the event bus as
 * {@code message.fail(code, text)} and each dialect renders them in its own error shape.
 *
 * <p>Ranges: 4xx request / session problems (HTTP-like, as the exchange dialect defines them),
 * 1001-1099 trading rejections (1001-1003 are the exchange dialect's own codes), 5xx server-side.
 */
public enum ErrorCode {
    MALFORMED(400, "Malformed message"),
    UNAUTHENTICATED(401, "Not authenticated"),
    FORBIDDEN(403, "Forbidden"),
    TOO_LARGE(413, "Message too large"),
    UNSUPPORTED(415, "Unsupported message"),
    /** A session or user went over its rate limit (gateway token buckets), or holds too many sessions. */
    RATE_LIMITED(429, "Too many requests"),

    INSUFFICIENT_FUNDS(1001, "Insufficient funds"),
    ORDER_NOT_FOUND(1002, "Order not found"),
    ACCOUNT_NOT_FOUND(1003, "Account not found"),
    UNKNOWN_INSTRUMENT(1004, "Unknown instrument"),
    INVALID_PRICE(1005, "Invalid price"),
    INVALID_QUANTITY(1006, "Invalid quantity"),
    INSUFFICIENT_POSITION(1007, "Insufficient position to close"),
    ORDER_NOT_ACTIVE(1008, "Order is no longer active"),
    NOT_FILLABLE(1009, "Order cannot be filled completely"),
    /** A post-only order (or an amend of one) would have traded on arrival instead of resting. */
    WOULD_TAKE_LIQUIDITY(1010, "Post-only order would take liquidity"),
    /** The user already has a working or recent order with this client order id. */
    DUPLICATE_CLIENT_ORDER_ID(1011, "Duplicate client order id"),
    /** A limit price too far from the instrument's last trade price (its price band). */
    PRICE_OUT_OF_BAND(1012, "Price outside the price band"),

    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Service unavailable"),
    TIMEOUT(504, "Request timed out");

    private static final Map<Integer, ErrorCode> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final int code;
    private final String defaultMessage;

    ErrorCode(int code, String defaultMessage) {
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public int code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** The code for a numeric failure code (from a {@code ReplyException}); unknown numbers are {@link #INTERNAL}. */
    public static ErrorCode of(int code) {
        return BY_CODE.getOrDefault(code, INTERNAL);
    }
}
