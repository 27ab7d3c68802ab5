package io.tradewire.gateway.session;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Push;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames of one session that its socket could not take yet, in the order they were sent, bounded by
 * {@link OutboundLimits#maxMessages()} and {@link OutboundLimits#maxBytes()}.
 *
 * <p>Conflation: a frame offered with a conflation key (a state stream: {@link Conflation}) supersedes the
 * frame of the same key still waiting. The superseded frame is dropped and the new one joins the back of the
 * queue, so the client never sees a state before a message that was sent ahead of it (a fill, then the account
 * it changed). A client that falls behind on state streams only therefore holds one frame per key, however long
 * it stays behind. Plain Java; event loop only.
 */
final class OutboundQueue {
    /** What became of an offered frame. */
    enum Offer {
        /** Waiting at the back of the queue. */
        QUEUED,
        /** Waiting at the back of the queue; the older frame of its key was dropped. */
        CONFLATED,
        /** Waiting, but the queue is now past one of its bounds: the session must be closed. */
        OVERFLOW
    }

    private static final class Entry {
        final Frame frame;
        final String key;
        boolean superseded;

        Entry(Frame frame, String key) {
            this.frame = frame;
            this.key = key;
        }
    }

    private final OutboundLimits limits;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Entry> latest = new HashMap<>();
    private int messages;
    private long bytes;
    private int superseded;

    OutboundQueue(OutboundLimits limits) {
        this.limits = limits;
    }

    /**
     * How a stream's pushes conflate, worked out once per stream from its key. State streams — a book
     * ({@code market.<i>.book}), an account ({@code user.<u>.account}) and positions ({@code user.<u>.positions}, one key
     * per instrument) — carry the whole current state in each message; every message of any other stream matters.
     * Snapshot messages are written without a key (they never conflate): together they are one state.
     */
    enum Conflation {
        /** Every message matters: no key. */
        NONE,
        /** Each message supersedes the one before: the key is the stream. */
        STREAM,
        /** Positions: a message supersedes the one before of its instrument. */
        PER_INSTRUMENT;

        static Conflation of(String stream) {
            StreamKeys.Parsed parsed = StreamKeys.parse(stream);
            if (parsed == null || parsed.detail() != null) {
                return NONE;
            }
            return switch (parsed.kind()) {
                case "book", "account" -> STREAM;
                case "positions" -> PER_INSTRUMENT;
                default -> NONE;
            };
        }

        /** The key under which a push of a stream of this kind conflates, or null when it does not. */
        String key(Push push) {
            return switch (this) {
                case NONE -> null;
                case STREAM -> push.stream();
                case PER_INSTRUMENT -> push.event() instanceof PositionChanged changed
                        ? push.stream() + '/' + changed.position().instrument() : null;
            };
        }
    }

    /** The key under which a push's frames conflate ({@link Conflation}), or null when every message of its stream matters. */
    static String conflationKey(Push push) {
        return Conflation.of(push.stream()).key(push);
    }

    /** Appends a frame; with a key, the frame of that key still waiting is dropped. */
    Offer offer(Frame frame, String key) {
        Offer outcome = Offer.QUEUED;
        Entry entry = new Entry(frame, key);
        if (key != null) {
            Entry previous = latest.put(key, entry);
            if (previous != null) {
                previous.superseded = true;
                superseded++;
                messages--;
                bytes -= previous.frame.size();
                outcome = Offer.CONFLATED;
            }
        }
        entries.add(entry);
        messages++;
        bytes += frame.size();
        if (superseded > 64 && superseded > messages) {
            entries.removeIf(waiting -> waiting.superseded);
            superseded = 0;
        }
        return messages > limits.maxMessages() || bytes > limits.maxBytes() ? Offer.OVERFLOW : outcome;
    }

    /** The oldest frame still wanted, removed from the queue; null when none waits. */
    Frame poll() {
        Entry entry;
        while ((entry = entries.poll()) != null) {
            if (entry.superseded) {
                superseded--;
                continue;
            }
            if (entry.key != null) {
                latest.remove(entry.key, entry);
            }
            messages--;
            bytes -= entry.frame.size();
            return entry.frame;
        }
        return null;
    }

    /** Drops everything; returns how many frames were still wanted. */
    int clear() {
        int dropped = messages;
        entries.clear();
        latest.clear();
        messages = 0;
        bytes = 0;
        superseded = 0;
        return dropped;
    }

    boolean isEmpty() {
        return messages == 0;
    }

    /** Frames waiting (superseded ones not counted). */
    int messages() {
        return messages;
    }

    /** Characters waiting (superseded frames not counted). */
    long bytes() {
        return bytes;
    }
}
