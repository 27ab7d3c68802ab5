package io.tradewire.gateway.session;

/**
 * The transport under a session: a WebSocket, or an Engine.IO socket that may be long-polling. The
 * transport feeds what it receives to {@link Sessions} ({@code received}, {@code alive}, {@code closed}).
 */
public interface Connection {
    /** Whether the transport can still take writes (a client may close before its close is processed). */
    default boolean isOpen() {
        return true;
    }

    /** Writes one text message. */
    void write(String text);

    /** Whether the client is not reading fast enough to take more now. */
    boolean writeQueueFull();

    /**
     * Frames written and not yet handed to the network: the session's outbound queue depth. A transport that
     * cannot tell answers 0.
     */
    default int queuedFrames() {
        return 0;
    }

    /** A transport-level keep-alive (a WebSocket ping frame); a transport that keeps itself alive does nothing. */
    void ping();

    /** Closes with a WebSocket-style status code and a reason the client can read. */
    void close(short code, String reason);
}
