package io.tradewire.model;

import java.util.List;

/**
 * Stream keys are the routing unit between the notifier and the gateways. Dialects map their
 * subscription language onto these keys; the notifier never knows dialects.
 *
 * <pre>
 * user.&lt;uid&gt;.orders | trades | account | positions | algo
 * market.&lt;instrument&gt;.book | trades | ticker
 * market.&lt;instrument&gt;.bar.&lt;interval&gt;     (interval: a BarInterval wire name, 1m … 1M)
 * market.&lt;region&gt;.summary
 * </pre>
 */
public final class StreamKeys {
    /** User ids and symbols become key segments, so they may not contain dots or other separators. */
    public static final String SEGMENT = "[A-Za-z0-9_\\-]{1,64}";
    /** The kinds of a user's private streams, in the order of a {@link io.tradewire.model.event.UserClock}. */
    public static final List<String> USER_KINDS = List.of("orders", "trades", "account", "positions");

    private StreamKeys() {
    }

    public static boolean isValidSegment(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true; // what SEGMENT matches, without a regex on every command
    }

    public static String userOrders(String userId) {
        return user(userId, "orders");
    }

    public static String userTrades(String userId) {
        return user(userId, "trades");
    }

    public static String userAccount(String userId) {
        return user(userId, "account");
    }

    public static String userPositions(String userId) {
        return user(userId, "positions");
    }

    /** A user's master orders and their child orders ({@code MasterOrderUpdated}, {@code AlgoOrderUpdated}). */
    public static String userAlgo(String userId) {
        return user(userId, "algo");
    }

    public static String marketBook(String instrument) {
        return market(instrument, "book");
    }

    public static String marketTrades(String instrument) {
        return market(instrument, "trades");
    }

    public static String marketTicker(String instrument) {
        return market(instrument, "ticker");
    }

    /** {@code market.<instrument>.bar.<interval>}; the interval is a {@link BarInterval} wire name such as {@code 1m}. */
    public static String marketBar(String instrument, String interval) {
        return market(instrument, "bar") + "." + requireSegment(interval);
    }

    /** {@code market.<region>.summary}: the overview of a region's instruments. */
    public static String regionSummary(String region) {
        return market(region, "summary");
    }

    /**
     * A stream key taken apart: {@code user.<uid>.<kind>} or {@code market.<subject>.<kind>[.<detail>]}
     * (subject = instrument or region; detail = bar interval).
     */
    public record Parsed(boolean isPrivate, String subject, String kind, String detail) {
    }

    /** Parses a stream key; null when it is not one. */
    public static Parsed parse(String streamKey) {
        if (streamKey == null) {
            return null;
        }
        String[] parts = streamKey.split("\\.", -1);
        if (parts.length < 3 || parts.length > 4 || !isValidSegment(parts[1])) {
            return null;
        }
        boolean user = parts[0].equals("user");
        if (!user && !parts[0].equals("market") || user && parts.length != 3) {
            return null;
        }
        return new Parsed(user, parts[1], parts[2], parts.length == 4 ? parts[3] : null);
    }

    /** Whether a stream carries one user's private data (and so needs that user as principal). */
    public static boolean isPrivate(String streamKey) {
        return streamKey.startsWith("user.");
    }

    /**
     * The index in {@link #USER_KINDS} of a private stream's kind ({@code user.<uid>.<kind>}); -1 for a public stream or
     * an unknown kind.
     */
    public static int userKindIndex(String streamKey) {
        if (!isPrivate(streamKey)) {
            return -1;
        }
        return USER_KINDS.indexOf(streamKey.substring(streamKey.lastIndexOf('.') + 1));
    }

    /** The owner of a private stream key, or null for a public one. */
    public static String ownerOf(String streamKey) {
        if (!isPrivate(streamKey)) {
            return null;
        }
        int end = streamKey.indexOf('.', 5);
        return end < 0 ? null : streamKey.substring(5, end);
    }

    private static String user(String userId, String kind) {
        return "user." + requireSegment(userId) + "." + kind;
    }

    private static String market(String instrument, String kind) {
        return "market." + requireSegment(instrument) + "." + kind;
    }

    private static String requireSegment(String segment) {
        if (!isValidSegment(segment)) {
            throw new IllegalArgumentException("not a valid stream key segment: " + segment);
        }
        return segment;
    }
}
