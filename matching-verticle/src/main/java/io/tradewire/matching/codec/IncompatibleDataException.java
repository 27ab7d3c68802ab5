package io.tradewire.matching.codec;

/**
 * Intact data that this venue must not use: it was written by a venue with another name, currency,
 * account settings or instrument definitions than the configuration now says, or by a newer format
 * version. Unlike damage, this never makes recovery skip or truncate anything: the venue refuses to start.
 */
public final class IncompatibleDataException extends Exception {
    public IncompatibleDataException(String message) {
        super(message);
    }
}
