package io.tradewire.gateway.session;

/**
 * {@code gateway.outbound.*}: how far one client may fall behind before the gateway stops waiting for it.
 *
 * <p>A frame first goes to the socket; once the socket's own buffer holds {@code socketBytes} (the client is not
 * reading as fast as it is written to), further frames wait in the session's outbound queue. There, a state
 * stream keeps only its latest message ({@link Conflation}); past {@code maxMessages} or {@code maxBytes}
 * waiting, the session is closed as a slow consumer (1013).
 *
 * @param maxMessages messages waiting in a session's queue, at most ({@code gateway.outbound.max-messages})
 * @param maxBytes    bytes waiting in a session's queue, at most ({@code gateway.outbound.max-bytes}; formerly
 *                    {@code gateway.max-queued-bytes}); a frame counts as its length in characters
 * @param socketBytes bytes a socket buffers before it reports itself full ({@code gateway.outbound.socket-bytes})
 */
public record OutboundLimits(int maxMessages, int maxBytes, int socketBytes) {
    public static final int DEFAULT_MAX_MESSAGES = 10_000;
    public static final int DEFAULT_MAX_BYTES = 1_048_576;
    public static final int DEFAULT_SOCKET_BYTES = 65_536;

    /** The shipped defaults. */
    public static final OutboundLimits DEFAULTS = new OutboundLimits(DEFAULT_MAX_MESSAGES, DEFAULT_MAX_BYTES, DEFAULT_SOCKET_BYTES);

    public OutboundLimits {
        if (maxMessages < 1 || maxBytes < 1 || socketBytes < 1) {
            throw new IllegalArgumentException("outbound limits must be positive");
        }
    }
}
