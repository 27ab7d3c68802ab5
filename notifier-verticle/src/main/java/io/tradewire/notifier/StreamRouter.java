package io.tradewire.notifier;

import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.BrokerNotice;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import java.util.List;

/** Maps a domain event to the stream keys it belongs to. Knows no dialect. */
public final class StreamRouter {
    private StreamRouter() {
    }

    public static List<String> streamsOf(Event event) {
        if (event instanceof OrderUpdated e) {
            return List.of(StreamKeys.userOrders(e.order().userId()));
        } else if (event instanceof TradeExecuted e) {
            return List.of(StreamKeys.userTrades(e.userId()));
        } else if (event instanceof AccountChanged e) {
            return List.of(StreamKeys.userAccount(e.account().userId()));
        } else if (event instanceof PositionChanged e) {
            return List.of(StreamKeys.userPositions(e.position().userId()));
        } else if (event instanceof BookChanged e) {
            return List.of(StreamKeys.marketBook(e.instrument()));
        } else if (event instanceof Tick e) {
            return List.of(StreamKeys.marketTicker(e.instrument()), StreamKeys.marketTrades(e.instrument()));
        } else if (event instanceof BarUpdated e) {
            return List.of(StreamKeys.marketBar(e.instrument(), e.interval()));
        } else if (event instanceof BrokerNotice e) {
            return List.of(StreamKeys.userOrders(e.userId()));
        } else if (event instanceof MarketSummary e) {
            return List.of(StreamKeys.regionSummary(e.region()));
        } else if (event instanceof MasterOrderUpdated e) {
            return List.of(StreamKeys.userAlgo(e.master().userId()));
        } else if (event instanceof AlgoOrderUpdated e) {
            return List.of(StreamKeys.userAlgo(e.order().userId()));
        }
        throw new IllegalArgumentException("no stream for " + event.getClass().getSimpleName());
    }
}
