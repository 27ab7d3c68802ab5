package io.tradewire.model.event;

/**
 * How far a client (or a gateway) has read a stream: the last message it has, by epoch and sequence number
 * ({@code seq} 0: nothing of that epoch yet).
 */
public record StreamPosition(String stream, long epoch, long seq) {
}
