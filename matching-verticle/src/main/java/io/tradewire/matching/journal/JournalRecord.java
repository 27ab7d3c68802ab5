package io.tradewire.matching.journal;

/**
 * One good journal record.
 *
 * @param sequence  its position in the journal (1, 2, 3 … with no gap)
 * @param timestamp the epoch milliseconds the venue executed the command at
 * @param payload   the encoded command ({@link CommandCodec})
 */
public record JournalRecord(long sequence, long timestamp, byte[] payload) {
}
