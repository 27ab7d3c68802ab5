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
    /** Over the session's or the user's rate limit (a refused request), or closed for abusing it. */
    static final String RATE_LIMITED = "RATE_LIMITED";
    /** The connection's token expired: sent just before the close (4001). */
    static final String TOKEN_EXPIRED = "TOKEN_EXPIRED";
    /** The user (or the client address) already holds as many sessions as allowed: sent just before the close (1008). */
    static final String TOO_MANY_SESSIONS = "TOO_MANY_SESSIONS";
    /** A subscription that would take the connection past {@code gateway.max-subscriptions-per-session}. */
    static final String TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS";
    /** The last message before the server closes a connection that read its messages too slowly (1013). */
    static final String SLOW_CONSUMER = "SLOW_CONSUMER";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    static final String TIMEOUT = "TIMEOUT";

    private IbErrors() {
    }

    /** The {@code error_code} of the last message before the server closes the connection. */
    static String of(io.tradewire.gateway.spi.CloseReason reason) {
        return switch (reason) {
            case TOKEN_EXPIRED -> TOKEN_EXPIRED;
            case RATE_LIMIT_ABUSE -> RATE_LIMITED;
            case SESSION_LIMIT -> TOO_MANY_SESSIONS;
            case SLOW_CONSUMER -> SLOW_CONSUMER;
        };
    }

    /** The {@code error_code} of a canonical error; trading codes keep their canonical names. */
    static String of(ErrorCode code) {
        return switch (code) {
            case MALFORMED -> INVALID_MESSAGE;
            case UNSUPPORTED -> UNKNOWN_MESSAGE_TYPE;
            case UNAUTHENTICATED -> AUTH_REQUIRED;
            case FORBIDDEN -> FORBIDDEN;
            case TOO_LARGE -> MESSAGE_TOO_LARGE;
            case RATE_LIMITED -> RATE_LIMITED;
            case UNKNOWN_INSTRUMENT -> UNKNOWN_SYMBOL;
            case INTERNAL -> INTERNAL_ERROR;
            case UNAVAILABLE -> SERVICE_UNAVAILABLE;
            case TIMEOUT -> TIMEOUT;
            default -> code.name();
        };
    }
}
