package io.tradewire.model;

/** GTC rests until cancelled; IOC fills what it can and cancels the rest; FOK fills completely or not at all. */
public enum TimeInForce {
    GTC,
    IOC,
    FOK
}
