package io.tradewire.model.event;

import io.tradewire.model.view.SummaryItem;
import java.util.List;

/**
 * An overview of one region's instruments ({@code market.<region>.summary}), published periodically by a venue
 * and in reply to {@link io.tradewire.model.command.QuerySummary}.
 *
 * @param region    the instruments' region, e.g. {@code US}
 * @param items     one per instrument of the region, in configuration order
 * @param timestamp epoch milliseconds
 */
public record MarketSummary(String region, List<SummaryItem> items, long timestamp) implements Event {
    public MarketSummary {
        items = List.copyOf(items);
    }
}
