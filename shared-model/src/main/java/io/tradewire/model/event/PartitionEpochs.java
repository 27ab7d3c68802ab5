package io.tradewire.model.event;

import java.util.Map;

/**
 * The epochs of the stream partitions a notifier owns, by partition ({@code StreamPartitions}), published on
 * {@code notifier.epochs} when it gains partitions and again every beacon interval. A gateway that follows a stream
 * of a partition whose epoch is no longer the one it delivered resyncs the stream: so a partition that moved is
 * noticed even by a stream whose messages of the ownerless moment were lost and that has no new one.
 */
public record PartitionEpochs(Map<Integer, Long> epochs) {
    public PartitionEpochs {
        epochs = Map.copyOf(epochs);
    }
}
