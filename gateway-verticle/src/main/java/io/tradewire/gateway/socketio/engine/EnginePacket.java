package io.tradewire.gateway.socketio.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Engine.IO 4 packets as text: one type digit and its data ({@code 4hello}); over HTTP long-polling
 * several travel in one body, separated by the record separator {@code \x1e}. Binary packets
 * ({@code b<base64>}) are recognised so they can be refused.
 */
public final class EnginePacket {
    public static final char OPEN = '0';
    public static final char CLOSE = '1';
    public static final char PING = '2';
    public static final char PONG = '3';
    public static final char MESSAGE = '4';
    public static final char UPGRADE = '5';
    public static final char NOOP = '6';
    public static final char BINARY = 'b';
    public static final char SEPARATOR = '\u001e';

    private EnginePacket() {
    }

    /** Splits a long-polling body into its packets (an empty body is no packet). */
    public static List<String> decodePayload(String body) {
        List<String> packets = new ArrayList<>();
        if (body.isEmpty()) {
            return packets;
        }
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            if (i == body.length() || body.charAt(i) == SEPARATOR) {
                packets.add(body.substring(start, i));
                start = i + 1;
            }
        }
        return packets;
    }

    /** Joins packets into one long-polling body. */
    public static String encodePayload(List<String> packets) {
        return String.join(String.valueOf(SEPARATOR), packets);
    }
}
