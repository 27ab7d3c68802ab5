package io.tradewire.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * How a load-generator client talks to a server: the exchange dialect (Tradewire and the {@code ws} peer,
 * which speaks the same subscribe and auth messages) or Socket.IO 4 over a raw WebSocket (Engine.IO v4:
 * {@code 0} open, {@code 40} namespace connect, {@code 42[...]} events, {@code 2}/{@code 3} ping/pong).
 */
enum Protocol {
    EXCHANGE,
    SOCKETIO;

    private static final byte[] SUBSCRIBE_OK = Frames.bytes("{\"type\":\"subscribe_response\",\"success\":true");
    private static final byte[] SUBSCRIBE_RESPONSE = Frames.bytes("{\"type\":\"subscribe_response\"");
    private static final byte[] AUTH_OK = Frames.bytes("{\"type\":\"auth_response\",\"success\":true");
    private static final byte[] AUTH_RESPONSE = Frames.bytes("{\"type\":\"auth_response\"");
    private static final byte[] SIO_SUBSCRIBED = Frames.bytes("42[\"subscribe_response\"");

    /** What a setup frame means for a client that is connecting. */
    enum Step { NONE, READY, REFUSED }

    static String subscribeTicker(String symbol) {
        return "{\"type\":\"subscribe\",\"channels\":[\"ticker\"],\"instruments\":[\"" + symbol + "\"]}";
    }

    static String auth(String user, String token) {
        return "{\"type\":\"auth\",\"user_id\":\"" + user + "\",\"token\":\"" + token + "\"}";
    }

    /** Called once the WebSocket is open: the exchange dialect sends its first message right away. */
    void opened(WebSocket socket, String firstMessage) {
        if (this == EXCHANGE) {
            socket.writeTextMessage(firstMessage);
        }
    }

    /**
     * Handles a protocol frame during setup (and Socket.IO's pings at any time). {@code firstMessage} is the
     * exchange message (subscribe or auth) — Socket.IO sends a {@code subscribe} event instead, or nothing
     * but the namespace connect when {@code subscribeSymbol} is null.
     */
    Step setup(WebSocket socket, Buffer frame, String subscribeSymbol) {
        if (this == EXCHANGE) {
            if (Frames.startsWith(frame, SUBSCRIBE_OK) || Frames.startsWith(frame, AUTH_OK)) {
                return Step.READY;
            }
            if (Frames.startsWith(frame, SUBSCRIBE_RESPONSE) || Frames.startsWith(frame, AUTH_RESPONSE)) {
                return Step.REFUSED;
            }
            return Step.NONE;
        }
        if (frame.length() == 0) {
            return Step.NONE;
        }
        byte first = frame.getByte(0);
        if (first == '2' && frame.length() == 1) {
            socket.writeTextMessage("3");
        } else if (first == '0') {
            socket.writeTextMessage("40");
        } else if (first == '4' && frame.length() > 1 && frame.getByte(1) == '0') {
            if (subscribeSymbol == null) {
                return Step.READY;
            }
            socket.writeTextMessage("42[\"subscribe\"," + subscribeTicker(subscribeSymbol) + "]");
        } else if (first == '4' && frame.length() > 1 && frame.getByte(1) == '4') {
            return Step.REFUSED;
        } else if (Frames.startsWith(frame, SIO_SUBSCRIBED)) {
            return Step.READY;
        }
        return Step.NONE;
    }

    /** Answers Socket.IO's ping after setup; true when the frame was a protocol frame and nothing else. */
    boolean keepAlive(WebSocket socket, Buffer frame) {
        if (this == SOCKETIO && frame.length() == 1 && frame.getByte(0) == '2') {
            socket.writeTextMessage("3");
            return true;
        }
        return false;
    }
}
