package io.tradewire.model.event;

/**
 * Asks the notifier for a stream's current state, on {@link io.tradewire.model.Addresses#NOTIFIER_SNAPSHOT}.
 * Reply: {@link Snapshot}.
 */
public record SnapshotRequest(String stream) {
}
