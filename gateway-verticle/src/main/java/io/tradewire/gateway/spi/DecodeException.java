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

    /**
     * @param requestType the client's request type when it could be read (so the error can be shaped
     *                    as that request's reply), or null
     */
    public DecodeException(ErrorCode code, String message, String requestType) {
        super(message, null, false, false);
        this.code = code;
        this.requestType = requestType;
    }

    public ErrorCode code() {
        return code;
    }

    public String requestType() {
        return requestType;
    }
}
