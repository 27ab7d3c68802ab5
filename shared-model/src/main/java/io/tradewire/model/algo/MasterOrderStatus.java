package io.tradewire.model.algo;

/** Life cycle of a master order: NEW → PROCESSING (↔ PAUSED) → COMPLETED | CANCELLED | REJECTED | EXPIRED. */
public enum MasterOrderStatus {
    NEW,
    PROCESSING,
    PAUSED,
    COMPLETED,
    CANCELLED,
    REJECTED,
    /** The duration ended before the whole quantity could be filled (liquidity ran out, or the worst price held it back). */
    EXPIRED;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == REJECTED || this == EXPIRED;
    }
}
