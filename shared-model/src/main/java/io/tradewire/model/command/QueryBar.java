package io.tradewire.model.command;

/**
 * The current bar of an instrument in one interval (public). Reply: {@link io.tradewire.model.event.BarUpdated}
 * for the bucket that contains the venue's clock; when nothing traded in it yet, a flat bar at the last price
 * with volume 0.
 *
 * @param interval a {@link io.tradewire.model.BarInterval} wire name ({@code 1m} … {@code 1M})
 */
public record QueryBar(String instrument, String interval) implements Command {
    @Override
    public String userId() {
        return null;
    }
}
