package io.tradewire.model.view;

import java.math.BigDecimal;

/**
 * A user's position in one instrument. Long and short sides are kept apart (OPEN / CLOSE offsets);
 * averages are null when that side is flat.
 */
public record PositionView(
        String userId,
        String instrument,
        BigDecimal longQuantity,
        BigDecimal longAvgPrice,
        BigDecimal shortQuantity,
        BigDecimal shortAvgPrice,
        BigDecimal margin,
        BigDecimal realizedPnl,
        BigDecimal unrealizedPnl,
        BigDecimal markPrice,
        long timestamp) {
}
