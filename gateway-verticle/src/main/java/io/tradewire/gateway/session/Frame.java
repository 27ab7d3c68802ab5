package io.tradewire.gateway.session;

import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One text message for a client, held as its text, its UTF-8 bytes or both. A push fanned out to many sockets is one
 * {@code Frame} for all of them: its UTF-8 bytes are computed once, by the first socket that needs them, and every
 * other socket writes the same bytes. A codec that {@linkplain DialectCodec#rendersUtf8 renders UTF-8} hands over
 * bytes, and its frames are only decoded for a transport that wants text. Event loop only.
 */
public final class Frame {
    private String text;
    private byte[] utf8;
    /** {@link #size()}, once known (-1 before). */
    private int size = -1;

    public Frame(String text) {
        this.text = text;
    }

    private Frame(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** A frame of UTF-8 bytes (kept, not copied: do not modify them afterwards). */
    public static Frame ofUtf8(byte[] utf8) {
        return new Frame(utf8);
    }

    /** Frames of rendered texts, in order (no copy for none or one). */
    public static List<Frame> of(List<String> texts) {
        return frames(texts, Frame::new);
    }

    /** A message rendered by a session's codec: as bytes when the codec writes UTF-8 itself, else as texts. */
    static List<Frame> render(DialectCodec codec, Outbound message, SessionView session) {
        return codec.rendersUtf8() ? frames(codec.encodeUtf8(message, session), Frame::new)
                : of(codec.encode(message, session));
    }

    /** One frame per rendered piece, in order, with no list built for none or one (the common cases). */
    private static <T> List<Frame> frames(List<T> rendered, Function<T, Frame> frame) {
        if (rendered.isEmpty()) {
            return List.of();
        }
        if (rendered.size() == 1) {
            return List.of(frame.apply(rendered.get(0)));
        }
        List<Frame> frames = new ArrayList<>(rendered.size());
        rendered.forEach(piece -> frames.add(frame.apply(piece)));
        return frames;
    }

    public String text() {
        if (text == null) {
            text = new String(utf8, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** The UTF-8 encoding of {@link #text()}, computed on first use and shared afterwards (do not modify it). */
    public byte[] utf8() {
        if (utf8 == null) {
            utf8 = text.getBytes(StandardCharsets.UTF_8);
        }
        return utf8;
    }

    /**
     * What the frame counts for against the outbound bounds: its length in characters ({@link String#length()} of
     * its text), counted from its bytes when it has no text.
     */
    int size() {
        if (size < 0) {
            size = text != null ? text.length() : utf16Length(utf8);
        }
        return size;
    }

    /** The number of UTF-16 chars the UTF-8 bytes decode to: one per character, two for one beyond the BMP. */
    static int utf16Length(byte[] utf8) {
        int length = 0;
        for (byte b : utf8) {
            if ((b & 0xC0) != 0x80) {
                length += (b & 0xF8) == 0xF0 ? 2 : 1; // a lead byte of 4 bytes starts a surrogate pair
            }
        }
        return length;
    }
}
