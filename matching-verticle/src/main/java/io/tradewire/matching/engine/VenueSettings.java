package io.tradewire.matching.engine;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a {@link Venue} treats accounts and market data.
 *
 * @param autoOpenAccounts an unknown user gets an account with {@code startingBalance} on first use; otherwise 1003
 * @param startingBalance  balance of an auto-opened account (not negative)
 * @param currency         the settlement currency of every account
 * @param bookDepth        levels per side in {@code BookChanged} events (1..1000)
 */
public record VenueSettings(boolean autoOpenAccounts, BigDecimal startingBalance, String currency, int bookDepth) {
    public static final int MAX_BOOK_DEPTH = 1000;

    public VenueSettings {
        Objects.requireNonNull(startingBalance, "startingBalance");
        Objects.requireNonNull(currency, "currency");
        if (startingBalance.signum() < 0) {
            throw new IllegalArgumentException("starting balance must not be negative");
        }
        if (bookDepth < 1 || bookDepth > MAX_BOOK_DEPTH) {
            throw new IllegalArgumentException("book depth must be between 1 and " + MAX_BOOK_DEPTH);
        }
    }
}
