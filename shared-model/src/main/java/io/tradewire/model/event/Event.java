package io.tradewire.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A domain event published by a venue or a broker adapter on {@link io.tradewire.model.Addresses#EVENTS}.
 * The notifier maps each event to its stream keys.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OrderUpdated.class, name = "order"),
    @JsonSubTypes.Type(value = TradeExecuted.class, name = "trade"),
    @JsonSubTypes.Type(value = AccountChanged.class, name = "account"),
    @JsonSubTypes.Type(value = PositionChanged.class, name = "position"),
    @JsonSubTypes.Type(value = BookChanged.class, name = "book"),
    @JsonSubTypes.Type(value = Tick.class, name = "tick"),
    @JsonSubTypes.Type(value = BarUpdated.class, name = "bar"),
    @JsonSubTypes.Type(value = MarketSummary.class, name = "summary"),
    @JsonSubTypes.Type(value = BrokerNotice.class, name = "broker-notice"),
    @JsonSubTypes.Type(value = MasterOrderUpdated.class, name = "master-order"),
    @JsonSubTypes.Type(value = AlgoOrderUpdated.class, name = "algo-order"),
})
public sealed interface Event permits OrderUpdated, TradeExecuted, AccountChanged, PositionChanged, BookChanged, Tick,
        BarUpdated, MarketSummary, BrokerNotice, MasterOrderUpdated, AlgoOrderUpdated {
}
