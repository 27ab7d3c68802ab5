package io.tradewire.model;

/** A request was refused for a reason the client must hear about; carries the canonical {@link ErrorCode}. */
public final class RejectedException extends RuntimeException {
    private final ErrorCode code;

    public RejectedException(ErrorCode code, String message) {
        super(message == null ? code.defaultMessage() : message, null, false, false);
        this.code = code;
    }

    public RejectedException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public ErrorCode code() {
        return code;
    }
}
