package io.tradewire.model;

/**
 * Every event-bus address in Tradewire, declared once. A string literal address anywhere else is a bug.
 */
public final class Addresses {
    /**
     * Domain events from venues and brokers, consumed by the notifier: an {@link io.tradewire.model.event.Event}, or an
     * {@link io.tradewire.model.event.EventBatch} of one command's events in order (read both with
     * {@link io.tradewire.model.event.EventBatch#forEach}).
     */
    public static final String EVENTS = "events";
    /**
     * Request/reply family: a stream's current state ({@code SnapshotRequest} → {@code Snapshot}), answered by the
     * notifier that owns the stream's partition on {@link #notifierSnapshot(String)}. The bare name is the family's
     * label in metrics; nothing listens on it.
     */
    public static final String NOTIFIER_SNAPSHOT = "notifier.snapshot";
    /**
     * Request/reply family: the messages of a stream after a position, from the owning notifier's bounded history
     * ({@code HistoryRequest} → {@code History}) on {@link #notifierHistory(String)}. The bare name is the family's
     * label in metrics; nothing listens on it.
     */
    public static final String NOTIFIER_HISTORY = "notifier.history";
    /**
     * Published by each notifier: the epochs of the partitions it owns ({@code PartitionEpochs}), when it gains some
     * and every beacon interval; every gateway listens.
     */
    public static final String NOTIFIER_EPOCHS = "notifier.epochs";
    /**
     * Request/reply of the algorithmic execution engine: master orders ({@code CreateMasterOrder},
     * {@code MasterOrderAction}, {@code QueryMasterOrders}, {@code QueryAlgoFills}).
     */
    public static final String ALGO = "algo";

    private static final String MATCHING_PREFIX = "matching.";
    private static final String BROKER_PREFIX = "broker.";
    private static final String PUSH_PREFIX = "push.";

    private Addresses() {
    }

    /** Where the owner of a stream's partition answers snapshot requests: {@code notifier.snapshot.<partition>}. */
    public static String notifierSnapshot(String streamKey) {
        return notifierSnapshot(StreamPartitions.of(streamKey));
    }

    /** The snapshot address of a partition ({@link StreamPartitions}): {@code notifier.snapshot.<partition>}. */
    public static String notifierSnapshot(int partition) {
        return NOTIFIER_SNAPSHOT + "." + partition;
    }

    /** Where the owner of a stream's partition answers history requests: {@code notifier.history.<partition>}. */
    public static String notifierHistory(String streamKey) {
        return notifierHistory(StreamPartitions.of(streamKey));
    }

    /** The history address of a partition ({@link StreamPartitions}): {@code notifier.history.<partition>}. */
    public static String notifierHistory(int partition) {
        return NOTIFIER_HISTORY + "." + partition;
    }

    /** Request/reply address of a venue's command handler: {@code matching.<venue>}. */
    public static String matching(String venue) {
        return MATCHING_PREFIX + venue;
    }

    /** Request/reply address of a broker adapter: {@code broker.<broker>}. */
    public static String broker(String broker) {
        return BROKER_PREFIX + broker;
    }

    /**
     * Where the notifier publishes a stream's messages ({@code Push}) and, after a quiet moment, the stream's latest
     * sequence number ({@code StreamHead}): {@code push.<stream key>}.
     */
    public static String push(String streamKey) {
        return PUSH_PREFIX + streamKey;
    }
}
