package io.tradewire.matching.engine;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a {@link Venue} treats accounts, orders and market data.
 *
 * @param autoOpenAccounts          an unknown user gets an account with {@code startingBalance} on first use; otherwise
 *                                  1003 (until a deposit opens the account)
 * @param startingBalance           balance of an auto-opened account (not negative)
 * @param currency                  the settlement currency of every account
 * @param bookDepth                 levels per side in {@code BookChanged} events (1..1000)
 * @param selfTradePrevention       what happens when an order would trade with the same user's resting order
 * @param clientOrderIdWindowMillis how long after its order finished a client order id still counts as a duplicate
 *                                  (0..{@link #MAX_CLIENT_ORDER_ID_WINDOW_MILLIS}; while the order works it always does)
 * @param finishedOrderRetentionMillis how long a finished order stays queryable (at least the client order id window,
 *                                  at most {@link #MAX_FINISHED_ORDER_RETENTION_MILLIS})
 * @param maxFinishedOrders         how many finished orders are kept at most (the oldest are forgotten first, even inside
 *                                  the retention; 0..{@link #MAX_FINISHED_ORDERS})
 */
public record VenueSettings(boolean autoOpenAccounts, BigDecimal startingBalance, String currency, int bookDepth,
        SelfTradePrevention selfTradePrevention, long clientOrderIdWindowMillis, long finishedOrderRetentionMillis,
        int maxFinishedOrders) {
    public static final int MAX_BOOK_DEPTH = 1000;
    /** 24 hours: a client that retries an order within a day never places it twice. */
    public static final long DEFAULT_CLIENT_ORDER_ID_WINDOW_MILLIS = 24L * 60 * 60 * 1000;
    /** 30 days. */
    public static final long MAX_CLIENT_ORDER_ID_WINDOW_MILLIS = 30L * 24 * 60 * 60 * 1000;
    /** 24 hours, like the client order id window. */
    public static final long DEFAULT_FINISHED_ORDER_RETENTION_MILLIS = DEFAULT_CLIENT_ORDER_ID_WINDOW_MILLIS;
    /** 30 days. */
    public static final long MAX_FINISHED_ORDER_RETENTION_MILLIS = MAX_CLIENT_ORDER_ID_WINDOW_MILLIS;
    /** Roughly 50 MB of finished orders (about 250 bytes each: the order, its id and its index entries). */
    public static final int DEFAULT_MAX_FINISHED_ORDERS = 200_000;
    public static final int MAX_FINISHED_ORDERS = 100_000_000;

    public VenueSettings {
        Objects.requireNonNull(startingBalance, "startingBalance");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(selfTradePrevention, "selfTradePrevention");
        if (startingBalance.signum() < 0) {
            throw new IllegalArgumentException("starting balance must not be negative");
        }
        if (bookDepth < 1 || bookDepth > MAX_BOOK_DEPTH) {
            throw new IllegalArgumentException("book depth must be between 1 and " + MAX_BOOK_DEPTH);
        }
        if (clientOrderIdWindowMillis < 0 || clientOrderIdWindowMillis > MAX_CLIENT_ORDER_ID_WINDOW_MILLIS) {
            throw new IllegalArgumentException("client order id window must be between 0 and 30 days");
        }
        if (finishedOrderRetentionMillis < clientOrderIdWindowMillis || finishedOrderRetentionMillis > MAX_FINISHED_ORDER_RETENTION_MILLIS) {
            throw new IllegalArgumentException("finished order retention must be between the client order id window and 30 days");
        }
        if (maxFinishedOrders < 0 || maxFinishedOrders > MAX_FINISHED_ORDERS) {
            throw new IllegalArgumentException("the maximum of finished orders must be between 0 and " + MAX_FINISHED_ORDERS);
        }
    }

    /** Finished orders kept for the default retention and up to the default maximum. */
    public VenueSettings(boolean autoOpenAccounts, BigDecimal startingBalance, String currency, int bookDepth,
            SelfTradePrevention selfTradePrevention, long clientOrderIdWindowMillis) {
        this(autoOpenAccounts, startingBalance, currency, bookDepth, selfTradePrevention, clientOrderIdWindowMillis,
                Math.max(DEFAULT_FINISHED_ORDER_RETENTION_MILLIS, clientOrderIdWindowMillis), DEFAULT_MAX_FINISHED_ORDERS);
    }

    /** Self-trade prevention {@code cancel-newest} and a 24-hour client order id window. */
    public VenueSettings(boolean autoOpenAccounts, BigDecimal startingBalance, String currency, int bookDepth) {
        this(autoOpenAccounts, startingBalance, currency, bookDepth, SelfTradePrevention.CANCEL_NEWEST,
                DEFAULT_CLIENT_ORDER_ID_WINDOW_MILLIS);
    }
}
