package io.tradewire.model.command;

/**
 * The user's positions, all of them or one instrument's. Reply: {@link io.tradewire.model.view.PositionList}.
 *
 * @param instrument a symbol, or null for every position
 */
public record QueryPositions(String userId, String instrument) implements Command {
}
