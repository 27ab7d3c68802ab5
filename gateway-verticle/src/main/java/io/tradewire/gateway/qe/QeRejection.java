package io.tradewire.gateway.qe;

import io.tradewire.model.ErrorCode;

/**
 * A refused QE request, rendered in the QE error shape {@code {"code","reason","message","traceId","serverTime"}}
 * with HTTP status {@code status}.
 */
final class QeRejection extends RuntimeException {
    final int status;
    final int code;
    final String reason;

    QeRejection(int status, int code, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.reason = reason;
    }

    static QeRejection malformed(String message) {
        return new QeRejection(400, ErrorCode.MALFORMED.code(), "MALFORMED_REQUEST", "Malformed request: " + message);
    }

    static QeRejection unauthorized(String reason, String message) {
        return new QeRejection(401, ErrorCode.UNAUTHENTICATED.code(), reason, message);
    }

    /** A refusal from the engine or the bus, with the HTTP status that fits its code. */
    static QeRejection of(ErrorCode code, String message) {
        int status;
        switch (code) {
            case ORDER_NOT_FOUND:
                status = 404;
                break;
            case ORDER_NOT_ACTIVE:
                status = 409;
                break;
            case UNAUTHENTICATED:
                status = 401;
                break;
            case FORBIDDEN:
                status = 403;
                break;
            case RATE_LIMITED:
                status = 429;
                break;
            case UNAVAILABLE:
                status = 503;
                break;
            case TIMEOUT:
                status = 504;
                break;
            case INTERNAL:
                status = 500;
                break;
            default:
                status = 400;
        }
        return new QeRejection(status, code.code(), code.name(), message == null ? code.defaultMessage() : message);
    }
}
