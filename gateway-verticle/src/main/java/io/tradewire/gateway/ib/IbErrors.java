package io.tradewire.gateway.ib;

import io.tradewire.model.ErrorCode;

/** The ib dialect's {@code error_code} values: upper-case words as in the seed's {@code INSUFFICIENT_FUNDS}. */
final class IbErrors {
    /** Not JSON, not an object, no {@code type}, a missing or mistyped field, an unknown subscription type. */
    static final String INVALID_MESSAGE = "INVALID_MESSAGE";
    /** A client message {@code type} the dialect does not know. */
    static final String UNKNOWN_MESSAGE_TYPE = "UNKNOWN_MESSAGE_TYPE";
    /** A private message type or {@code get_orders} on a connection without a (valid) token. */
    static final String AUTH_REQUIRED = "AUTH_REQUIRED";
    /** The token given on connect was refused (bad signature, expired, wrong issuer or audience). */
    static final String AUTH_FAILED = "AUTH_FAILED";
    static final String FORBIDDEN = "FORBIDDEN";
    static final String MESSAGE_TOO_LARGE = "MESSAGE_TOO_LARGE";
    /** A {@code symbols} entry that is not a configured instrument. */
    static final String UNKNOWN_SYMBOL = "UNKNOWN_SYMBOL";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    static final String TIMEOUT = "TIMEOUT";

    private IbErrors() {
    }

    /** The {@code error_code} of a canonical error; trading codes keep their canonical names. */
    static String of(ErrorCode code) {
        return switch (code) {
            case MALFORMED -> INVALID_MESSAGE;
            case UNSUPPORTED -> UNKNOWN_MESSAGE_TYPE;
            case UNAUTHENTICATED -> AUTH_REQUIRED;
            case FORBIDDEN -> FORBIDDEN;
            case TOO_LARGE -> MESSAGE_TOO_LARGE;
            case UNKNOWN_INSTRUMENT -> UNKNOWN_SYMBOL;
            case INTERNAL -> INTERNAL_ERROR;
            case UNAVAILABLE -> SERVICE_UNAVAILABLE;
            case TIMEOUT -> TIMEOUT;
            default -> code.name();
        };
    }
}
