package io.tradewire.model.event;

/**
 * Asks the notifier for the messages of a stream after a position, on
 * {@link io.tradewire.model.Addresses#NOTIFIER_HISTORY}. Reply: {@link History}.
 *
 * @param afterSeq the last message the asker has (in {@code epoch})
 * @param upToSeq  the last message wanted; {@link Long#MAX_VALUE} for everything up to the latest. A smaller bound
 *                 that the stream has not reached yet cannot be answered ({@code recovered} false)
 */
public record HistoryRequest(String stream, long epoch, long afterSeq, long upToSeq) {

    /** Everything after a position, up to the latest message. */
    public static HistoryRequest after(StreamPosition position) {
        return new HistoryRequest(position.stream(), position.epoch(), position.seq(), Long.MAX_VALUE);
    }

    /** Nothing but the stream's current epoch and latest sequence number (the reply's {@code epoch} and {@code lastSeq}). */
    public static HistoryRequest head(String stream) {
        return new HistoryRequest(stream, 0, 0, 0);
    }
}
