package io.tradewire.model;

/** Whether an order opens a new position or closes an existing one (futures-style books). */
public enum Offset {
    OPEN,
    CLOSE
}
