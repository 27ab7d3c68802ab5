package io.tradewire.model.event;

/**
 * A message of one stream, as the notifier publishes it on {@code push.<stream>}.
 *
 * <p>{@code (stream, epoch, seq)} names the message: a message replayed from the notifier's history carries the
 * same three values as when it was first published, so a subscriber (or a dialect deriving a message id from them)
 * recognizes a duplicate.
 *
 * @param stream the stream key ({@link io.tradewire.model.StreamKeys})
 * @param epoch  the stream's epoch: changes whenever the history behind the sequence was lost (a notifier restart)
 * @param seq    per-stream sequence number, starting at 1 in each epoch, without gaps
 * @param clock  for a user's private stream, where the user's other streams stood ({@link UserClock}); null for a
 *               public stream
 */
public record Push(String stream, long epoch, long seq, Event event, UserClock clock) {

    /** A push without a user clock (public streams, tests). */
    public Push(String stream, long epoch, long seq, Event event) {
        this(stream, epoch, seq, event, null);
    }
}
