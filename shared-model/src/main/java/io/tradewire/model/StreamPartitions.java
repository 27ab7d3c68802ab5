package io.tradewire.model;

/**
 * Which notifier partition a stream belongs to. Streams are grouped by an <em>ownership key</em> so that what must be
 * sequenced together stays on one notifier: every stream of a user ({@code user.<uid>.*}: the user clock orders
 * them) has the key {@code user.<uid>}, every stream of a market subject ({@code market.<symbol>.*}, its bars and,
 * for a region, its summary) the key {@code market.<subject>}, and anything else is its own key. A key maps to one
 * of {@link #COUNT} partitions through {@link String#hashCode} (specified by the Java language, so the same on every
 * JVM) and a fixed bit mixer; gateways and notifiers compute it alike to find a stream's owner.
 */
public final class StreamPartitions {
    /** Partitions of the stream space; a power of two, the same on every node of a mesh. */
    public static final int COUNT = 64;

    private static final String USER_PREFIX = "user.";
    private static final String MARKET_PREFIX = "market.";

    private StreamPartitions() {
    }

    /** The partition of a stream key (any string: an unknown shape is its own ownership key). */
    public static int of(String stream) {
        int end = keyEnd(stream);
        int hash = 0;
        for (int i = 0; i < end; i++) {
            hash = 31 * hash + stream.charAt(i); // ownershipKey(stream).hashCode(), without the substring
        }
        return mix(hash) & (COUNT - 1);
    }

    /** The ownership key of a stream: {@code user.<uid>}, {@code market.<subject>}, or the stream itself. */
    public static String ownershipKey(String stream) {
        return stream.substring(0, keyEnd(stream));
    }

    /** Where a stream's ownership key ends: after its second segment for user and market streams. */
    private static int keyEnd(String stream) {
        int from;
        if (stream.startsWith(USER_PREFIX)) {
            from = USER_PREFIX.length();
        } else if (stream.startsWith(MARKET_PREFIX)) {
            from = MARKET_PREFIX.length();
        } else {
            return stream.length();
        }
        int dot = stream.indexOf('.', from);
        return dot < 0 ? stream.length() : dot;
    }

    /** MurmurHash3's 32-bit finalizer: spreads keys that differ in a few characters over all partitions. */
    private static int mix(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
