package io.tradewire.gateway.spi;

import io.tradewire.model.ErrorCode;

/**
 * Why the gateway closes a session on its own initiative, with the WebSocket close code it uses and the
 * canonical error a dialect shows in its last message ({@link Outbound.Closing}).
 */
public enum CloseReason {
    /** The token the session authenticated with expired and no fresh one arrived in-band: close 4001. */
    TOKEN_EXPIRED((short) 4001, "Token expired", ErrorCode.UNAUTHENTICATED),
    /** The session kept going over its rate limits after being told so: close 1008. */
    RATE_LIMIT_ABUSE((short) 1008, "Rate limit abuse", ErrorCode.RATE_LIMITED),
    /** The user (or the client address) already holds as many sessions as allowed: close 1008. */
    SESSION_LIMIT((short) 1008, "Too many sessions", ErrorCode.RATE_LIMITED),
    /**
     * The client read its messages too slowly: its outbound queue went past {@code gateway.outbound.*}. Close 1013
     * ("try again later"), error 503 (the service is not available to it at that pace).
     */
    SLOW_CONSUMER((short) 1013, "Slow consumer", ErrorCode.UNAVAILABLE);

    private final short closeCode;
    private final String closeText;
    private final ErrorCode errorCode;

    CloseReason(short closeCode, String closeText, ErrorCode errorCode) {
        this.closeCode = closeCode;
        this.closeText = closeText;
        this.errorCode = errorCode;
    }

    /** The WebSocket close status (4001 for an expired token, 1013 for a slow consumer, 1008 otherwise). */
    public short closeCode() {
        return closeCode;
    }

    /** The WebSocket close reason, short and fixed ("Token expired", "Rate limit abuse", "Too many sessions", "Slow consumer"). */
    public String closeText() {
        return closeText;
    }

    /** The canonical error of the dialect's last message: 401 for an expired token, 429 for the limits, 503 for a slow consumer. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
