package io.tradewire.model.event;

/**
 * A message of one stream, as the notifier publishes it on {@code push.<stream>}.
 *
 * @param stream the stream key ({@link io.tradewire.model.StreamKeys})
 * @param epoch  the stream's epoch: changes whenever the history behind the sequence was lost
 * @param seq    per-stream sequence number, starting at 1 in each epoch, without gaps
 */
public record Push(String stream, long epoch, long seq, Event event) {
}
