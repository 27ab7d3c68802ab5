package io.tradewire.model.view;

import java.util.List;

/** Reply to {@link io.tradewire.model.command.QueryPositions}. */
public record PositionList(List<PositionView> positions) {
    public PositionList {
        positions = List.copyOf(positions);
    }
}
