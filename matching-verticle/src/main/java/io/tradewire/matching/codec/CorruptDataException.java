package io.tradewire.matching.codec;

/** Bytes that do not decode: a damaged file, or one written by an incompatible version. */
public final class CorruptDataException extends Exception {
    public CorruptDataException(String message) {
        super(message);
    }
}
