package io.tradewire.model.view;

import java.math.BigDecimal;

/** One aggregated price level of a book. */
public record BookLevel(BigDecimal price, BigDecimal quantity, int orderCount) {
}
