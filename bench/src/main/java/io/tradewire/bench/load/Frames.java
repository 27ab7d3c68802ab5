package io.tradewire.bench.load;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level reading of received frames, so that the load generator does not parse JSON on the hot path:
 * every frame of the exchange dialect starts with its {@code type}, and the latency stamp is the number
 * after {@code "timestamp":}.
 */
final class Frames {
    private static final byte[] TIMESTAMP = bytes("\"timestamp\":");

    private Frames() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The non-negative integer after {@code "timestamp":}, or -1 when the frame has none. */
    static long timestamp(Buffer frame) {
        int at = indexOf(frame, TIMESTAMP, 0);
        if (at < 0) {
            return -1;
        }
        int i = at + TIMESTAMP.length;
        int length = frame.length();
        long value = 0;
        int digits = 0;
        while (i < length) {
            byte b = frame.getByte(i++);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            if (++digits > 18) {
                return -1;
            }
        }
        return digits == 0 ? -1 : value;
    }

    static boolean startsWith(Buffer frame, byte[] prefix) {
        if (frame.length() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame.getByte(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean contains(Buffer frame, byte[] needle) {
        return indexOf(frame, needle, 0) >= 0;
    }

    static int indexOf(Buffer frame, byte[] needle, int from) {
        int last = frame.length() - needle.length;
        byte first = needle[0];
        outer:
        for (int i = from; i <= last; i++) {
            if (frame.getByte(i) != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (frame.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
