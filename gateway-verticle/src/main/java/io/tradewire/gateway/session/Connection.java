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

    /**
     * Writes one text message that may be shared with other connections (a fanned-out push): a transport that
     * sends bytes uses {@link Frame#utf8()}, computed once for all of them.
     */
    default void write(Frame frame) {
        write(frame.text());
    }

    /**
     * Whether the transport's own buffer is full (the client is not reading as fast as it is written to). The
     * session then keeps further frames in its outbound queue until the transport calls {@link Session#drain()}.
     */
    boolean writeQueueFull();

    /** A transport-level keep-alive (a WebSocket ping frame); a transport that keeps itself alive does nothing. */
    void ping();

    /** Closes with a WebSocket-style status code and a reason the client can read. */
    void close(short code, String reason);
}
