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
 */
public record VenueSettings(boolean autoOpenAccounts, BigDecimal startingBalance, String currency, int bookDepth,
        SelfTradePrevention selfTradePrevention, long clientOrderIdWindowMillis) {
    public static final int MAX_BOOK_DEPTH = 1000;
    /** 24 hours: a client that retries an order within a day never places it twice. */
    public static final long DEFAULT_CLIENT_ORDER_ID_WINDOW_MILLIS = 24L * 60 * 60 * 1000;
    /** 30 days. */
    public static final long MAX_CLIENT_ORDER_ID_WINDOW_MILLIS = 30L * 24 * 60 * 60 * 1000;

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
    }

    /** Self-trade prevention {@code cancel-newest} and a 24-hour client order id window. */
    public VenueSettings(boolean autoOpenAccounts, BigDecimal startingBalance, String currency, int bookDepth) {
        this(autoOpenAccounts, startingBalance, currency, bookDepth, SelfTradePrevention.CANCEL_NEWEST,
                DEFAULT_CLIENT_ORDER_ID_WINDOW_MILLIS);
    }
}
