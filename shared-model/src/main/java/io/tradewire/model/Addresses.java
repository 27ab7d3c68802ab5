package io.tradewire.model;

/**
 * Every event-bus address in Tradewire, declared once. A string literal address anywhere else is a bug.
 */
public final class Addresses {
    /** Domain events from venues and brokers ({@link io.tradewire.model.event.Event}), consumed by the notifier. */
    public static final String EVENTS = "events";
    /** Request/reply: a stream's current state ({@code SnapshotRequest} → {@code Snapshot}). */
    public static final String NOTIFIER_SNAPSHOT = "notifier.snapshot";
    /**
     * Request/reply: the messages of a stream after a position, from the notifier's bounded history
     * ({@code HistoryRequest} → {@code History}).
     */
    public static final String NOTIFIER_HISTORY = "notifier.history";
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
