package io.tradewire.gateway.socketio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a client holds after a given event, as the Socket.IO offset of that event (connection state recovery): whose
 * data it is (a tag of the user id), the subscribed types, and a hash of the data of each type's last push. A client
 * that comes back with it gets its subscriptions again and exactly the pushes whose data it lacks, with the data of
 * now: the pushes of this dialect are states, so the missed ones collapse into one per type that changed. Stateless
 * on the server: it survives a gateway restart and works on any gateway.
 *
 * <p>Wire form: {@code "1"} + URL-safe Base64 of: user tag (6 bytes), subscribed types (1 byte, a bit per
 * {@link TradingType}), types pushed at least once (1 byte), then each type's data hash (8 bytes each).
 */
record RecoveryOffset(long userTag, Set<TradingType> types, Set<TradingType> sent, long[] hashes) {
    private static final char VERSION = '1';
    private static final int TAG_BYTES = 6;
    private static final int LENGTH = TAG_BYTES + 2 + 8 * 4;
    /** Longer text is not an offset of ours. */
    static final int MAX_TEXT = 80;

    String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.put(ByteBuffer.allocate(8).putLong(userTag).array(), 8 - TAG_BYTES, TAG_BYTES);
        bytes.put(bits(types)).put(bits(sent));
        for (long hash : hashes) {
            bytes.putLong(hash);
        }
        return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** An offset this dialect wrote, or empty for anything else. */
    static Optional<RecoveryOffset> decode(String text) {
        if (text == null || text.length() > MAX_TEXT || text.isEmpty() || text.charAt(0) != VERSION) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text.substring(1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != LENGTH) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        byte[] tag = new byte[8];
        bytes.get(tag, 8 - TAG_BYTES, TAG_BYTES);
        Set<TradingType> types = types(bytes.get());
        Set<TradingType> sent = types(bytes.get());
        long[] hashes = new long[4];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = bytes.getLong();
        }
        return Optional.of(new RecoveryOffset(ByteBuffer.wrap(tag).getLong(), types, sent, hashes));
    }

    /** The tag of a user id in offsets (48 bits of its SHA-256). */
    static long userTag(String userId) {
        return hash(userId) >>> 16;
    }

    /** The hash of a push's data as the client reads it (64 bits of SHA-256). */
    static long hash(String text) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static byte bits(Set<TradingType> types) {
        int bits = 0;
        for (TradingType type : types) {
            bits |= 1 << type.ordinal();
        }
        return (byte) bits;
    }

    private static Set<TradingType> types(byte bits) {
        Set<TradingType> types = EnumSet.noneOf(TradingType.class);
        for (TradingType type : TradingType.values()) {
            if ((bits & (1 << type.ordinal())) != 0) {
                types.add(type);
            }
        }
        return types;
    }
}
