package io.tradewire.model.event;

import io.tradewire.model.view.PositionView;

/** A position changed after a fill. */
public record PositionChanged(PositionView position) implements Event {
}
