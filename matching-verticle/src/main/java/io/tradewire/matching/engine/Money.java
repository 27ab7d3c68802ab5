package io.tradewire.matching.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in the venue is {@link BigDecimal}, never {@code double} and never a fixed-point {@code long}.
 *
 * <p>Why: prices and quantities are bounded {@code long} ticks and lots (see {@link Contract}), so the
 * order book never overflows, but money is not bounded the same way: realized PnL of CLOSE against
 * CLOSE trades needs no funds, so balances can grow or shrink without limit, and a {@code long} with a
 * useful scale (8 decimals) would overflow at about 9.2e10. {@code BigDecimal} keeps every amount exact
 * with no overflow to guard, at the price of a few small allocations per fill, which the order book's
 * primitive hot path does not pay.
 *
 * <p>Decided again when the venue's per-command path was made cheaper (bench {@code lob --level venue}): amounts stay
 * {@code BigDecimal} in state, snapshots and views, but the hot arithmetic avoids most of its cost. A tick·lot amount
 * times a per-tick·lot rate (value, margin, fee: {@link Contract}) is one overflow-checked {@code long} product turned
 * into one {@code BigDecimal} of the same value and scale, rounding up to {@link #SCALE} is a {@code long} ceiling
 * division, and {@link #view} strips zeros with {@code long} divisions; values past a {@code long}'s range take the
 * plain {@code BigDecimal} path, so results are identical (ContractArithmeticTest). A scaled {@code long} for account
 * money was not adopted: exact PnL has the scale of tick × lot × multiplier, which is not bounded by {@link #SCALE}
 * (it would need a per-venue scale derived from every instrument, and a refusal of instruments whose values do not
 * fit it), balances still have no bound, and it changes the snapshot body. After the changes above, {@code BigDecimal}
 * code is about a fifth of the venue's CPU per command on LOB-XC (JFR, top frames; mostly the account sums of the funds
 * check and the account view), against about two fifths in the order book and a fifth in hash lookups: the next
 * step if money must get cheaper still, with a snapshot body version bump.
 *
 * <p>Exact amounts: realized and unrealized PnL are exact products of decimals (tick value × ticks ×
 * lots). Held amounts (frozen for working orders, margin for positions) involve the margin rate and are
 * rounded <b>up</b> to {@link #SCALE} decimals, in the venue's favour. Compare amounts with
 * {@code compareTo}: scales differ between exact and held amounts.
 */
public final class Money {
    /** Decimals kept for held (rounded) amounts: enough for crypto settlement currencies. */
    public static final int SCALE = 8;
    /** Decimals of a risk ratio before normalisation. */
    static final int RATIO_SCALE = 8;

    private Money() {
    }

    /** A held amount: exact value rounded up to {@link #SCALE} decimals (amounts are never negative here). */
    public static BigDecimal held(BigDecimal exact) {
        return exact.scale() > SCALE ? exact.setScale(SCALE, RoundingMode.CEILING) : exact;
    }

    /**
     * The amount as views show it: trailing zeros removed, but at least 2 decimals and never a negative
     * scale (so {@code toString()} never switches to exponent notation for large amounts).
     */
    public static BigDecimal view(BigDecimal amount) {
        return atLeast(amount, 2);
    }

    /** Strips trailing zeros but keeps at least {@code minScale} decimals (and a non-negative scale). */
    static BigDecimal atLeast(BigDecimal value, int minScale) {
        if (value.scale() <= minScale) {
            // Stripping could only go below minScale, which is then restored: the same value at minScale.
            return value.setScale(minScale);
        }
        if (value.precision() <= 18) {
            // The unscaled value fits a long: strip zeros down to minScale with long divisions (same result, less garbage).
            long unscaled = value.unscaledValue().longValue();
            int scale = value.scale();
            while (scale > minScale && unscaled % 10 == 0) {
                unscaled /= 10;
                scale--;
            }
            return BigDecimal.valueOf(unscaled, scale);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < minScale ? stripped.setScale(minScale) : stripped;
    }
}
