package io.tradewire.gateway.spi;

import java.util.List;

/**
 * One client protocol dialect: its name, where it listens, and pure translation between its frames
 * and canonical requests / notifications. Found with {@link java.util.ServiceLoader}; adding a dialect
 * means adding a package and one line in {@code META-INF/services/io.tradewire.gateway.spi.DialectCodec}.
 *
 * <p>A codec holds no per-connection state: what a connection needs to remember lives in the
 * {@link SessionView#state()} it is handed. It never blocks and never touches the event bus.
 */
public interface DialectCodec {
    /** Short identifier, also the configuration section {@code gateway.<name>}. */
    String name();

    /** Default path, ping interval and idle timeout; each can be overridden in {@code gateway.<name>}. */
    DialectDefaults defaults();

    /** Called once at gateway start with the dialect's context (instruments, its configuration section). */
    default void configure(DialectContext context) {
    }

    /**
     * Requests implied by the connection itself, handled right after {@link Outbound.Opened} is sent:
     * for example an {@link Inbound.Authenticate} with a token from the URL or the {@code Authorization}
     * header, or subscriptions named in the URL.
     */
    default List<Inbound> onOpen(SessionView session) {
        return List.of();
    }

    /** Streams to subscribe automatically once the session has authenticated. */
    default List<String> streamsAfterAuthentication(SessionView session) {
        return List.of();
    }

    /**
     * Requests to carry out once the session has authenticated, after {@link #streamsAfterAuthentication}: for
     * example the subscriptions of a session the client asked to recover.
     */
    default List<Inbound> afterAuthentication(SessionView session) {
        return List.of();
    }

    /**
     * One text frame in, one canonical request out.
     *
     * @throws DecodeException when the frame is malformed, unsupported or needs a principal the session lacks
     */
    Inbound decode(String frame, SessionView session) throws DecodeException;

    /** One outbound message to zero or more text frames (zero when this session filters it out). */
    List<String> encode(Outbound message, SessionView session);

    /**
     * Whether this codec writes its frames straight to UTF-8 ({@link #encodeUtf8}): sessions then take its frames as
     * bytes, which is what a WebSocket sends, instead of texts they would encode once more.
     */
    default boolean rendersUtf8() {
        return false;
    }

    /**
     * {@link #encode}'s frames as UTF-8 bytes, the same frames byte for byte. By default the texts of {@link #encode},
     * encoded; a codec that {@linkplain #rendersUtf8 renders UTF-8} writes them directly. The arrays are the caller's.
     */
    default List<byte[]> encodeUtf8(Outbound message, SessionView session) {
        List<String> texts = encode(message, session);
        List<byte[]> frames = new java.util.ArrayList<>(texts.size());
        texts.forEach(text -> frames.add(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return frames;
    }

    /**
     * Whether a live stream message renders to the same frames for every session of this dialect (no
     * per-session filter or state involved). When true, a push fanned out to many sessions is encoded
     * once per dialect instead of once per session.
     */
    default boolean encodesAlike(io.tradewire.model.event.Push push) {
        return false;
    }
}
