package io.tradewire.model.event;

import io.tradewire.model.view.OrderView;
import java.math.BigDecimal;

/**
 * A child order of a master order changed: placed, filled (partly or fully), cancelled or rejected.
 *
 * @param marketType   the master order's market type ({@code SPOT}, {@code PERP}) as the client gave it
 * @param order        the child as the venue or broker reported it (source {@code ALGO})
 * @param fillQuantity quantity filled by this change, zero when none
 * @param fillPrice    average price of this change's fills, null when none
 * @param fillTime     epoch milliseconds of this change's fills, 0 when none
 */
public record AlgoOrderUpdated(String masterOrderId, String marketType, OrderView order, BigDecimal fillQuantity, BigDecimal fillPrice,
        long fillTime) implements Event {
}
