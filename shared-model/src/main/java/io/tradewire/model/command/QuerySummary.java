package io.tradewire.model.command;

/** The overview of a region's instruments (public). Reply: {@link io.tradewire.model.event.MarketSummary}. */
public record QuerySummary(String region) implements Command {
    @Override
    public String userId() {
        return null;
    }
}
