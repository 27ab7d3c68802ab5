package io.tradewire.model.event;

/**
 * The latest sequence number of a stream, published by the notifier on {@code push.<stream>} shortly after the
 * stream's last messages ({@code notifier.beacon-interval}). A message lost on the bus is noticed when the next one
 * arrives with a higher number; this notices a lost <em>last</em> message too, within one interval.
 */
public record StreamHead(String stream, long epoch, long seq) {
}
