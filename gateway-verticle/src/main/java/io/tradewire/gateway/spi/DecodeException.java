package io.tradewire.gateway.spi;

import io.tradewire.model.ErrorCode;

/**
 * A frame the dialect cannot turn into a request. The code tells the gateway (and the codec's error
 * encoding) what kind of failure it was: {@link ErrorCode#MALFORMED}, {@link ErrorCode#UNSUPPORTED},
 * {@link ErrorCode#UNAUTHENTICATED}, {@link ErrorCode#TOO_LARGE}, or a trading validation code.
 *
 * @see Outbound.Failure
 */
public final class DecodeException extends Exception {
    private final ErrorCode code;
    private final String requestType;
    private final Object detail;

    /**
     * @param requestType the client's request type when it could be read (so the error can be shaped
     *                    as that request's reply), or null
     */
    public DecodeException(ErrorCode code, String message, String requestType) {
        this(code, message, requestType, null);
    }

    /**
     * @param detail the dialect's own description of the error (its error code, say), handed back to
     *               its encoder in {@link Outbound.Failure#detail()}; null when the canonical code says it all
     */
    public DecodeException(ErrorCode code, String message, String requestType, Object detail) {
        super(message, null, false, false);
        this.code = code;
        this.requestType = requestType;
        this.detail = detail;
    }

    public Object detail() {
        return detail;
    }

    public ErrorCode code() {
        return code;
    }

    public String requestType() {
        return requestType;
    }
}
