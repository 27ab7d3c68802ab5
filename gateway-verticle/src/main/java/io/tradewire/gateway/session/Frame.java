package io.tradewire.gateway.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One text message for a client. A push fanned out to many sockets is one {@code Frame} for all of them: its
 * UTF-8 bytes are computed once, by the first socket that needs them, and every other socket writes the same
 * bytes. Event loop only.
 */
public final class Frame {
    private final String text;
    private byte[] utf8;

    public Frame(String text) {
        this.text = text;
    }

    /** Frames of rendered texts, in order (no copy for none or one). */
    public static List<Frame> of(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        if (texts.size() == 1) {
            return List.of(new Frame(texts.get(0)));
        }
        List<Frame> frames = new ArrayList<>(texts.size());
        texts.forEach(text -> frames.add(new Frame(text)));
        return frames;
    }

    public String text() {
        return text;
    }

    /** The UTF-8 encoding of {@link #text()}, computed on first use and shared afterwards (do not modify it). */
    public byte[] utf8() {
        if (utf8 == null) {
            utf8 = text.getBytes(StandardCharsets.UTF_8);
        }
        return utf8;
    }

    /** What the frame counts for against the outbound bounds: its length in characters. */
    int size() {
        return text.length();
    }
}
