package io.tradewire.model.view;

import java.math.BigDecimal;

/**
 * A user's account at one venue.
 *
 * @param balance       deposits + realized PnL − fees
 * @param available     equity (balance + unrealized PnL) − margin − frozen
 * @param frozen        held for resting orders
 * @param margin        held for open positions
 * @param profit        realized + unrealized PnL
 * @param fees          trading fees paid so far (already taken out of the balance)
 * @param riskRatio     margin / equity (0 when flat)
 * @param timestamp     epoch milliseconds
 */
public record AccountView(
        String userId,
        String currency,
        BigDecimal balance,
        BigDecimal available,
        BigDecimal frozen,
        BigDecimal margin,
        BigDecimal profit,
        BigDecimal realizedPnl,
        BigDecimal unrealizedPnl,
        BigDecimal fees,
        BigDecimal riskRatio,
        long timestamp) {

    /** An account that paid no fees. */
    public AccountView(String userId, String currency, BigDecimal balance, BigDecimal available, BigDecimal frozen,
            BigDecimal margin, BigDecimal profit, BigDecimal realizedPnl, BigDecimal unrealizedPnl, BigDecimal riskRatio,
            long timestamp) {
        this(userId, currency, balance, available, frozen, margin, profit, realizedPnl, unrealizedPnl, BigDecimal.ZERO,
                riskRatio, timestamp);
    }
}
